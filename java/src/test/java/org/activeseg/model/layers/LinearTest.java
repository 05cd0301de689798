package org.activeseg.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Tensor4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinearTest {

    @Test
    void handComputedForwardAndBackward() {
        Linear l = new Linear("fc", 3, 2, true, new SplittableRandom(0));
        System.arraycopy(new float[] {1, 2, 3, -1, 0, 2}, 0, l.weight().value(), 0, 6);
        l.bias().value()[0] = 0.5f;
        l.bias().value()[1] = -1f;
        Tensor4 x = new Tensor4(2, 3, 1, 1, new float[] {1, 1, 1, 2, 0, -1});
        Tensor4 y = l.forward(x, true);
        assertEquals("[2, 2, 1, 1]", y.shapeString());
        // row 0: (1+2+3)+0.5, (-1+0+2)-1 ; row 1: (2+0-3)+0.5, (-2+0-2)-1
        assertArrayEquals(new float[] {6.5f, 0f, -0.5f, -5f}, y.data());

        Tensor4 gx = l.backward(new Tensor4(2, 2, 1, 1, new float[] {1, 0, 2, 1}));
        // dx = dy W : row0 = (1,2,3) ; row1 = 2*(1,2,3) + (-1,0,2) = (1,4,8)
        assertArrayEquals(new float[] {1, 2, 3, 1, 4, 8}, gx.data());
        // dW = dy^T x : row0 = 1*(1,1,1) + 2*(2,0,-1) = (5,1,-1) ; row1 = 1*(2,0,-1)
        assertArrayEquals(new float[] {5, 1, -1, 2, 0, -1}, l.weight().grad());
        assertArrayEquals(new float[] {3, 1}, l.bias().grad());
    }

    @ParameterizedTest(name = "in {0} out {1} bias {2} batch {3}")
    @CsvSource({"5, 3, true, 1", "5, 3, false, 3", "1, 7, true, 3", "17, 1, true, 4", "9, 6, true, 2"})
    void gradientsMatchFiniteDifferences(int in, int out, boolean bias, int n) {
        Linear l = new Linear("fc", in, out, bias, new SplittableRandom(in * 31L + out));
        new GradientCheck(1e-2, 5e-3).assertLayer(l, Conv2dTest.random(n, in, 1, 1, 4), 8);
    }

    @Test
    void initIsUniformWithinOneOverSqrtFanInAndDeterministic() {
        Linear a = new Linear("a", 100, 50, true, new SplittableRandom(3));
        Linear b = new Linear("b", 100, 50, true, new SplittableRandom(3));
        Linear c = new Linear("c", 100, 50, true, new SplittableRandom(4));
        assertArrayEquals(a.weight().value(), b.weight().value());
        assertArrayEquals(a.bias().value(), b.bias().value());
        assertFalse(Arrays.equals(a.weight().value(), c.weight().value()));
        float max = 0;
        double sq = 0;
        for (float v : a.weight().value()) {
            max = Math.max(max, Math.abs(v));
            sq += v * v;
        }
        assertTrue(max <= 0.1f && max > 0.099f, "bound 1/sqrt(100), got max " + max);
        assertEquals(0.01 / 3, sq / a.weight().size(), 0.05 * 0.01 / 3, "variance of U(-b, b) is b^2 / 3");
        for (float v : a.bias().value()) {
            assertTrue(Math.abs(v) <= 0.1f);
        }
        assertArrayEquals(new int[] {50, 100}, a.weight().shape());
        assertTrue(a.weight().decay());
        assertFalse(a.bias().decay());
    }

    @Test
    void shapeErrorsNameTheLayerAndShapes() {
        Linear l = new Linear("head.fc", 4, 2, true, new SplittableRandom(0));
        var e = assertThrows(IllegalArgumentException.class, () -> l.forward(new Tensor4(2, 4, 2, 1), true));
        assertTrue(e.getMessage().contains("head.fc") && e.getMessage().contains("[2, 4, 2, 1]")
                && e.getMessage().contains("[N, 4, 1, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> l.forward(new Tensor4(2, 5, 1, 1), true));
        l.forward(new Tensor4(2, 4, 1, 1), true);
        e = assertThrows(IllegalArgumentException.class, () -> l.backward(new Tensor4(3, 2, 1, 1)));
        assertTrue(e.getMessage().contains("[3, 2, 1, 1]") && e.getMessage().contains("[2, 2, 1, 1]"), e.getMessage());
    }
}
