package org.activeseg.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.activeseg.model.GradientCheck;
import org.activeseg.model.Tensor4;
import org.junit.jupiter.api.Test;

class GlobalAvgPoolTest {

    @Test
    void averagesEachChannelAndSpreadsTheGradient() {
        GlobalAvgPool p = new GlobalAvgPool("gap");
        Tensor4 x = new Tensor4(1, 2, 2, 2, new float[] {1, 2, 3, 4, -1, -1, 5, 1});
        assertArrayEquals(new float[] {2.5f, 1f}, p.forward(x, true).data());
        Tensor4 gx = p.backward(new Tensor4(1, 2, 1, 1, new float[] {4, -8}));
        assertArrayEquals(new float[] {1, 1, 1, 1, -2, -2, -2, -2}, gx.data());
        assertTrue(p.parameters().isEmpty());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        new GradientCheck(1e-2, 5e-3).assertLayer(new GlobalAvgPool("gap"), Conv2dTest.random(3, 4, 7, 5, 1), 2);
        new GradientCheck(1e-2, 5e-3).assertLayer(new GlobalAvgPool("gap"), Conv2dTest.random(1, 3, 1, 1, 1), 2);
    }

    @Test
    void shapeErrorsNameTheLayerAndShapes() {
        GlobalAvgPool p = new GlobalAvgPool("ll.gap");
        assertThrows(IllegalStateException.class, () -> p.backward(new Tensor4(1, 1, 1, 1)));
        p.forward(new Tensor4(2, 3, 4, 4), true);
        var e = assertThrows(IllegalArgumentException.class, () -> p.backward(new Tensor4(2, 3, 4, 4)));
        assertTrue(e.getMessage().contains("ll.gap") && e.getMessage().contains("[2, 3, 4, 4]")
                && e.getMessage().contains("[2, 3, 1, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.forward(new Tensor4(2, 3, 0, 4), true));
    }
}
