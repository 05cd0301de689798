package org.activeseg.acquisition;

import java.io.IOException;

/**
 * One acquisition method (ALGORITHMS.md): scores the pool of unlabelled frames from their
 * probability maps and picks what to label next within the budget. Methods are small and
 * stateless; everything they need arrives in the {@link AcquisitionRequest}, and primitive
 * operations run on the request's {@code ScoringBackend}.
 */
public interface AcquisitionMethod {

    /** The CLI name, e.g. {@code "entropy"}, {@code "viewal"}, {@code "ripu-ra"}. */
    String name();

    /** What a selection unit is for this method. */
    Granularity granularity();

    /** What the model must provide for this method when the loop scores with the network. */
    default ModelOutput modelOutput() {
        return ModelOutput.SOFTMAX;
    }

    /**
     * Whether a frame's score depends on that frame alone (not on the other pool frames), so that a
     * frame can be scored once, in a pool of its own, and keep that score in any pool. Selection may
     * still depend on the whole pool (budgets, ranking).
     */
    default boolean scoresFramesIndependently() {
        return false;
    }

    /**
     * Scores the pool and selects within the budget. Must not select anything the request's
     * {@link LabelState} marks as labelled (or excluded), must respect the budget, and records
     * every parameter it used (defaults included) in the result.
     */
    AcquisitionResult run(AcquisitionRequest request) throws IOException;
}
