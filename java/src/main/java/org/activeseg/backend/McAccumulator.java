package org.activeseg.backend;

import org.activeseg.tensor.FloatTensor;

/**
 * Streaming statistics over T Monte-Carlo samples of a (C, P) probability map, fed one sample at a
 * time; its memory does not grow with T ({@link #footprintBytes()}). Holds the per-class sums of
 * p (for the mean distribution), hard-vote counts per class, and the running sum of per-sample
 * entropies (for BALD).
 *
 * <ul>
 *   <li>{@link #meanStatistic}: a statistic of the mean distribution; with
 *       {@link PixelStatistic#ENTROPY_LOG2_VIEWAL} this is ViewAL's MCDR soft vote entropy.</li>
 *   <li>{@link #voteEntropy}: RMCDR's hard votes, {@code p_c = #(argmax_d == c) / T}, then
 *       {@code -sum p_c log2(p_c + 1e-12)}. An argmax tie goes to the lowest class index.</li>
 *   <li>{@link #bald}: baal's {@code H[mean_d p] - mean_d H[p_d]} in nats with xlogy. Not clamped:
 *       it is non-negative in exact arithmetic and may be a rounding error below zero.</li>
 * </ul>
 * Outputs need at least one sample. Closing releases the state; later calls throw.
 */
public interface McAccumulator extends AutoCloseable {

    /**
     * What an accumulator keeps: the per-class sums for the mean distribution, the hard-vote
     * counts, the per-sample entropies (BALD's second term). Each costs work per sample, so a
     * caller asks only for what it reads; reading a statistic that was not tracked is an error.
     */
    enum Track {
        MEAN, VOTES, SAMPLE_ENTROPY;

        /** What {@link #meanProbabilities} and {@link #meanStatistic} need. */
        public static final java.util.Set<Track> FOR_MEAN = java.util.EnumSet.of(MEAN);
        /** What {@link #voteEntropy} needs. */
        public static final java.util.Set<Track> FOR_VOTES = java.util.EnumSet.of(VOTES);
        /** What {@link #bald} needs. */
        public static final java.util.Set<Track> FOR_BALD = java.util.EnumSet.of(MEAN, SAMPLE_ENTROPY);
    }

    /** The statistics this accumulator keeps. */
    java.util.Set<Track> tracked();

    int classes();

    int pixels();

    /** Samples added so far (T). */
    int samples();

    /**
     * Adds one sample (C, P). With {@code logits} the values are logits and a numerically stable
     * softmax over C ({@code exp(x - max) / sum}) is applied on the fly.
     */
    void add(FloatTensor sample, boolean logits);

    /** Adds one probability sample (C, P). */
    default void add(FloatTensor sample) {
        add(sample, false);
    }

    /** The mean distribution, (C, P) row-major into {@code out} of length C * P. */
    void meanProbabilities(float[] out);

    /** {@code stat} of the mean distribution per pixel into {@code out} (length P). */
    void meanStatistic(PixelStatistic stat, float[] out);

    /** Hard-vote entropy per pixel, log2 with eps 1e-12, into {@code out} (length P). */
    void voteEntropy(float[] out);

    /** BALD mutual information per pixel in nats into {@code out} (length P). */
    void bald(float[] out);

    /** Bytes of state held; fixed at creation (independent of the number of samples). */
    long footprintBytes();

    @Override
    void close();
}
