package org.activeseg.model.semi;

import org.activeseg.model.Tensor4;

/**
 * A semi-supervised training mode, as {@link org.activeseg.model.net.SegmentationTrainer} runs it. Two
 * shapes exist: {@link PerPass} modes (RIPU) add a term to the labelled pass and run a pass of their
 * own on the unlabelled batch; {@link U2plTraining} runs one joint student pass over the labelled and
 * the unlabelled batch beside a mean teacher.
 *
 * <p>An unlabelled sample's label map never holds ground truth: it marks with {@link #TAKE} the pixels
 * the unsupervised terms may use (the frame's unlabelled pixels) and with 255 everything else (pixels
 * the oracle labelled, and the padding of a crop), so augmentation moves the mark with its pixel.
 */
public sealed interface SemiSupervision permits SemiSupervision.PerPass, U2plTraining {
    /** The mark of a pixel the unsupervised term takes, in an unlabelled sample's label map. */
    int TAKE = 0;

    /** A loss already weighted, and its gradient with respect to the logits (null: nothing to add). */
    record Term(double loss, Tensor4 gradLogits) {
        public static final Term NONE = new Term(0, null);
    }

    /** The mode's name, as {@code activeseg run --semi} takes it. */
    String name();

    /**
     * A mode of two passes per step: the labelled batch goes through the network and back with softmax
     * cross-entropy plus {@link #labelled}'s term, then a batch of unlabelled samples goes through and
     * back with {@link #unlabelled}'s term alone (two passes, so the labelled pass's batch statistics
     * are those of the supervised step, as RIPU, whose BN is frozen, keeps them apart). The parameter
     * gradients of both passes add up before one optimiser step.
     */
    non-sealed interface PerPass extends SemiSupervision {
        /**
         * The term added to the cross-entropy of the labelled pass.
         *
         * @param logits (N, C, H, W) of the labelled batch
         * @param labels (N, H, W) with 255 = not labelled
         */
        Term labelled(Tensor4 logits, int[] labels, int epoch, int epochs);

        /**
         * The loss of the unlabelled pass.
         *
         * @param logits (N, C, H, W) of the unlabelled batch
         * @param take   (N, H, W): the pixels marked {@link #TAKE}
         */
        Term unlabelled(Tensor4 logits, boolean[] take, int epoch, int epochs);
    }
}
