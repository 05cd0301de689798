package org.activeseg.model.lossnet;

/**
 * When the loss-prediction module stops training the backbone (ALGORITHMS.md 4(a), "gradient
 * stop"; {@code main.py:103-108} of the reference): with 0-based epochs, the tapped features are
 * detached before the module once {@code epoch > stopEpoch}. The backbone therefore receives the
 * module's gradient during epochs 0 ... stopEpoch, i.e. stopEpoch + 1 epochs (the reference's
 * EPOCHL = 120 gives 121 epochs, an off-by-one against "after 120" that is kept here). The module
 * itself trains in every epoch. A stopEpoch of -1 detaches from the start.
 *
 * @param stopEpoch the last 0-based epoch in which the backbone receives the module's gradient (>= -1)
 */
public record GradientStop(int stopEpoch) {
    /** The reference's EPOCHL (of 200 epochs). */
    public static final int REFERENCE_STOP_EPOCH = 120;

    public GradientStop {
        if (stopEpoch < -1) {
            throw new IllegalArgumentException("gradient-stop epoch must be >= -1 (-1: never train the backbone through "
                    + "the loss-prediction module), got " + stopEpoch);
        }
    }

    /** The reference's setting, stopEpoch {@value #REFERENCE_STOP_EPOCH}. */
    public static GradientStop reference() {
        return new GradientStop(REFERENCE_STOP_EPOCH);
    }

    /** True when, in this 0-based epoch, the module's gradient flows into the tapped features. */
    public boolean backboneReceivesGradient(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epochs are 0-based, got " + epoch);
        }
        return !(epoch > stopEpoch);
    }
}
