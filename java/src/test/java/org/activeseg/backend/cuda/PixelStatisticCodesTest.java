package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.activeseg.backend.EntropyConvention;
import org.activeseg.backend.PixelStatistic;
import org.junit.jupiter.api.Test;

/**
 * The CUDA-only host-side mapping of {@link CudaPixelOps}, without a device; the shared argument
 * checks are tested in org.activeseg.backend.PixelArgumentsTest.
 */
class PixelStatisticCodesTest {

    @Test
    void statisticCodesAndEpsilonsFollowTheHeader() {
        assertEquals(PixelKernels.STAT_ENTROPY, PixelStatisticCodes.statCode(PixelStatistic.ENTROPY_LOG2_VIEWAL));
        assertEquals(PixelKernels.STAT_ENTROPY, PixelStatisticCodes.statCode(PixelStatistic.ENTROPY_LN_RIPU));
        assertEquals(1, PixelStatisticCodes.statCode(PixelStatistic.ENTROPY_LN_XLOGY));
        assertEquals(2, PixelStatisticCodes.statCode(PixelStatistic.MAX_PROBABILITY));
        assertEquals(3, PixelStatisticCodes.statCode(PixelStatistic.LEAST_CONFIDENCE));
        assertEquals(4, PixelStatisticCodes.statCode(PixelStatistic.MARGIN));
        assertEquals(EntropyConvention.LN_U2PL, PixelStatisticCodes.entropyConvention(PixelStatistic.ENTROPY_LN_U2PL));
        assertEquals(EntropyConvention.LOG2_VIEWAL,
                PixelStatisticCodes.entropyConvention(PixelStatistic.ENTROPY_LOG2_VIEWAL));
        assertNull(PixelStatisticCodes.entropyConvention(PixelStatistic.ENTROPY_LN_XLOGY));
        assertNull(PixelStatisticCodes.entropyConvention(PixelStatistic.MARGIN));
    }
}
