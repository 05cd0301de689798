package org.activeseg.backend;

/**
 * A per-pixel statistic of one class distribution p over C classes (ALGORITHMS.md sections 0.1,
 * 2.1, 2.2), with the value the reference code gives an ignore pixel.
 *
 * <ul>
 *   <li>The entropy family {@code -sum_c p_c log(p_c + eps)}: ViewAL's log2 with eps 1e-12 (ENT,
 *       MCDR), U2PL's ln with 1e-10, RIPU's ln with 1e-6, and baal's ln with {@code xlogy}
 *       semantics (0 log 0 = 0, no epsilon).</li>
 *   <li>{@link #MAX_PROBABILITY} (ViewAL CONF, baal Certainty; ranked ascending) and
 *       {@link #LEAST_CONFIDENCE} = 1 - max p (higher = more uncertain).</li>
 *   <li>{@link #MARGIN} = p(1) - p(2), the two largest probabilities (ranked ascending); with a
 *       single class p(2) = 0.</li>
 * </ul>
 */
public enum PixelStatistic {
    ENTROPY_LOG2_VIEWAL(EntropyConvention.LOG2_VIEWAL, 0f),
    ENTROPY_LN_U2PL(EntropyConvention.LN_U2PL, 0f),
    ENTROPY_LN_RIPU(EntropyConvention.LN_RIPU, 0f),
    /** baal: {@code -sum xlogy(p, p)} in nats; exact zeros contribute 0, no epsilon. */
    ENTROPY_LN_XLOGY(null, 0f),
    MAX_PROBABILITY(null, 1f),
    LEAST_CONFIDENCE(null, 0f),
    MARGIN(null, 1f);

    private final EntropyConvention convention;
    private final float ignoreValue;

    PixelStatistic(EntropyConvention convention, float ignoreValue) {
        this.convention = convention;
        this.ignoreValue = ignoreValue;
    }

    /** The entropy statistic of an {@link EntropyConvention}. */
    public static PixelStatistic entropy(EntropyConvention convention) {
        return switch (convention) {
            case LOG2_VIEWAL -> ENTROPY_LOG2_VIEWAL;
            case LN_U2PL -> ENTROPY_LN_U2PL;
            case LN_RIPU -> ENTROPY_LN_RIPU;
        };
    }

    public boolean isEntropy() {
        return convention != null || this == ENTROPY_LN_XLOGY;
    }

    /**
     * The value of a certain pixel, which ViewAL's baselines write at ignore pixels: 0 for the
     * entropies and least confidence, 1 for max probability and margin.
     */
    public float ignoreValue() {
        return ignoreValue;
    }

    /** True for log2 (bits); false for nats or for non-entropy statistics. */
    boolean log2() {
        return convention != null && convention.log2();
    }

    /** The epsilon inside the logarithm; 0 for xlogy and non-entropy statistics. */
    double eps() {
        return convention == null ? 0.0 : convention.eps();
    }
}
