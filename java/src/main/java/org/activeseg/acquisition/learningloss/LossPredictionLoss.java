package org.activeseg.acquisition.learningloss;

/**
 * Learning Loss's margin-ranking loss on predicted losses (Yoo and Kweon, CVPR 2019; ALGORITHMS.md
 * 4(a), as the Mephisto405 re-implementation computes it). A batch of 2B samples is split into the
 * pairs (i, 2B-1-i) for i < B (the batch against its reverse); with
 * {@code dPred = pred[i] - pred[2B-1-i]} and {@code dTrue = target[i] - target[2B-1-i]},
 * {@code sign = +1 if dTrue > 0 else -1} (a tie counts as -1), and
 * <pre>  L = (1/B) sum_i max(0, margin - sign * dPred)</pre>
 * The targets (true per-sample losses) carry no gradient. Default margin 1.0.
 */
public final class LossPredictionLoss {
    /** The reference's MARGIN. */
    public static final double DEFAULT_MARGIN = 1.0;

    private LossPredictionLoss() {}

    /** The loss of a batch; {@code predicted} and {@code target} have the same even length. */
    public static double loss(double[] predicted, double[] target, double margin) {
        int b = pairs(predicted, target, margin);
        int n = predicted.length;
        double sum = 0;
        for (int i = 0; i < b; i++) {
            double dPred = predicted[i] - predicted[n - 1 - i];
            sum += Math.max(0, margin - sign(target[i] - target[n - 1 - i]) * dPred);
        }
        return sum / b;
    }

    /**
     * dL/dpredicted for the batch (the hinge's subgradient is taken as 0 at the kink, as autograd
     * does for max(0, x) at x = 0).
     */
    public static double[] gradient(double[] predicted, double[] target, double margin) {
        int b = pairs(predicted, target, margin);
        int n = predicted.length;
        double[] g = new double[n];
        for (int i = 0; i < b; i++) {
            double s = sign(target[i] - target[n - 1 - i]);
            double dPred = predicted[i] - predicted[n - 1 - i];
            if (margin - s * dPred > 0) {
                g[i] -= s / b;
                g[n - 1 - i] += s / b;
            }
        }
        return g;
    }

    private static double sign(double dTrue) {
        return dTrue > 0 ? 1 : -1;
    }

    private static int pairs(double[] predicted, double[] target, double margin) {
        if (predicted.length != target.length) {
            throw new IllegalArgumentException("predicted losses (" + predicted.length + ") and target losses ("
                    + target.length + ") differ in length");
        }
        if (predicted.length == 0 || predicted.length % 2 != 0) {
            throw new IllegalArgumentException("the loss-prediction loss pairs a batch with its reverse and needs a "
                    + "non-empty even batch, got " + predicted.length);
        }
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("margin must be finite and >= 0, got " + margin);
        }
        for (int i = 0; i < predicted.length; i++) {
            if (!Double.isFinite(predicted[i]) || !Double.isFinite(target[i])) {
                throw new IllegalArgumentException("non-finite loss at batch index " + i + ": predicted " + predicted[i]
                        + ", target " + target[i]);
            }
        }
        return predicted.length / 2;
    }
}
