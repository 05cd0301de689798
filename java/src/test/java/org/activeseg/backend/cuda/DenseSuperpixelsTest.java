package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.activeseg.backend.ViewOps.CoverageKey;
import org.activeseg.geometry.Camera;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;
import org.junit.jupiter.api.Test;

/**
 * Host-side staging of CudaViewOps: dense superpixel renumbering and the decoding of the coverage
 * kernel's keys (by hand on a 3-frame example), the camera packing of activeseg.h, and the batch size
 * of the view-statistics workspace.
 */
class DenseSuperpixelsTest {
    // three frames of 4 pixels: ids {5, 9}, {2}, {7, 3, 100}
    private static final List<int[]> MAPS = List.of(new int[] {9, 5, 5, 9}, new int[] {2, 2, 2, 2},
            new int[] {100, 3, 7, 7});

    @Test
    void renumbersEachFrameDenselyInIdOrder() {
        DenseSuperpixels d = DenseSuperpixels.of(MAPS, 3, 4);
        assertArrayEquals(new int[] {1, 0, 0, 1, 0, 0, 0, 0, 2, 0, 1, 1}, d.dense());
        assertArrayEquals(new long[] {0, 2, 3}, d.offsets());
        assertEquals(6, d.total());
        assertEquals(2, d.count(0));
        assertEquals(3, d.count(2));
        assertArrayEquals(new long[] {1, 2, 1}, d.areas(2));
        assertEquals(12, d.sentinel(0));
        assertEquals(18, d.sentinel(2));
    }

    @Test
    void decodesKernelKeysIntoTheCallersIds() {
        DenseSuperpixels d = DenseSuperpixels.of(MAPS, 3, 4);
        // key = targetDense * total + offset(source) + sourceDense
        assertEquals(new CoverageKey(5, 0, 5), d.decode(0, 0));
        assertEquals(new CoverageKey(5, 0, 9), d.decode(0, 1));
        assertEquals(new CoverageKey(5, 1, 2), d.decode(0, 2));
        assertEquals(new CoverageKey(9, 2, 100), d.decode(0, 6 + 3 + 2));
        assertEquals(new CoverageKey(100, 2, 3), d.decode(2, 2 * 6 + 3));
        assertEquals(new CoverageKey(2, 0, 9), d.decode(1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.decode(0, 12));
        assertTrue(e.getMessage().contains("coverage key 12 of target 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.decode(1, -1));
    }

    @Test
    void refusesMapsOfTheWrongCountOrSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DenseSuperpixels.of(MAPS, 2, 4));
        assertEquals("3 superpixel maps for 2 frames", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DenseSuperpixels.of(List.of(new int[4], new int[3]), 2, 4));
        assertEquals("frame 1: superpixel map has 3 values, expected 4", e.getMessage());
    }

    @Test
    void packsIntrinsicsAndBothPoseMatrices() {
        Pose pose = Pose.of(new double[] {0, -1, 0, 1, 0, 0, 0, 0, 1}, 1, 2, 3);
        double[] packed = PackedCameras.pack(List.of(new Camera(new Intrinsics(10, 11, 4.5, 3.5), Pose.identity(), 8, 6),
                new Camera(new Intrinsics(20, 21, 7.5, 5.5), pose, 8, 6)));
        assertEquals(72, packed.length);
        assertArrayEquals(new double[] {10, 11, 4.5, 3.5, 1, 0, 0, 0}, java.util.Arrays.copyOfRange(packed, 0, 8));
        assertArrayEquals(new double[] {20, 21, 7.5, 5.5}, java.util.Arrays.copyOfRange(packed, 36, 40));
        assertArrayEquals(pose.matrix(), java.util.Arrays.copyOfRange(packed, 40, 56));
        assertArrayEquals(pose.inverse(), java.util.Arrays.copyOfRange(packed, 56, 72));
        // world2cam of this pose takes the centre (1, 2, 3) to the origin
        assertEquals(0.0, packed[56] * 1 + packed[57] * 2 + packed[58] * 3 + packed[59], 1e-12);
    }

    @Test
    void batchesAsManyTargetsAsTheBudgetHolds() {
        assertEquals(0, CudaViewOps.batchTargets(0, 100, 1000));
        assertEquals(1, CudaViewOps.batchTargets(25, 100, 50), "at least one target");
        assertEquals(10, CudaViewOps.batchTargets(25, 100, 1000));
        assertEquals(10, CudaViewOps.batchTargets(25, 100, 1099));
        assertEquals(25, CudaViewOps.batchTargets(25, 100, 1L << 40), "at most all targets");
    }
}
