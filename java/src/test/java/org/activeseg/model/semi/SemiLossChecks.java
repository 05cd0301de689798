package org.activeseg.model.semi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.activeseg.model.Tensor4;

/** Test tensors and the central-difference check shared by the semi-supervised loss tests. */
final class SemiLossChecks {
    private SemiLossChecks() {}

    /** (n, c, h, w) with Gaussian entries of standard deviation {@code scale}. */
    static Tensor4 gaussian(SplittableRandom r, int n, int c, int h, int w, double scale) {
        float[] z = new float[n * c * h * w];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (scale * r.nextGaussian());
        }
        return new Tensor4(n, c, h, w, z);
    }

    /**
     * Central differences (step 1e-2, losses in double) of {@code loss} against {@code grad} at every entry of
     * {@code z}, within 2e-4 + {@code relative} x |numeric|. Returns how many numeric gradients are not zero.
     */
    static int assertCentralDifferences(Tensor4 z, Tensor4 grad, ToDoubleFunction<Tensor4> loss, double relative,
                                        String what) {
        float[] v = z.data();
        int nonZero = 0;
        for (int i = 0; i < v.length; i++) {
            float keep = v[i];
            float step = 1e-2f;
            v[i] = keep + step;
            double up = loss.applyAsDouble(z);
            v[i] = keep - step;
            double down = loss.applyAsDouble(z);
            v[i] = keep;
            double numeric = (up - down) / (2.0 * step);
            assertEquals(numeric, grad.data()[i], 2e-4 + relative * Math.abs(numeric), what + ": gradient at " + i);
            nonZero += numeric != 0 ? 1 : 0;
        }
        return nonZero;
    }
}
