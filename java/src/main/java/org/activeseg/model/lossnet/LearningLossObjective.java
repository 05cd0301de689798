package org.activeseg.model.lossnet;

import org.activeseg.acquisition.learningloss.LossPredictionLoss;
import org.activeseg.model.Tensor4;

/**
 * The loss-prediction term of Learning Loss's training objective (ALGORITHMS.md 4(a)):
 * {@code lambda * L_pred}, where L_pred is {@link LossPredictionLoss}'s margin ranking loss of the
 * predicted losses against the true per-image losses, pairing image i with image N-1-i. The total
 * loss of a training step is {@code segmentation loss + lambda * L_pred}; the segmentation loss and
 * its gradient are the training loop's business. Defaults are the reference's MARGIN = 1.0 and
 * WEIGHT = 1.0.
 *
 * <p>The true losses are targets only (the reference detaches them): no gradient flows to them.
 * An odd batch is an error, as in the reference ({@code assert len(input) % 2 == 0}); the training
 * loop must feed even batches (drop the last image of an odd final batch, for instance).
 *
 * <p>The hinge's subgradient at its kink ({@code margin - sign * dPred == 0} exactly) is
 * {@link LossPredictionLoss}'s, i.e. 0; the reference's {@code torch.clamp(x, min=0)} passes the
 * gradient there. The two differ only on that measure-zero set.
 */
public final class LearningLossObjective {
    /** The reference's WEIGHT (lambda). */
    public static final double DEFAULT_WEIGHT = 1.0;

    private final double margin;
    private final double weight;

    /** Margin {@value LossPredictionLoss#DEFAULT_MARGIN} and weight {@value #DEFAULT_WEIGHT}, as the reference. */
    public LearningLossObjective() {
        this(LossPredictionLoss.DEFAULT_MARGIN, DEFAULT_WEIGHT);
    }

    /**
     * @param margin xi, finite and >= 0
     * @param weight lambda, finite and >= 0
     */
    public LearningLossObjective(double margin, double weight) {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("learning-loss margin must be finite and >= 0, got " + margin);
        }
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("learning-loss weight (lambda) must be finite and >= 0, got " + weight);
        }
        this.margin = margin;
        this.weight = weight;
    }

    public double margin() { return margin; }

    public double weight() { return weight; }

    /**
     * @param predictionLoss L_pred, unweighted
     * @param weightedLoss   lambda * L_pred, the term added to the training loss
     * @param gradPredicted  d(lambda * L_pred)/d(predicted), (N, 1, 1, 1), for
     *                       {@link LossPredictionModule#backward}
     */
    public record Result(double predictionLoss, double weightedLoss, Tensor4 gradPredicted) {}

    /**
     * @param predicted   the module's output (N, 1, 1, 1), N even and >= 2
     * @param targetLoss  the true loss of each image (e.g. {@link PerImageCrossEntropy#losses}), length N
     */
    public Result compute(Tensor4 predicted, double[] targetLoss) {
        if (predicted == null || targetLoss == null) {
            throw new IllegalArgumentException("learning-loss objective: predicted and target losses must not be null");
        }
        if (predicted.c() != 1 || predicted.h() != 1 || predicted.w() != 1) {
            throw new IllegalArgumentException("learning-loss objective: predicted losses have shape " + predicted.shapeString()
                    + ", expected [N, 1, 1, 1]");
        }
        int n = predicted.n();
        if (targetLoss.length != n) {
            throw new IllegalArgumentException("learning-loss objective: " + targetLoss.length + " target losses for "
                    + "predicted losses of shape " + predicted.shapeString());
        }
        if (n == 0 || n % 2 != 0) {
            throw new IllegalArgumentException("learning-loss objective: batch of " + n + " images; the loss pairs image i "
                    + "with image N-1-i and needs a non-empty even batch (as the reference asserts)");
        }
        double[] p = new double[n];
        float[] pd = predicted.data();
        for (int i = 0; i < n; i++) {
            p[i] = pd[i];
        }
        double lPred = LossPredictionLoss.loss(p, targetLoss, margin);
        double[] g = LossPredictionLoss.gradient(p, targetLoss, margin);
        Tensor4 grad = new Tensor4(n, 1, 1, 1);
        float[] gd = grad.data();
        for (int i = 0; i < n; i++) {
            gd[i] = (float) (weight * g[i]);
        }
        return new Result(lPred, weight * lPred, grad);
    }

    @Override
    public String toString() {
        return "LearningLossObjective(margin " + margin + ", weight " + weight + ")";
    }
}
