package org.activeseg.backend;

import java.util.BitSet;
import org.activeseg.tensor.FloatTensor;

/**
 * Per-pixel uncertainty statistics and their reductions (ALGORITHMS.md sections 0.1, 2):
 * the softmax entropy family, least confidence, margin, and streaming MC-sample statistics
 * (mean entropy, vote entropy, BALD); reductions of pixel maps to frames, superpixels and windows;
 * top-k.
 *
 * <p>Maps are row-major float arrays of P = H*W pixels; probability maps are (C, P) tensors with P
 * contiguous. Every operation checks shapes first and throws {@link IllegalArgumentException}
 * naming them; values are assumed checked at the public API (finite, probabilities summing to 1).
 * Results never depend on the number of threads.
 */
public interface PixelOps {

    /**
     * {@code out[i] = stat(p[., i])} for a (C, P) map. With {@code logits} the values are logits and
     * the softmax over C is fused in, computed stably as {@code exp(x - max) / sum exp(x - max)}.
     */
    void statistic(FloatTensor map, boolean logits, PixelStatistic stat, float[] out);

    /** {@link #statistic} of probabilities. */
    default void statistic(FloatTensor probs, PixelStatistic stat, float[] out) {
        statistic(probs, false, stat, out);
    }

    /**
     * A streaming accumulator of MC samples of (C, P) maps keeping only {@code track}; the caller
     * closes it.
     */
    McAccumulator mcAccumulator(int classes, int pixels, java.util.Set<McAccumulator.Track> track);

    /** An accumulator keeping every statistic. */
    default McAccumulator mcAccumulator(int classes, int pixels) {
        return mcAccumulator(classes, pixels, java.util.EnumSet.allOf(McAccumulator.Track.class));
    }

    /** Sets {@code map[i] = value} for every set bit i of {@code mask} (bits at or beyond the map's length are an error). */
    void fill(float[] map, BitSet mask, float value);

    /** Mean, sum or max of a map, accumulated in double; a map of no pixels is an error. */
    double reduce(float[] map, Reduction reduction);

    /**
     * Sum, count and mean of {@code map} over each segment id of {@code ids} (same length, ids
     * non-negative), in one pass over the pixels; the mean is over all pixels of the segment.
     */
    SegmentMeans segmentMeans(float[] map, int[] ids);

    /**
     * Box sums of a (height, width) map over a {@code window} x {@code window} square centred on each
     * pixel ({@code window} odd and positive), with zero padding: {@code sums[i]} is the sum over the
     * in-image part of the window and {@code counts[i]} (when not null) the number of in-image pixels.
     */
    void boxSums(float[] map, int width, int height, int window, float[] sums, int[] counts);

    /**
     * Indices of the {@code k} largest values, largest first; equal values keep the lower index
     * first. {@code k} larger than the array returns every index. NaN values are an error.
     */
    int[] topK(float[] values, int k);
}
