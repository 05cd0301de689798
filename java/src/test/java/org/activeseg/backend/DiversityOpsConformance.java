package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

/**
 * Core-set cases every backend must pass: a hand case where k-center picks the known farthest
 * points, ties to the lowest index, a 100k x 64 distance update against a direct computation on
 * sampled rows, and shape errors. Subclasses supply the backend.
 */
public abstract class DiversityOpsConformance {

    protected abstract ScoringBackend backend();

    private DiversityOps ops() {
        return backend().diversity();
    }

    @Test
    void picksTheFarthestPointsInOrder() {
        // 1-D points 0, 1, 5, 10, 4 with centre 0: distances 1, 5, 10, 4 -> 10 first, then 5 (5 vs 4 -> 5), then 4 ...
        try (FloatTensor x = FloatTensor.of(new float[] {0, 1, 5, 10, 4}, 5, 1)) {
            List<Double> dist = new ArrayList<>();
            int[] picks = ops().kCenterGreedy(x, new int[] {0}, -1, 10, (i, d) -> dist.add(d));
            // after 10 and 5: point 1 has distance 1, point 4 has distance 1 -> lowest index 1
            assertArrayEquals(new int[] {3, 2, 1, 4}, picks);
            assertEquals(List.of(10.0, 5.0, 1.0, 1.0), dist);
        }
    }

    @Test
    void firstPickWithoutCentresAndListenerStops() {
        try (FloatTensor x = FloatTensor.of(new float[] {0, 0, 3, 4, 0, 1}, 3, 2)) {
            int[] picks = ops().kCenterGreedy(x, new int[0], 2, 3, (i, d) -> i != 0);
            // from row 2 (0, 1): row 0 at 1, row 1 (3, 4) at sqrt(9 + 9) -> row 1, then row 0 stops
            assertArrayEquals(new int[] {2, 1, 0}, picks);
        }
    }

    @Test
    void largeUpdateMatchesDirectDistances() {
        int n = 100_000;
        int d = 64;
        SplittableRandom rnd = new SplittableRandom(5);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        try (FloatTensor x = FloatTensor.of(v, n, d)) {
            double[] min = new double[n];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            ops().updateMinDistances(x, 17, min);
            ops().updateMinDistances(x, 99_999, min);
            assertEquals(0.0, min[17]);
            assertEquals(0.0, min[99_999]);
            for (int trial = 0; trial < 200; trial++) {
                int i = rnd.nextInt(n);
                double a = 0;
                double b = 0;
                for (int j = 0; j < d; j++) {
                    a += Math.pow((double) v[i * d + j] - v[17 * d + j], 2);
                    b += Math.pow((double) v[i * d + j] - v[99_999 * d + j], 2);
                }
                assertEquals(Math.min(Math.sqrt(a), Math.sqrt(b)), min[i], 1e-9, "row " + i);
            }
        }
    }

    @Test
    void badShapesNameTheProblem() {
        try (FloatTensor x = FloatTensor.allocate(4, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ops().updateMinDistances(x, 0, new double[3]));
            assertTrue(e.getMessage().contains("minDistances has 3 values"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ops().updateMinDistances(x, 4, new double[4]));
            assertTrue(e.getMessage().contains("centre 4"), e.getMessage());
        }
    }
}
