package org.activeseg.model.semi;

import org.activeseg.model.Tensor4;
import org.activeseg.model.layers.SoftmaxCrossEntropy;

/**
 * RIPU's local consistency loss (ALGORITHMS.md 3(a), "Training losses"), taken on the semantic
 * boundaries of labelled pixels: {@code d(u) = sum_c |p_c(u) - mean3x3(p_c)(u)|}, the 3x3 mean with
 * replicate padding and weights 1/9, averaged over the pixels where the 8-neighbour Laplacian of the
 * integer label ids (centre 8, neighbours -1, zero padding; the ignore id {@value SoftmaxCrossEntropy#IGNORE}
 * takes part as its value, as in the reference) is not 0 and the label is not ignored. So the image
 * border always counts, and a boundary whose neighbours' ids sum to 8 times the centre's is missed, as
 * in the reference. The gradient of |x| at 0 is taken as 0. No boundary pixel: loss and gradient 0.
 * RIPU weighs it 0.1 ({@link #DEFAULT_WEIGHT}); the caller applies the weight.
 */
public final class LocalConsistencyLoss {
    public static final double DEFAULT_WEIGHT = 0.1;

    public record Result(double loss, Tensor4 gradLogits, long boundaryPixels) {}

    /** The pixels the loss is taken on, (N, H, W), for labels (N, H, W) of frames h x w. */
    public static boolean[] boundary(int[] labels, int n, int h, int w) {
        if (labels.length != n * h * w) {
            throw new IllegalArgumentException("local consistency: " + labels.length + " labels for " + n + " x " + h + " x " + w);
        }
        boolean[] out = new boolean[labels.length];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int at = (b * h + y) * w + x;
                    if (labels[at] == SoftmaxCrossEntropy.IGNORE) {
                        continue;
                    }
                    long lap = 8L * labels[at];
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if ((dy != 0 || dx != 0) && yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                lap -= labels[(b * h + yy) * w + xx];
                            }
                        }
                    }
                    out[at] = lap != 0;
                }
            }
        }
        return out;
    }

    /**
     * @param logits (N, C, H, W)
     * @param labels (N, H, W) ids in 0..C-1 or the ignore id
     */
    public Result compute(Tensor4 logits, int[] labels) {
        int n = logits.n();
        int c = logits.c();
        int h = logits.h();
        int w = logits.w();
        int plane = h * w;
        if (labels == null || labels.length != n * plane) {
            throw new IllegalArgumentException("local consistency: " + (labels == null ? "no" : labels.length)
                    + " labels for logits of shape " + logits.shapeString() + " (expected N*H*W = " + ((long) n * plane) + ")");
        }
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            if (y != SoftmaxCrossEntropy.IGNORE && (y < 0 || y >= c)) {
                throw new IllegalArgumentException("local consistency: label " + y + " at pixel (n=" + i / plane + ", y="
                        + (i % plane) / w + ", x=" + i % w + ") is outside 0.." + (c - 1) + " and is not the ignore label");
            }
        }
        boolean[] mask = boundary(labels, n, h, w);
        long count = 0;
        for (boolean m : mask) {
            count += m ? 1 : 0;
        }
        if (count == 0) {
            return new Result(0, logits.zerosLike(), 0);
        }
        double[] p = PixelSoftmax.of(logits, "local consistency");
        double[] gradP = new double[p.length];
        double sum = 0;
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < c; k++) {
                int base = (b * c + k) * plane;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        if (!mask[(b * h + y) * w + x]) {
                            continue;
                        }
                        double mean = 0;
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                mean += p[base + clamp(y + dy, h) * w + clamp(x + dx, w)];
                            }
                        }
                        mean /= 9;
                        double diff = p[base + y * w + x] - mean;
                        sum += Math.abs(diff);
                        double s = Math.signum(diff) / count;
                        if (s != 0) {
                            gradP[base + y * w + x] += s;
                            for (int dy = -1; dy <= 1; dy++) {
                                for (int dx = -1; dx <= 1; dx++) {
                                    gradP[base + clamp(y + dy, h) * w + clamp(x + dx, w)] -= s / 9;
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Result(sum / count, PixelSoftmax.backward(logits, p, gradP), count);
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }
}
