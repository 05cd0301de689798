package org.activeseg.backend.cuda;

import org.activeseg.backend.EntropyConvention;
import org.activeseg.backend.PixelStatistic;

/**
 * What {@link CudaPixelOps} passes the pixel statistic kernel for each {@link PixelStatistic}: its
 * AS_STAT_* code and, for the epsilon entropies, the log base and epsilon. The argument checks shared
 * with the reference backend (shapes, lengths, windows, k, segment ids and their dense bins) live in
 * {@link org.activeseg.backend.PixelArguments}. Nothing here touches a device, so it is tested
 * without one.
 */
final class PixelStatisticCodes {

    private PixelStatisticCodes() {}

    /** The AS_STAT_* code of {@code stat}. */
    static int statCode(PixelStatistic stat) {
        return switch (stat) {
            case ENTROPY_LOG2_VIEWAL, ENTROPY_LN_U2PL, ENTROPY_LN_RIPU -> PixelKernels.STAT_ENTROPY;
            case ENTROPY_LN_XLOGY -> PixelKernels.STAT_ENTROPY_XLOGY;
            case MAX_PROBABILITY -> PixelKernels.STAT_MAX_PROBABILITY;
            case LEAST_CONFIDENCE -> PixelKernels.STAT_LEAST_CONFIDENCE;
            case MARGIN -> PixelKernels.STAT_MARGIN;
        };
    }

    /** The log base and epsilon of an epsilon entropy statistic, or null for the others. */
    static EntropyConvention entropyConvention(PixelStatistic stat) {
        return switch (stat) {
            case ENTROPY_LOG2_VIEWAL -> EntropyConvention.LOG2_VIEWAL;
            case ENTROPY_LN_U2PL -> EntropyConvention.LN_U2PL;
            case ENTROPY_LN_RIPU -> EntropyConvention.LN_RIPU;
            default -> null;
        };
    }
}
