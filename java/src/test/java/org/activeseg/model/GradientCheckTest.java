package org.activeseg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GradientCheckTest {

    /** y = a * x^2 elementwise with a scalar parameter a; optionally a wrong input gradient. */
    private static final class Square implements Layer {
        final Parameter a = new Parameter("square.a", false, 1);
        final boolean wrong;
        Tensor4 x;

        Square(boolean wrong) {
            this.wrong = wrong;
            a.value()[0] = 1.5f;
        }

        @Override
        public Tensor4 forward(Tensor4 input, boolean training) {
            x = input;
            Tensor4 y = input.zerosLike();
            for (int i = 0; i < y.size(); i++) {
                y.data()[i] = a.value()[0] * input.data()[i] * input.data()[i];
            }
            return y;
        }

        @Override
        public Tensor4 backward(Tensor4 g) {
            Tensor4 gx = x.zerosLike();
            for (int i = 0; i < gx.size(); i++) {
                float xi = x.data()[i];
                gx.data()[i] = g.data()[i] * a.value()[0] * (wrong && i == 3 ? 3 : 2) * xi;
                a.grad()[0] += g.data()[i] * xi * xi;
            }
            return gx;
        }

        @Override
        public List<Parameter> parameters() { return List.of(a); }
    }

    private static Tensor4 input() {
        Tensor4 t = new Tensor4(1, 2, 2, 2);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = 0.5f + 0.25f * i;
        }
        return t;
    }

    @Test
    void correctGradientsPassAndValuesAreRestored() {
        Tensor4 in = input();
        Tensor4 before = in.copy();
        Square layer = new Square(false);
        GradientCheck.Report r = new GradientCheck(1e-2, 1e-3).assertLayer(layer, in, 1);
        assertEquals(2, r.results().size());
        assertEquals(8, r.results().get(0).checked());
        assertEquals(before, in);
        assertEquals(1.5f, layer.a.value()[0]);
    }

    @Test
    void wrongInputGradientIsReportedWithItsIndex() {
        GradientCheck.Report r = new GradientCheck(1e-2, 1e-2).checkLayer(new Square(true), input(), 1);
        assertFalse(r.passed());
        assertEquals("input", r.worst().tensor());
        assertEquals(3, r.worst().worstIndex());
        assertEquals(1.0 / 3, r.worst().error(), 1e-3, "3x vs 2x: |3 - 2| / 3");
        AssertionError e = assertThrows(AssertionError.class, () -> r.assertWithinTolerance("square"));
        assertTrue(e.getMessage().contains("FAIL input"), e.getMessage());
    }

    @Test
    void severalInputsThroughLambdas() {
        Tensor4 a = input();
        Tensor4 b = input();
        GradientCheck.Report r = new GradientCheck(1e-2, 1e-3).checkFunction(List.of(a, b),
                in -> {
                    Tensor4 y = in.get(0).zerosLike();
                    for (int i = 0; i < y.size(); i++) {
                        y.data()[i] = in.get(0).data()[i] * in.get(1).data()[i];
                    }
                    return y;
                },
                g -> {
                    Tensor4 ga = a.zerosLike();
                    Tensor4 gb = b.zerosLike();
                    for (int i = 0; i < g.size(); i++) {
                        ga.data()[i] = g.data()[i] * b.data()[i];
                        gb.data()[i] = g.data()[i] * a.data()[i];
                    }
                    return List.of(ga, gb);
                }, 7);
        assertTrue(r.passed(), r.toString());
        assertEquals(List.of("input0", "input1"), r.results().stream().map(GradientCheck.Result::tensor).toList());
    }

    @Test
    void maxChecksPerTensorSpreadsTheChecks() {
        GradientCheck.Report r = new GradientCheck(1e-2, 1e-3).withMaxChecksPerTensor(3)
                .checkLayer(new Square(false), input(), 1);
        assertEquals(3, r.results().get(0).checked());
    }
}
