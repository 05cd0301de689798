package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.activeseg.backend.EntropyBase;
import org.activeseg.backend.PixelStatistic;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

/** The host-side checks and id compaction of {@link CudaPixelOps}, without a device. */
class PixelArgumentChecksTest {

    @Test
    void statisticShapesAreNamed() {
        try (FloatTensor rank3 = FloatTensor.allocate(1, 3, 4); FloatTensor map = FloatTensor.allocate(3, 4);
             FloatTensor noClasses = FloatTensor.allocate(0, 4)) {
            assertEquals(3, PixelArgumentChecks.statisticClasses(map, new float[4], "x"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PixelArgumentChecks.statisticClasses(rank3, new float[4], "pixel statistic MARGIN"));
            assertTrue(e.getMessage().contains("[1, 3, 4]") && e.getMessage().startsWith("pixel statistic MARGIN"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> PixelArgumentChecks.statisticClasses(map, new float[5], "s"));
            assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("got 5"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> PixelArgumentChecks.statisticClasses(noClasses, new float[4], "s"));
        }
    }

    @Test
    void statisticCodesAndEpsilonsFollowTheHeader() {
        assertEquals(PixelKernels.STAT_ENTROPY, PixelArgumentChecks.statCode(PixelStatistic.ENTROPY_LOG2_VIEWAL));
        assertEquals(PixelKernels.STAT_ENTROPY, PixelArgumentChecks.statCode(PixelStatistic.ENTROPY_LN_RIPU));
        assertEquals(1, PixelArgumentChecks.statCode(PixelStatistic.ENTROPY_LN_XLOGY));
        assertEquals(2, PixelArgumentChecks.statCode(PixelStatistic.MAX_PROBABILITY));
        assertEquals(3, PixelArgumentChecks.statCode(PixelStatistic.LEAST_CONFIDENCE));
        assertEquals(4, PixelArgumentChecks.statCode(PixelStatistic.MARGIN));
        assertEquals(EntropyBase.LN_U2PL, PixelArgumentChecks.entropyBase(PixelStatistic.ENTROPY_LN_U2PL));
        assertEquals(EntropyBase.LOG2_VIEWAL, PixelArgumentChecks.entropyBase(PixelStatistic.ENTROPY_LOG2_VIEWAL));
        assertNull(PixelArgumentChecks.entropyBase(PixelStatistic.ENTROPY_LN_XLOGY));
        assertNull(PixelArgumentChecks.entropyBase(PixelStatistic.MARGIN));
    }

    @Test
    void denseIdsStayAndSparseIdsAreCompactedInOrder() {
        float[] map = new float[6];
        PixelArgumentChecks.SegmentBins dense = PixelArgumentChecks.segmentBins(map, new int[] {5, 5, 7, 7, 0, 0});
        assertNull(dense.present());
        assertEquals(8, dense.count());
        assertEquals(7, dense.idOf(7));
        PixelArgumentChecks.SegmentBins sparse =
                PixelArgumentChecks.segmentBins(map, new int[] {2_000_000_000, 2_000_000_000, 7, 7, 0, 0});
        assertEquals(3, sparse.count());
        assertArrayEquals(new int[] {2, 2, 1, 1, 0, 0}, sparse.bins());
        assertEquals(2_000_000_000, sparse.idOf(2));
        // the bound: maxId = 4 n + 1024 stays dense, one more compacts
        assertNull(PixelArgumentChecks.segmentBins(new float[1], new int[] {4 + 1024}).present());
        assertEquals(1, PixelArgumentChecks.segmentBins(new float[1], new int[] {4 + 1025}).count());
        assertEquals(0, PixelArgumentChecks.segmentBins(new float[0], new int[0]).count());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelArgumentChecks.segmentBins(map, new int[] {0, 0, -3, 0, 0, 0}));
        assertTrue(e.getMessage().contains("pixel 2") && e.getMessage().contains("-3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PixelArgumentChecks.segmentBins(map, new int[5]));
    }

    @Test
    void boxTopKAndMaskChecks() {
        float[] map = new float[20];
        PixelArgumentChecks.boxShape(map, 5, 4, 3, new float[20], null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelArgumentChecks.boxShape(map, 5, 4, 4, new float[20], null));
        assertTrue(e.getMessage().contains("odd"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PixelArgumentChecks.boxShape(map, 4, 4, 3, new float[20], new int[20]));
        assertTrue(e.getMessage().contains("4x4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PixelArgumentChecks.boxShape(map, 5, 4, 3, new float[20], new int[3]));
        assertEquals(2, PixelArgumentChecks.topKCount(new float[] {1f, 2f}, 5));
        assertEquals(1, PixelArgumentChecks.topKCount(new float[] {1f, 2f}, 1));
        e = assertThrows(IllegalArgumentException.class, () -> PixelArgumentChecks.topKCount(new float[] {1f, Float.NaN}, 1));
        assertTrue(e.getMessage().contains("index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PixelArgumentChecks.topKCount(new float[2], -1));
        BitSet mask = new BitSet();
        mask.set(4);
        PixelArgumentChecks.fillMask(new float[5], mask);
        e = assertThrows(IllegalArgumentException.class, () -> PixelArgumentChecks.fillMask(new float[4], mask));
        assertTrue(e.getMessage().contains("pixel 4"), e.getMessage());
    }
}
