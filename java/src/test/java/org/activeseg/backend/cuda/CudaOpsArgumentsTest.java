package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Host-side checks of CudaRegionOps and CudaDiversityOps, which run before any device call (so the
 * operations are built here without a context or library): bad shapes, NaN, out-of-range classes,
 * ranks and centres give the reference's messages, and empty work returns without the device.
 */
class CudaOpsArgumentsTest {
    private final CudaRegionOps regions = new CudaRegionOps(null, null);
    private final CudaDiversityOps diversity = new CudaDiversityOps(null, null);

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void regionArgumentsAreCheckedOnTheHost() {
        assertMessage("score has 5 values", () -> regions.greedySelect(new float[5], 2, 2, 0, 1, new boolean[4]));
        assertMessage("score[1] (x=1, y=0) is NaN",
                () -> regions.greedySelect(new float[] {0, Float.NaN}, 2, 1, 0, 1, new boolean[2]));
        assertMessage("bad selection", () -> regions.greedySelect(new float[4], 2, 2, -1, 1, new boolean[4]));
        assertMessage("argmax[1] = 3", () -> regions.impurityUncertainty(new int[] {0, 3}, new float[2], 2, 1, 2, 1,
                1e-6, 1, new float[2], new float[2]));
        assertMessage("uncertainty has 1 values", () -> regions.impurityUncertainty(new int[] {0, 1}, new float[2], 2, 1,
                2, 1, 1e-6, 1, new float[2], new float[1]));
        assertMessage("norm 0.0", () -> regions.impurityUncertainty(new int[] {0, 1}, new float[2], 2, 1, 2, 1, 1e-6, 0,
                new float[2], new float[2]));
        try (FloatTensor probs = FloatTensor.allocate(1, 2, 3)) {
            assertMessage("entropy has 2 values", () -> regions.meanEntropyArgmax(probs, 1e-6, 1, new float[2], new int[3]));
        }
        try (FloatTensor flat = FloatTensor.allocate(2, 3)) {
            assertMessage("(T, C, P)", () -> regions.meanEntropyArgmax(flat, 1e-6, 1, new float[3], new int[3]));
        }
        assertMessage("percentile 101.0 is outside", () -> regions.percentile(new float[] {1}, null, 101));
        assertMessage("valid has 1 values", () -> regions.percentile(new float[] {1, 2}, new boolean[1], 50));
        assertMessage("value 1 is NaN", () -> regions.percentile(new float[] {1, Float.NaN}, null, 50));
        assertMessage("no valid values", () -> regions.percentile(new float[] {1, 2}, new boolean[2], 50));
    }

    @Test
    void emptyWorkNeedsNoDevice() {
        assertArrayEquals(new int[0], regions.greedySelect(new float[4], 2, 2, 0, 0, new boolean[4]));
        try (FloatTensor probs = FloatTensor.allocate(1, 2, 0)) {
            regions.meanEntropyArgmax(probs, 1e-6, 1, new float[0], new int[0]);
        }
        try (FloatTensor x = FloatTensor.allocate(3, 2)) {
            assertArrayEquals(new int[0], diversity.kCenterGreedy(x, new int[0], 0, 0, (i, d) -> true));
        }
    }

    @Test
    void diversityArgumentsAreCheckedOnTheHost() {
        try (FloatTensor x = FloatTensor.allocate(4, 3)) {
            assertMessage("minDistances has 3 values", () -> diversity.updateMinDistances(x, 0, new double[3]));
            assertMessage("centre 4", () -> diversity.updateMinDistances(x, 4, new double[4]));
            assertMessage("initial centre -1", () -> diversity.kCenterGreedy(x, new int[] {-1}, 0, 2, (i, d) -> true));
            assertMessage("first pick 9", () -> diversity.kCenterGreedy(x, new int[0], 9, 2, (i, d) -> true));
        }
        try (FloatTensor cube = FloatTensor.allocate(2, 2, 2)) {
            assertMessage("(N, D)", () -> diversity.updateMinDistances(cube, 0, new double[2]));
        }
    }
}
