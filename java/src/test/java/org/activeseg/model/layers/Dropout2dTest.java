package org.activeseg.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Tensor4;
import org.junit.jupiter.api.Test;

class Dropout2dTest {

    /** Seed of the fixed random dL/d(output) of the checks. */
    private static final long R_SEED = 1234;

    private static Tensor4 ones(int n, int c, int h, int w) {
        Tensor4 t = new Tensor4(n, c, h, w);
        java.util.Arrays.fill(t.data(), 1f);
        return t;
    }

    @Test
    void zeroesWholeChannelsWithProbabilityPAndScalesSurvivors() {
        double p = 0.3;
        Dropout2d drop = new Dropout2d(p, new SplittableRandom(42));
        int planes = 0;
        int zeroed = 0;
        for (int draw = 0; draw < 200; draw++) {
            Tensor4 y = drop.forward(ones(4, 16, 3, 2), true);
            for (int b = 0; b < 4; b++) {
                for (int c = 0; c < 16; c++) {
                    float first = y.get(b, c, 0, 0);
                    for (int i = 0; i < 6; i++) {
                        assertEquals(first, y.get(b, c, i / 2, i % 2), "channel is not dropped as a whole");
                    }
                    if (first == 0f) {
                        zeroed++;
                    } else {
                        assertEquals((float) (1 / (1 - p)), first, 1e-6f);
                    }
                    planes++;
                }
            }
        }
        double fraction = (double) zeroed / planes;
        // 12800 Bernoulli(0.3) draws: standard deviation about 0.004
        assertEquals(p, fraction, 0.02, "fraction of dropped channels");
    }

    @Test
    void sameSeedSameMasksDifferentSeedDifferentMasks() {
        Tensor4 x = GradientCheck.random(new SplittableRandom(1), 3, 8, 2, 2, -1, 1);
        Dropout2d a = new Dropout2d(0.5, new SplittableRandom(9));
        Dropout2d b = new Dropout2d(0.5, new SplittableRandom(9));
        Dropout2d c = new Dropout2d(0.5, new SplittableRandom(10));
        for (int i = 0; i < 3; i++) {
            Tensor4 ya = a.forward(x, true);
            assertEquals(ya, b.forward(x, true));
            assertNotEquals(ya, c.forward(x, true));
        }
    }

    @Test
    void inactiveInEvalUnlessMcDropoutIsOn() {
        Tensor4 x = GradientCheck.random(new SplittableRandom(2), 2, 6, 3, 3, -1, 1);
        Dropout2d drop = new Dropout2d(0.5, new SplittableRandom(3));
        Tensor4 y = drop.forward(x, false);
        assertEquals(x, y);
        assertNull(drop.lastMask());
        Tensor4 g = GradientCheck.random(new SplittableRandom(4), 2, 6, 3, 3, -1, 1);
        assertEquals(g, drop.backward(g));

        drop.mcDropout(true);
        Tensor4 mc = drop.forward(x, false);
        assertNotEquals(x, mc);
        float[] mask = drop.lastMask();
        assertEquals(12, mask.length);
        assertTrue(mask[0] == 0f || mask[0] == 2f);
    }

    @Test
    void backwardUsesTheForwardMask() {
        Tensor4 x = ones(2, 5, 2, 3);
        Dropout2d drop = new Dropout2d(0.4, new SplittableRandom(5));
        drop.forward(x, true);
        float[] mask = drop.lastMask();
        Tensor4 g = GradientCheck.random(new SplittableRandom(6), 2, 5, 2, 3, -1, 1);
        Tensor4 gi = drop.backward(g);
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 5; c++) {
                for (int i = 0; i < 6; i++) {
                    assertEquals(g.get(b, c, i / 3, i % 3) * mask[b * 5 + c], gi.get(b, c, i / 3, i % 3));
                }
            }
        }
    }

    @Test
    void gradientWithFixedMask() {
        long seed = 77;
        Tensor4 x = GradientCheck.random(new SplittableRandom(8), 2, 6, 3, 5, -2, 2);
        Dropout2d layer = new Dropout2d(0.5, new SplittableRandom(seed));
        // every perturbed forward runs a fresh layer with the same seed, so it draws the analytic pass's mask
        new GradientCheck(1e-2, 1e-3).withTraining(true)
                .checkLayer(layer, x, in -> new Dropout2d(0.5, new SplittableRandom(seed)).forward(in, true), R_SEED)
                .assertWithinTolerance("dropout");
    }

    @Test
    void probabilityEdgesAndErrors() {
        Tensor4 x = GradientCheck.random(new SplittableRandom(8), 1, 4, 2, 2, -2, 2);
        assertEquals(x, new Dropout2d(0, new SplittableRandom(1)).forward(x, true));
        assertArrayEquals(new float[16], new Dropout2d(1, new SplittableRandom(1)).forward(x, true).data(), 0f);
        assertThrows(IllegalArgumentException.class, () -> new Dropout2d(1.5, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> new Dropout2d(Double.NaN, new SplittableRandom(1)));
        Dropout2d d = new Dropout2d(0.5, new SplittableRandom(1));
        d.forward(x, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.backward(new Tensor4(1, 4, 2, 3)));
        assertTrue(e.getMessage().contains("[1, 4, 2, 3]") && e.getMessage().contains("[1, 4, 2, 2]"), e.getMessage());
    }
}
