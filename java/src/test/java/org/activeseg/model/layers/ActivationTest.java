package org.activeseg.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Tensor4;
import org.junit.jupiter.api.Test;

class ActivationTest {

    /** Seed of the fixed random dL/d(output) of the checks. */
    private static final long R_SEED = 1234;

    @Test
    void reluValuesAndKinkGradients() {
        Activation relu = Activation.relu();
        Tensor4 x = new Tensor4(1, 1, 1, 6, new float[] {-2, 0, 0.5f, 6, 7, Float.NaN});
        Tensor4 y = relu.forward(x, true);
        assertArrayEquals(new float[] {0, 0, 0.5f, 6, 7, Float.NaN}, y.data());
        Tensor4 g = relu.backward(new Tensor4(1, 1, 1, 6, new float[] {1, 2, 3, 4, 5, 6}));
        assertArrayEquals(new float[] {0, 0, 3, 4, 5, 0}, g.data());
    }

    @Test
    void relu6ValuesAndKinkGradients() {
        Activation relu6 = Activation.relu6();
        Tensor4 x = new Tensor4(1, 1, 1, 6, new float[] {-2, 0, 0.5f, 6, 7, 5.999f});
        assertArrayEquals(new float[] {0, 0, 0.5f, 6, 6, 5.999f}, relu6.forward(x, false).data());
        Tensor4 g = relu6.backward(new Tensor4(1, 1, 1, 6, new float[] {1, 2, 3, 4, 5, 6}));
        assertArrayEquals(new float[] {0, 0, 3, 0, 0, 6}, g.data());
    }

    /** Values at least 0.05 away from the kinks 0 and 6, so a perturbation of 1e-2 stays on one side. */
    private static Tensor4 awayFromKinks(SplittableRandom rng, int n, int c, int h, int w) {
        Tensor4 t = GradientCheck.random(rng, n, c, h, w, -3, 9);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (Math.abs(d[i]) < 0.05f) {
                d[i] += 0.1f;
            }
            if (Math.abs(d[i] - 6) < 0.05f) {
                d[i] += 0.1f;
            }
        }
        return t;
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int[] s : new int[][] {{2, 3, 3, 5}, {1, 1, 7, 1}}) {
            Tensor4 x = awayFromKinks(rng, s[0], s[1], s[2], s[3]);
            GradientCheck check = new GradientCheck(1e-2, 1e-3);
            check.checkLayer(Activation.relu(), x, R_SEED).assertWithinTolerance("relu " + x.shapeString());
            check.checkLayer(Activation.relu6(), x, R_SEED).assertWithinTolerance("relu6 " + x.shapeString());
        }
    }

    @Test
    void largeInputRunsInChunksWithSameResult() {
        SplittableRandom rng = new SplittableRandom(8);
        Tensor4 x = GradientCheck.random(rng, 2, 8, 64, 65, -8, 8);
        Tensor4 y = Activation.relu6().forward(x, true);
        for (int i = 0; i < x.size(); i++) {
            float v = x.data()[i];
            if (y.data()[i] != Math.min(Math.max(v, 0f), 6f)) {
                throw new AssertionError("element " + i);
            }
        }
    }

    @Test
    void backwardShapeMismatchNamesShapes() {
        Activation relu = Activation.relu();
        relu.forward(new Tensor4(1, 2, 3, 3), true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> relu.backward(new Tensor4(1, 2, 3, 4)));
        assertTrue(e.getMessage().contains("RELU") && e.getMessage().contains("[1, 2, 3, 4]")
                && e.getMessage().contains("[1, 2, 3, 3]"), e.getMessage());
    }
}
