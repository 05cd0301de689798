package org.activeseg.model.semi;

import org.activeseg.model.Tensor4;

/**
 * RIPU's training losses in the loop (ALGORITHMS.md 3(a), "Training losses"; {@code activeseg run
 * --semi ripu}): {@code L = CE(labelled) + 0.1 * L_lc(labelled) + 1.0 * L_nl(unlabelled)}. The
 * local-consistency term is taken on the semantic boundaries of the labelled pixels (RIPU takes it on
 * its labelled source domain); negative learning on the unlabelled pixels (RIPU: every target pixel,
 * where in a loop the labelled ones are supervised already).
 */
public final class RipuSemiSupervision implements SemiSupervision.PerPass {
    /** RIPU's weight of the negative learning loss. */
    public static final double NEGATIVE_WEIGHT = 1.0;

    private final NegativeLearningLoss negative;
    private final LocalConsistencyLoss consistency = new LocalConsistencyLoss();
    private final double negativeWeight;
    private final double consistencyWeight;

    /** RIPU's defaults: tau 0.05, weights 1.0 (negative learning) and 0.1 (local consistency). */
    public RipuSemiSupervision() {
        this(NegativeLearningLoss.DEFAULT_THRESHOLD, NEGATIVE_WEIGHT, LocalConsistencyLoss.DEFAULT_WEIGHT);
    }

    public RipuSemiSupervision(double threshold, double negativeWeight, double consistencyWeight) {
        if (!(negativeWeight >= 0) || !(consistencyWeight >= 0) || Double.isInfinite(negativeWeight)
                || Double.isInfinite(consistencyWeight)) {
            throw new IllegalArgumentException("RIPU loss weights must be finite and >= 0, got " + negativeWeight
                    + " (negative learning) and " + consistencyWeight + " (local consistency)");
        }
        this.negative = new NegativeLearningLoss(threshold);
        this.negativeWeight = negativeWeight;
        this.consistencyWeight = consistencyWeight;
    }

    @Override
    public String name() {
        return "ripu";
    }

    @Override
    public Term labelled(Tensor4 logits, int[] labels, int epoch, int epochs) {
        if (consistencyWeight == 0) {
            return Term.NONE;
        }
        LocalConsistencyLoss.Result r = consistency.compute(logits, labels);
        return r.boundaryPixels() == 0 ? Term.NONE : new Term(consistencyWeight * r.loss(), scaled(r.gradLogits(), consistencyWeight));
    }

    @Override
    public Term unlabelled(Tensor4 logits, boolean[] take, int epoch, int epochs) {
        if (negativeWeight == 0) {
            return Term.NONE;
        }
        NegativeLearningLoss.Result r = negative.compute(logits, take);
        return r.masked() == 0 ? Term.NONE : new Term(negativeWeight * r.loss(), scaled(r.gradLogits(), negativeWeight));
    }

    private static Tensor4 scaled(Tensor4 t, double w) {
        if (w != 1) {
            float[] d = t.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (d[i] * w);
            }
        }
        return t;
    }
}
