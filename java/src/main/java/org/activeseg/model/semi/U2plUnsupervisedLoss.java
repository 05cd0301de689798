package org.activeseg.model.semi;

import org.activeseg.acquisition.u2pl.ReliabilitySplit;
import org.activeseg.model.Tensor4;

/**
 * U2PL's unsupervised loss ({@code compute_unsupervised_loss}, ALGORITHMS.md 5(a)): the student's
 * cross-entropy against the teacher's pseudo-labels on the reliable pixels only. The threshold is
 * numpy's 'linear' percentile of the teacher entropy over the valid pixels at {@code 100 -
 * percent_unreliable}; pixels with entropy at or above it are dropped. The loss is {@code (N*H*W /
 * kept) * CE_mean(kept)}, so its normalisation is {@code sum CE * N*H*W / kept^2}, as the code has it.
 * With nothing kept it is 0 (the reference's mean over no pixel would be NaN).
 */
public final class U2plUnsupervisedLoss {
    private U2plUnsupervisedLoss() {}

    /** The loss, its gradient with respect to the student logits, the pixels kept and the entropy threshold. */
    public record Result(double loss, Tensor4 gradLogits, long kept, double threshold) {}

    /**
     * @param logits            the student's (N, C, H, W) logits of the unlabelled batch
     * @param target            (N, H, W) pseudo-labels, 255 = not taken
     * @param entropy           (N, H, W) the teacher's entropy
     * @param percentUnreliable the share (percent) of valid pixels dropped as unreliable
     */
    public static Result compute(Tensor4 logits, int[] target, float[] entropy, double percentUnreliable) {
        int n = logits.n();
        int c = logits.c();
        int plane = logits.h() * logits.w();
        if (target.length != n * plane || entropy.length != n * plane) {
            throw new IllegalArgumentException("U2PL unsupervised loss: " + target.length + " targets and " + entropy.length
                    + " entropies for logits " + logits.shapeString());
        }
        if (!(percentUnreliable >= 0 && percentUnreliable <= 100)) {
            throw new IllegalArgumentException("U2PL unsupervised loss: percent unreliable " + percentUnreliable + " is outside [0, 100]");
        }
        boolean[] valid = new boolean[target.length];
        boolean any = false;
        for (int i = 0; i < target.length; i++) {
            if (target[i] != 255 && (target[i] < 0 || target[i] >= c)) {
                throw new IllegalArgumentException("U2PL unsupervised loss: pseudo-label " + target[i] + " at pixel " + i
                        + " is not a class of " + c);
            }
            valid[i] = target[i] != 255;
            any |= valid[i];
        }
        if (!any) {
            return new Result(0, logits.zerosLike(), 0, Double.NaN);
        }
        double thresh = ReliabilitySplit.percentile(entropy, valid, 100 - percentUnreliable);
        boolean[] kept = ReliabilitySplit.reliable(entropy, valid, thresh);
        long k = 0;
        for (boolean b : kept) {
            k += b ? 1 : 0;
        }
        if (k == 0) {
            return new Result(0, logits.zerosLike(), 0, thresh);
        }
        double[] p = PixelSoftmax.of(logits, "U2PL unsupervised loss");
        double total = (double) n * plane;
        double sum = 0;
        Tensor4 grad = logits.zerosLike();
        float[] g = grad.data();
        double scale = total / ((double) k * k);
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < plane; i++) {
                int px = b * plane + i;
                if (!kept[px]) {
                    continue;
                }
                int at = b * c * plane + i;
                sum -= Math.log(p[at + target[px] * plane]);
                for (int q = 0; q < c; q++) {
                    double d = p[at + q * plane] - (q == target[px] ? 1 : 0);
                    g[at + q * plane] = (float) (scale * d);
                }
            }
        }
        return new Result(sum * scale, grad, k, thresh);
    }
}
