package org.activeseg.acquisition;

import java.io.IOException;
import org.activeseg.tensor.FloatTensor;

/**
 * Per-frame class probabilities for scoring, already checked at the public API (shape matches the
 * frame, finite, non-negative, each pixel's classes summing to 1 within a tolerance), so methods and
 * backends need not re-check. Read one frame at a time; the caller closes each tensor or stream.
 *
 * <p>Methods read the MC samples through {@link #stream}, one (C, P) sample at a time, so that a
 * source that computes them (the network's head run T times per frame) never holds T x C x H x W.
 */
public interface ProbabilitySource {

    /**
     * Probabilities of one frame as (T, C, P) with P = H*W contiguous: T MC samples (T = 1 for an
     * already averaged map). The caller owns and closes the tensor.
     */
    FloatTensor load(String frameId) throws IOException;

    /**
     * The samples of one frame, one (C, P) sample at a time; the caller closes the stream. This
     * default loads the whole (T, C, P) tensor with {@link #load} and serves zero-copy views of its
     * samples, freeing the tensor on close. Sources that compute samples on the fly (the network)
     * override it and then never hold more than one sample: each is produced by
     * {@link SampleStream#next()} and released at the next call or at close.
     *
     * @throws IllegalArgumentException when the loaded tensor is not (T, C, P), naming the frame
     */
    default SampleStream stream(String frameId) throws IOException {
        FloatTensor probs = load(frameId);
        try {
            return new TensorSampleStream(probs, frameId, true);
        } catch (RuntimeException e) {
            probs.close();
            throw e;
        }
    }

    /** Number of classes C (the same for every frame). */
    int classes();
}
