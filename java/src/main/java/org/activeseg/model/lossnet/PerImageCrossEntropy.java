package org.activeseg.model.lossnet;

import java.util.stream.IntStream;
import org.activeseg.model.Tensor4;
import org.activeseg.model.layers.SoftmaxCrossEntropy;

/**
 * The true per-image loss that Learning Loss's module learns to predict (ALGORITHMS.md 4(a), the
 * reference's {@code CrossEntropyLoss(reduction='none')} per sample), for segmentation: the mean
 * softmax cross-entropy over the counted pixels of each image,
 * {@code l_n = (1/|P_n|) sum_{p in P_n} (logsumexp(z_p) - z_p[y_p])}, where P_n are the pixels of
 * image n whose label is not {@code ignore}. This is torch's
 * {@code F.cross_entropy(logits, labels, ignore_index=ignore, reduction='none')} averaged per image
 * over the non-ignored pixels. An image without a counted pixel gets 0 (torch's 0/0 would be NaN).
 * Values only: the targets carry no gradient. Sums run in double, in a fixed order per image row,
 * so the result does not depend on the thread count.
 */
public final class PerImageCrossEntropy {

    private PerImageCrossEntropy() {}

    /**
     * @param logits (N, C, H, W), finite at counted pixels
     * @param labels (N, H, W) row-major, values in 0..C-1 or {@code ignore}
     * @param ignore the label of pixels that are not counted (255 in activeseg)
     * @return the loss of each image, length N
     */
    public static double[] losses(Tensor4 logits, int[] labels, int ignore) {
        if (logits == null || labels == null) {
            throw new IllegalArgumentException("per-image cross-entropy: logits and labels must not be null");
        }
        int n = logits.n(), c = logits.c(), h = logits.h(), w = logits.w();
        if (labels.length != (long) n * h * w) {
            throw new IllegalArgumentException("per-image cross-entropy: " + labels.length + " labels do not match logits of "
                    + "shape " + logits.shapeString() + " (expected N*H*W = " + ((long) n * h * w) + " labels)");
        }
        if (c < 1) {
            throw new IllegalArgumentException("per-image cross-entropy: logits of shape " + logits.shapeString()
                    + " have no classes");
        }
        int plane = h * w;
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            if (y != ignore && (y < 0 || y >= c)) {
                int r = i % plane;
                throw new IllegalArgumentException("per-image cross-entropy: label " + y + " at pixel (n=" + (i / plane)
                        + ", y=" + (r / w) + ", x=" + (r % w) + ") is outside 0.." + (c - 1) + " and is not the ignore label "
                        + ignore);
            }
        }
        float[] z = logits.data();
        double[] rowSum = new double[n * h];
        int[] rowCount = new int[n * h];
        IntStream.range(0, n * h).parallel().forEach(row -> {
            int b = row / h;
            int yy = row % h;
            int zBase = b * c * plane + yy * w;
            double sum = 0;
            int count = 0;
            for (int xx = 0; xx < w; xx++) {
                int label = labels[row * w + xx];
                if (label == ignore) {
                    continue;
                }
                int p = zBase + xx;
                sum += SoftmaxCrossEntropy.logSumExp(z, p, plane, c, "per-image cross-entropy", b, yy, xx)
                        - z[p + label * plane];
                count++;
            }
            rowSum[row] = sum;
            rowCount[row] = count;
        });
        double[] out = new double[n];
        for (int b = 0; b < n; b++) {
            double sum = 0;
            long count = 0;
            for (int yy = 0; yy < h; yy++) {
                sum += rowSum[b * h + yy];
                count += rowCount[b * h + yy];
            }
            out[b] = count == 0 ? 0.0 : sum / count;
        }
        return out;
    }
}
