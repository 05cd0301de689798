package org.activeseg.model.semi;

import org.activeseg.model.Tensor4;
import org.activeseg.model.layers.SoftmaxCrossEntropy;

/**
 * Softmax over the classes of (N, C, H, W) logits in double, and the chain rule back through it:
 * {@code dL/dz_j = p_j (g_j - sum_c g_c p_c)} for {@code g = dL/dp}. Shared by the semi-supervised
 * losses, which are defined on probabilities.
 */
final class PixelSoftmax {
    private PixelSoftmax() {}

    /** The probabilities, laid out as the logits; a non-finite logit is an error naming {@code op} and the pixel. */
    static double[] of(Tensor4 logits, String op) {
        int n = logits.n();
        int c = logits.c();
        int plane = logits.h() * logits.w();
        float[] z = logits.data();
        double[] p = new double[z.length];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < plane; i++) {
                int at = b * c * plane + i;
                double lse = SoftmaxCrossEntropy.logSumExp(z, at, plane, c, op, b, i / logits.w(), i % logits.w());
                for (int k = 0; k < c; k++) {
                    p[at + k * plane] = Math.exp(z[at + k * plane] - lse);
                }
            }
        }
        return p;
    }

    /** dL/d(logits) from dL/dp, both laid out as the logits. */
    static Tensor4 backward(Tensor4 logits, double[] p, double[] gradP) {
        int n = logits.n();
        int c = logits.c();
        int plane = logits.h() * logits.w();
        Tensor4 grad = logits.zerosLike();
        float[] g = grad.data();
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < plane; i++) {
                int at = b * c * plane + i;
                double dot = 0;
                for (int k = 0; k < c; k++) {
                    dot += gradP[at + k * plane] * p[at + k * plane];
                }
                for (int k = 0; k < c; k++) {
                    int q = at + k * plane;
                    g[q] = (float) (p[q] * (gradP[q] - dot));
                }
            }
        }
        return grad;
    }
}
