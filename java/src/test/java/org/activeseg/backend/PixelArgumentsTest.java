package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

/**
 * The shared argument checks and id compaction of {@link PixelOps} (used by the reference and the
 * CUDA backends), without a device.
 */
class PixelArgumentsTest {

    @Test
    void statisticShapesAreNamed() {
        try (FloatTensor rank3 = FloatTensor.allocate(1, 3, 4); FloatTensor map = FloatTensor.allocate(3, 4);
             FloatTensor noClasses = FloatTensor.allocate(0, 4)) {
            assertEquals(3, PixelArguments.statisticClasses(map, new float[4], "x"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PixelArguments.statisticClasses(rank3, new float[4], "pixel statistic MARGIN"));
            assertTrue(e.getMessage().contains("[1, 3, 4]") && e.getMessage().startsWith("pixel statistic MARGIN"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> PixelArguments.statisticClasses(map, new float[5], "s"));
            assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("got 5"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> PixelArguments.statisticClasses(noClasses, new float[4], "s"));
        }
    }

    @Test
    void denseIdsStayAndSparseIdsAreCompactedInOrder() {
        float[] map = new float[6];
        PixelArguments.SegmentBins dense = PixelArguments.segmentBins(map, new int[] {5, 5, 7, 7, 0, 0});
        assertNull(dense.present());
        assertEquals(8, dense.count());
        assertEquals(7, dense.idOf(7));
        PixelArguments.SegmentBins sparse =
                PixelArguments.segmentBins(map, new int[] {2_000_000_000, 2_000_000_000, 7, 7, 0, 0});
        assertEquals(3, sparse.count());
        assertArrayEquals(new int[] {2, 2, 1, 1, 0, 0}, sparse.bins());
        assertEquals(2_000_000_000, sparse.idOf(2));
        // the bound: maxId = 4 n + 1024 stays dense, one more compacts
        assertNull(PixelArguments.segmentBins(new float[1], new int[] {4 + 1024}).present());
        assertEquals(1, PixelArguments.segmentBins(new float[1], new int[] {4 + 1025}).count());
        assertEquals(0, PixelArguments.segmentBins(new float[0], new int[0]).count());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelArguments.segmentBins(map, new int[] {0, 0, -3, 0, 0, 0}));
        assertTrue(e.getMessage().contains("pixel 2") && e.getMessage().contains("-3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PixelArguments.segmentBins(map, new int[5]));
    }

    @Test
    void binsGiveTheSegmentsPresentInIdOrder() {
        PixelArguments.SegmentBins sparse =
                PixelArguments.segmentBins(new float[4], new int[] {2_000_000_000, 9, 9, 2_000_000_000});
        SegmentMeans m = sparse.means(new long[] {2, 2}, new double[] {3.0, 5.0});
        assertArrayEquals(new int[] {9, 2_000_000_000}, m.ids());
        assertArrayEquals(new long[] {2, 2}, m.counts());
        assertArrayEquals(new double[] {1.5, 2.5}, m.means());
        SegmentMeans gaps = PixelArguments.segmentBins(new float[2], new int[] {3, 1}).means(
                new long[] {0, 1, 0, 1}, new double[] {0, 4, 0, 6});
        assertArrayEquals(new int[] {1, 3}, gaps.ids());
        assertArrayEquals(new double[] {4, 6}, gaps.sums());
    }

    @Test
    void boxTopKAndMaskChecks() {
        float[] map = new float[20];
        PixelArguments.boxShape(map, 5, 4, 3, new float[20], null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelArguments.boxShape(map, 5, 4, 4, new float[20], null));
        assertTrue(e.getMessage().contains("odd"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PixelArguments.boxShape(map, 4, 4, 3, new float[20], new int[20]));
        assertTrue(e.getMessage().contains("4x4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PixelArguments.boxShape(map, 5, 4, 3, new float[20], new int[3]));
        assertEquals(2, PixelArguments.topKCount(new float[] {1f, 2f}, 5));
        assertEquals(1, PixelArguments.topKCount(new float[] {1f, 2f}, 1));
        e = assertThrows(IllegalArgumentException.class, () -> PixelArguments.topKCount(new float[] {1f, Float.NaN}, 1));
        assertTrue(e.getMessage().contains("index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PixelArguments.topKCount(new float[2], -1));
        BitSet mask = new BitSet();
        mask.set(4);
        PixelArguments.fillMask(new float[5], mask);
        e = assertThrows(IllegalArgumentException.class, () -> PixelArguments.fillMask(new float[4], mask));
        assertTrue(e.getMessage().contains("pixel 4"), e.getMessage());
    }
}
