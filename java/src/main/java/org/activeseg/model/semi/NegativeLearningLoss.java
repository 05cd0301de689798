package org.activeseg.model.semi;

import org.activeseg.model.Tensor4;

/**
 * RIPU's negative learning loss (ALGORITHMS.md 3(a), "Training losses"): every class a pixel finds
 * unlikely, {@code m_c = p_c < tau} (the mask is not differentiated), is pushed further down,
 * {@code L = sum m_c * -ln(1 - p_c + 1e-6) / sum m_c} over the pixels taken (RIPU: every target pixel
 * of the batch; in a loop, the unlabelled ones). With no masked entry the loss and its gradient are 0.
 * Sums run in double in a fixed order.
 */
public final class NegativeLearningLoss {
    /** RIPU's threshold tau. */
    public static final double DEFAULT_THRESHOLD = 0.05;
    static final double EPS = 1e-6;

    private final double threshold;

    public NegativeLearningLoss() {
        this(DEFAULT_THRESHOLD);
    }

    /** @param threshold tau in (0, 1) */
    public NegativeLearningLoss(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("negative learning threshold must be in (0, 1), got " + threshold);
        }
        this.threshold = threshold;
    }

    /** The loss, its gradient with respect to the logits, and how many (pixel, class) entries the mask took. */
    public record Result(double loss, Tensor4 gradLogits, long masked) {}

    /**
     * @param logits (N, C, H, W)
     * @param take   (N, H, W): the pixels the loss is taken over, or null for every pixel
     */
    public Result compute(Tensor4 logits, boolean[] take) {
        int n = logits.n();
        int c = logits.c();
        int plane = logits.h() * logits.w();
        if (take != null && take.length != n * plane) {
            throw new IllegalArgumentException("negative learning: a pixel mask of " + take.length
                    + " entries for logits of shape " + logits.shapeString() + " (expected N*H*W = " + ((long) n * plane) + ")");
        }
        double[] p = PixelSoftmax.of(logits, "negative learning");
        double sum = 0;
        long masked = 0;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < plane; i++) {
                if (take != null && !take[b * plane + i]) {
                    continue;
                }
                for (int k = 0; k < c; k++) {
                    double v = p[(b * c + k) * plane + i];
                    if (v < threshold) {
                        sum += -Math.log(1 - v + EPS);
                        masked++;
                    }
                }
            }
        }
        if (masked == 0) {
            return new Result(0, logits.zerosLike(), 0);
        }
        double[] gradP = new double[p.length];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < plane; i++) {
                if (take != null && !take[b * plane + i]) {
                    continue;
                }
                for (int k = 0; k < c; k++) {
                    int q = (b * c + k) * plane + i;
                    if (p[q] < threshold) {
                        gradP[q] = 1.0 / ((1 - p[q] + EPS) * masked);
                    }
                }
            }
        }
        return new Result(sum / masked, PixelSoftmax.backward(logits, p, gradP), masked);
    }
}
