package org.activeseg.acquisition;

import java.io.IOException;
import org.activeseg.tensor.FloatTensor;

/**
 * Per-frame class probabilities for scoring, already checked at the public API (shape matches the
 * frame, finite, non-negative, each pixel's classes summing to 1 within a tolerance), so methods and
 * backends need not re-check. Loaded one frame at a time; the caller closes each tensor.
 */
public interface ProbabilitySource {

    /**
     * Probabilities of one frame as (T, C, P) with P = H*W contiguous: T MC samples (T = 1 for an
     * already averaged map). The caller owns and closes the tensor.
     */
    FloatTensor load(String frameId) throws IOException;

    /** Number of classes C (the same for every frame). */
    int classes();
}
