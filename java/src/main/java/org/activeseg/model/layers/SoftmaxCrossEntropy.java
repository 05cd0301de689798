package org.activeseg.model.layers;

import java.util.stream.IntStream;
import org.activeseg.model.Tensor4;

/**
 * Per-pixel softmax cross-entropy of logits (N, C, H, W) against integer labels (N, H, W) with
 * ignore label {@value #IGNORE} and optional class weights, reduced as PyTorch's
 * {@code nn.CrossEntropyLoss(weight, ignore_index=255)} with mean reduction:
 * {@code loss = sum_i w[y_i] * nll_i / sum_i w[y_i]} over the non-ignored pixels i, where
 * {@code nll_i = logsumexp(z_i) - z_i[y_i]}. The gradient with respect to the logits is
 * {@code w[y_i] / sum_j w[y_j] * (softmax(z_i) - onehot(y_i))} at counted pixels and 0 elsewhere.
 * When nothing is counted (every pixel ignored, or every counted class has weight 0) PyTorch
 * returns NaN; here the loss is 0 and the gradient is zero, so an unlabelled batch contributes
 * nothing to training. Sums run in double in a fixed order per image row, so the result does not
 * depend on the thread count.
 */
public final class SoftmaxCrossEntropy {
    public static final int IGNORE = 255;

    private final float[] classWeights;

    /** Unweighted loss (every class weight 1). */
    public SoftmaxCrossEntropy() {
        this.classWeights = null;
    }

    /** @param classWeights one non-negative finite weight per class */
    public SoftmaxCrossEntropy(float[] classWeights) {
        if (classWeights == null || classWeights.length == 0) {
            throw new IllegalArgumentException("cross-entropy class weights must be a non-empty array");
        }
        for (int k = 0; k < classWeights.length; k++) {
            float w = classWeights[k];
            if (!(w >= 0) || !Float.isFinite(w)) {
                throw new IllegalArgumentException("cross-entropy class weight " + k + " is " + w + "; weights must be finite and >= 0");
            }
        }
        this.classWeights = classWeights.clone();
    }

    /**
     * The loss and its gradient.
     *
     * @param loss        the weighted mean loss (0 when nothing is counted)
     * @param gradLogits  dL/d(logits), same shape as the logits
     * @param counted     number of pixels whose label is not ignored
     * @param weightSum   sum of the class weights of the counted pixels (the denominator)
     */
    public record Result(double loss, Tensor4 gradLogits, long counted, double weightSum) {}

    /**
     * @param logits (N, C, H, W)
     * @param labels (N, H, W) row-major, values in 0..C-1 or {@value #IGNORE}
     */
    public Result compute(Tensor4 logits, int[] labels) {
        int n = logits.n();
        int c = logits.c();
        int h = logits.h();
        int w = logits.w();
        if (labels == null) {
            throw new IllegalArgumentException("cross-entropy: labels are null");
        }
        if (labels.length != n * h * w) {
            throw new IllegalArgumentException("cross-entropy: " + labels.length + " labels do not match logits of shape "
                    + logits.shapeString() + " (expected N*H*W = " + ((long) n * h * w) + " labels)");
        }
        if (c < 1) {
            throw new IllegalArgumentException("cross-entropy: logits of shape " + logits.shapeString() + " have no classes");
        }
        if (classWeights != null && classWeights.length != c) {
            throw new IllegalArgumentException("cross-entropy: " + classWeights.length + " class weights for logits of shape "
                    + logits.shapeString() + " with " + c + " classes");
        }
        int plane = h * w;
        long counted = 0;
        double weightSum = 0;
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            if (y == IGNORE) {
                continue;
            }
            if (y < 0 || y >= c) {
                int b = i / plane;
                int r = i % plane;
                throw new IllegalArgumentException("cross-entropy: label " + y + " at pixel (n=" + b + ", y=" + (r / w) + ", x="
                        + (r % w) + ") is outside 0.." + (c - 1) + " and is not the ignore label " + IGNORE);
            }
            counted++;
            weightSum += classWeights == null ? 1.0 : classWeights[y];
        }
        Tensor4 grad = logits.zerosLike();
        if (weightSum == 0) {
            return new Result(0.0, grad, counted, 0.0);
        }
        float[] z = logits.data();
        float[] g = grad.data();
        double norm = weightSum;
        double[] rowLoss = new double[n * h];
        IntStream.range(0, n * h).parallel().forEach(row -> {
            int b = row / h;
            int yy = row % h;
            int zBase = b * c * plane + yy * w;
            double sum = 0;
            for (int xx = 0; xx < w; xx++) {
                int label = labels[row * w + xx];
                if (label == IGNORE) {
                    continue;
                }
                double wy = classWeights == null ? 1.0 : classWeights[label];
                if (wy == 0) {
                    continue;
                }
                int p = zBase + xx;
                double lse = logSumExp(z, p, plane, c, "cross-entropy", b, yy, xx);
                sum += wy * (lse - z[p + label * plane]);
                double scale = wy / norm;
                for (int k = 0; k < c; k++) {
                    double prob = Math.exp(z[p + k * plane] - lse);
                    g[p + k * plane] = (float) (scale * (prob - (k == label ? 1.0 : 0.0)));
                }
            }
            rowLoss[row] = sum;
        });
        double total = 0;
        for (double v : rowLoss) {
            total += v;
        }
        return new Result(total / norm, grad, counted, weightSum);
    }

    /**
     * log sum_k exp(z[p + k * plane]) over the {@code c} class logits of one pixel of a (N, C, H, W)
     * tensor, max-shifted; a non-finite logit is an error naming {@code op} and the pixel (n, y, x).
     */
    public static double logSumExp(float[] z, int p, int plane, int c, String op, int n, int y, int x) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            float v = z[p + k * plane];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(op + ": logit " + v + " for class " + k + " at pixel (n=" + n
                        + ", y=" + y + ", x=" + x + ") is not finite");
            }
            max = Math.max(max, v);
        }
        double se = 0;
        for (int k = 0; k < c; k++) {
            se += Math.exp(z[p + k * plane] - max);
        }
        return max + Math.log(se);
    }
}
