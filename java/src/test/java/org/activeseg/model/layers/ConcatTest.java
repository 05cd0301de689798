package org.activeseg.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Tensor4;
import org.junit.jupiter.api.Test;

class ConcatTest {

    @Test
    void stacksChannelsPerItemAndSplitsTheGradient() {
        Concat c = new Concat("cat");
        Tensor4 a = new Tensor4(2, 1, 1, 2, new float[] {1, 2, 3, 4});
        Tensor4 b = new Tensor4(2, 2, 1, 2, new float[] {10, 11, 12, 13, 20, 21, 22, 23});
        Tensor4 y = c.forward(List.of(a, b));
        assertEquals("[2, 3, 1, 2]", y.shapeString());
        assertArrayEquals(new float[] {1, 2, 10, 11, 12, 13, 3, 4, 20, 21, 22, 23}, y.data());
        List<Tensor4> g = c.backward(y);
        assertEquals(a, g.get(0));
        assertEquals(b, g.get(1));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Concat c = new Concat("cat");
        List<Tensor4> in = List.of(Conv2dTest.random(3, 2, 7, 5, 1), Conv2dTest.random(3, 1, 7, 5, 2),
                Conv2dTest.random(3, 3, 7, 5, 3));
        GradientCheck.Report r = new GradientCheck(1e-2, 5e-3).checkFunction(in, c::forward, c::backward, 4);
        r.assertWithinTolerance("concat");
        assertEquals(3, r.results().size());
    }

    @Test
    void mismatchedInputsAreNamed() {
        Concat c = new Concat("dec.skip");
        var e = assertThrows(IllegalArgumentException.class,
                () -> c.forward(List.of(new Tensor4(2, 3, 8, 8), new Tensor4(2, 4, 8, 7))));
        assertTrue(e.getMessage().contains("dec.skip") && e.getMessage().contains("[2, 4, 8, 7]")
                && e.getMessage().contains("[2, 3, 8, 8]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.forward(List.of()));
        assertThrows(IllegalStateException.class, () -> c.backward(new Tensor4(1, 1, 1, 1)));
        c.forward(List.of(new Tensor4(1, 1, 2, 2), new Tensor4(1, 2, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> c.backward(new Tensor4(1, 2, 2, 2)));
    }
}
