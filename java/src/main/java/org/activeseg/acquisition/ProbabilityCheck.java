package org.activeseg.acquisition;

import java.util.Arrays;
import org.activeseg.tensor.FloatTensor;

/**
 * The public API's check of probabilities (DESIGN.md "Data model"), shared by every entry point
 * (.npy files, streamed frames): every value finite and non-negative, and each pixel's classes summing
 * to 1 within a tolerance, per MC sample.
 */
public final class ProbabilityCheck {
    private ProbabilityCheck() {
    }

    /**
     * The first violation in {@code p}, (T, C, P) with P = width * height, as text naming the pixel
     * (x, y), the class or sample and the value; null when there is none.
     */
    public static String firstViolation(FloatTensor p, int width, double tolerance) {
        int t = (int) p.dim(0), c = (int) p.dim(1), n = (int) p.dim(2);
        float[] plane = new float[n];
        double[] sum = new double[n];
        for (int d = 0; d < t; d++) {
            Arrays.fill(sum, 0);
            for (int k = 0; k < c; k++) {
                p.copyTo(((long) d * c + k) * n, plane, 0, n);
                for (int i = 0; i < n; i++) {
                    float v = plane[i];
                    if (!(v >= 0) || Float.isInfinite(v)) {
                        return "probability " + v + " at pixel (x=" + i % width + ", y=" + i / width
                                + "), class " + k + ", sample " + d + " (must be finite and >= 0)";
                    }
                    sum[i] += v;
                }
            }
            for (int i = 0; i < n; i++) {
                if (Math.abs(sum[i] - 1) > tolerance) {
                    return "probabilities at pixel (x=" + i % width + ", y=" + i / width + "), sample "
                            + d + " sum to " + sum[i] + ", not 1 (tolerance " + tolerance + "; pass probabilities, not logits)";
                }
            }
        }
        return null;
    }
}
