package org.activeseg.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Tensor4;
import org.junit.jupiter.api.Test;

class Pool2dTest {

    /** Seed of the fixed random dL/d(output) of the checks. */
    private static final long R_SEED = 1234;

    /**
     * Error absolute below gradient magnitude 1 and relative above it: with eps 1e-3 the float
     * rounding of the loss leaves ~1e-4 of noise in the numeric gradients, too much for a relative
     * error on the small average-pool gradients.
     */
    private static final double FLOOR = 1.0;

    private static Tensor4 plane(int h, int w, float... v) {
        return new Tensor4(1, 1, h, w, v);
    }

    @Test
    void outputSizesFollowPyTorch() {
        // floor((in + 2p - k) / s) + 1
        assertEquals(4, Pool2d.max(3, 2, 1).outputSize(7));
        assertEquals(3, Pool2d.max(3, 2, 1).outputSize(6));
        assertEquals(2, Pool2d.avg(2, 2, 0).outputSize(5));
        assertEquals(1, Pool2d.avg(3, 1, 0).outputSize(3));
        assertEquals(-1, Pool2d.avg(3, 1, 0).outputSize(2));
        Tensor4 y = Pool2d.max(3, 2, 1).forward(new Tensor4(2, 3, 7, 6), true);
        assertEquals("[2, 3, 4, 3]", y.shapeString());
    }

    @Test
    void maxPoolByHand() {
        // 4x4 plane, kernel 2 stride 2
        Tensor4 x = plane(4, 4,
                1, 5, 2, 0,
                3, 4, 9, 1,
                -1, -2, 0, 0,
                -3, -4, 0, 7);
        Pool2d pool = Pool2d.max(2, 2, 0);
        assertArrayEquals(new float[] {5, 9, -1, 7}, pool.forward(x, true).data());
        Tensor4 g = pool.backward(plane(2, 2, 10, 20, 30, 40));
        assertArrayEquals(new float[] {
                0, 10, 0, 0,
                0, 0, 20, 0,
                30, 0, 0, 0,
                0, 0, 0, 40}, g.data());
    }

    @Test
    void maxPoolTieRoutesToFirstMaximumAndIgnoresPadding() {
        // all negative: padded cells must not win; ties go to the first in row-major order
        Tensor4 x = plane(2, 3, -1, -1, -5, -1, -2, -1);
        Pool2d pool = Pool2d.max(3, 1, 1);
        Tensor4 y = pool.forward(x, true);
        assertArrayEquals(new float[] {-1, -1, -1, -1, -1, -1}, y.data());
        Tensor4 g = pool.backward(plane(2, 3, 1, 1, 1, 1, 1, 1));
        // windows: (0,0) covers [0..1]x[0..1] -> first max index 0; (0,1) covers all -> 0; (0,2) covers cols 1..2 -> index 1;
        // (1,0) -> 0; (1,1) -> 0; (1,2) -> 1
        assertArrayEquals(new float[] {4, 2, 0, 0, 0, 0}, g.data());
    }

    @Test
    void avgPoolCountsPaddingInTheDivisor() {
        Tensor4 x = plane(2, 2, 1, 2, 3, 4);
        Pool2d pool = Pool2d.avg(3, 2, 1);
        // one window covering the whole 2x2 plane plus padding: sum 10 / 9
        Tensor4 y = pool.forward(x, true);
        assertArrayEquals(new float[] {10f / 9f}, y.data(), 1e-7f);
        Tensor4 g = pool.backward(plane(1, 1, 9));
        assertArrayEquals(new float[] {1, 1, 1, 1}, g.data(), 1e-6f);

        Pool2d p2 = Pool2d.avg(2, 1, 0);
        assertArrayEquals(new float[] {2.5f}, p2.forward(x, true).data());
    }

    /** Distinct values spaced 0.05 apart in random order, so a 1e-3 perturbation never changes an argmax. */
    private static Tensor4 distinct(SplittableRandom rng, int n, int c, int h, int w) {
        Tensor4 t = new Tensor4(n, c, h, w);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.05f * i - 1f;
        }
        for (int i = d.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            float tmp = d[i];
            d[i] = d[j];
            d[j] = tmp;
        }
        return t;
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(21);
        int[][] shapes = {{2, 3, 7, 5}, {1, 2, 4, 4}, {3, 1, 5, 6}};
        int[][] configs = {{3, 2, 1}, {2, 2, 0}, {3, 1, 0}, {2, 1, 1}};
        for (int[] s : shapes) {
            for (int[] k : configs) {
                Tensor4 x = distinct(rng, s[0], s[1], s[2], s[3]);
                String what = java.util.Arrays.toString(s) + " k" + k[0] + " s" + k[1] + " p" + k[2];
                GradientCheck check = new GradientCheck(1e-3, 1e-2).withFloor(FLOOR);
                check.checkLayer(Pool2d.max(k[0], k[1], k[2]), x, R_SEED).assertWithinTolerance("max " + what);
                check.checkLayer(Pool2d.avg(k[0], k[1], k[2]), x, R_SEED).assertWithinTolerance("avg " + what);
            }
        }
    }

    @Test
    void badConfigurationsAndShapesAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> Pool2d.max(3, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Pool2d.avg(0, 1, 0));
        Pool2d pool = Pool2d.max(3, 1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.forward(new Tensor4(1, 1, 2, 5), true));
        assertTrue(e.getMessage().contains("MAX pool") && e.getMessage().contains("[1, 1, 2, 5]"), e.getMessage());
        pool.forward(new Tensor4(1, 2, 4, 5), true);
        e = assertThrows(IllegalArgumentException.class, () -> pool.backward(new Tensor4(1, 2, 2, 2)));
        assertTrue(e.getMessage().contains("[1, 2, 2, 2]") && e.getMessage().contains("[1, 2, 2, 3]"), e.getMessage());
    }
}
