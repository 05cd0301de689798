package org.activeseg.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Tensor4;
import org.junit.jupiter.api.Test;

class BilinearUpsampleTest {

    /** Seed of the fixed random dL/d(output) of the checks. */
    private static final long R_SEED = 1234;

    private static final Tensor4 SQUARE = new Tensor4(1, 1, 2, 2, new float[] {1, 2, 3, 4});

    @Test
    void alignCornersTrue2x2To3x3() {
        // PyTorch: interpolate([[1, 2], [3, 4]], size=(3, 3), mode="bilinear", align_corners=True)
        Tensor4 y = new BilinearUpsample(3, 3, true).forward(SQUARE, false);
        assertArrayEquals(new float[] {1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4}, y.data(), 1e-6f);
    }

    @Test
    void alignCornersFalse2x2To4x4ClampsAtZero() {
        // source coordinates max((d + 0.5) / 2 - 0.5, 0) = 0, 0.25, 0.75, 1.25 -> weights give 0, 0.25, 0.75, 1
        Tensor4 y = new BilinearUpsample(4, 4, false).forward(SQUARE, false);
        float[] t = {0, 0.25f, 0.75f, 1};
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(1 + t[c] + 2 * t[r], y.get(0, 0, r, c), 1e-6f, "(" + r + ", " + c + ")");
            }
        }
    }

    @Test
    void nonIntegerFactorsAlongOneAxis() {
        Tensor4 x = new Tensor4(1, 1, 1, 3, new float[] {0, 10, 20});
        assertArrayEquals(new float[] {0, 4, 10, 16, 20}, new BilinearUpsample(1, 5, false).forward(x, false).data(), 1e-5f);
        assertArrayEquals(new float[] {0, 5, 10, 15, 20}, new BilinearUpsample(1, 5, true).forward(x, false).data(), 1e-5f);
        Tensor4 x5 = new Tensor4(1, 1, 1, 5, new float[] {0, 10, 20, 30, 40});
        // downsampling 5 -> 3, align_corners false: sources 1/3, 2, 11/3
        assertArrayEquals(new float[] {10f / 3, 20, 110f / 3}, new BilinearUpsample(1, 3, false).forward(x5, false).data(), 1e-4f);
        // a single output pixel: align_corners true takes index 0; false takes the centre (5 / 1 * 0.5 - 0.5 = 2)
        assertArrayEquals(new float[] {0}, new BilinearUpsample(1, 1, true).forward(x5, false).data());
        assertArrayEquals(new float[] {20}, new BilinearUpsample(1, 1, false).forward(x5, false).data());
    }

    @Test
    void sameSizeIsIdentity() {
        Tensor4 x = GradientCheck.random(new SplittableRandom(3), 2, 3, 5, 7, -1, 1);
        assertEquals(x, new BilinearUpsample(5, 7, true).forward(x, false));
        Tensor4 y = new BilinearUpsample(5, 7, false).forward(x, false);
        assertArrayEquals(x.data(), y.data(), 1e-6f);
    }

    @Test
    void backwardIsTheAdjointAndConservesTheGradientSum() {
        SplittableRandom rng = new SplittableRandom(4);
        int[][] cases = {{3, 5, 7, 4}, {2, 2, 4, 4}, {5, 3, 11, 8}, {4, 6, 2, 3}, {1, 1, 3, 5}};
        for (boolean align : new boolean[] {true, false}) {
            for (int[] s : cases) {
                BilinearUpsample up = new BilinearUpsample(s[2], s[3], align);
                Tensor4 x = GradientCheck.random(rng, 2, 3, s[0], s[1], -1, 1);
                Tensor4 y = up.forward(x, false);
                Tensor4 g = GradientCheck.random(rng, 2, 3, s[2], s[3], -1, 1);
                Tensor4 gi = up.backward(g);
                double lhs = GradientCheck.dot(y, g);
                double rhs = GradientCheck.dot(x, gi);
                assertEquals(lhs, rhs, 1e-5 * Math.max(1, Math.abs(lhs)), "adjoint " + java.util.Arrays.toString(s) + " align " + align);
                double sg = 0;
                double sgi = 0;
                for (float v : g.data()) sg += v;
                for (float v : gi.data()) sgi += v;
                assertEquals(sg, sgi, 1e-4, "gradient sum " + java.util.Arrays.toString(s));
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(5);
        int[][] cases = {{3, 4, 6, 8}, {3, 5, 7, 4}, {2, 3, 5, 5}};
        for (boolean align : new boolean[] {true, false}) {
            for (int[] s : cases) {
                Tensor4 x = GradientCheck.random(rng, 2, 2, s[0], s[1], -1, 1);
                new GradientCheck(1e-2, 1e-3).withTraining(false)
                        .checkLayer(new BilinearUpsample(s[2], s[3], align), x, R_SEED)
                        .assertWithinTolerance("upsample " + java.util.Arrays.toString(s) + " align " + align);
            }
        }
    }

    @Test
    void badSizesAndShapesAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> new BilinearUpsample(0, 3, true));
        BilinearUpsample up = new BilinearUpsample(6, 6, false);
        up.forward(new Tensor4(1, 2, 3, 3), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> up.backward(new Tensor4(1, 2, 6, 5)));
        assertTrue(e.getMessage().contains("[1, 2, 6, 5]") && e.getMessage().contains("[1, 2, 6, 6]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> up.forward(new Tensor4(1, 2, 0, 3), false));
        assertTrue(e.getMessage().contains("[1, 2, 0, 3]"), e.getMessage());
    }
}
