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

    @Test
    void numericForwardReplacesTheLayerForwardOnlyInThePerturbedPasses() {
        Square layer = new Square(false);
        GradientCheck check = new GradientCheck(1e-2, 1e-3);
        assertTrue(check.checkLayer(layer, input(), in -> layer.forward(in, true), 1).passed());
        // a numeric forward that ignores the layer's parameter and doubles the output disagrees everywhere
        Square other = new Square(false);
        GradientCheck.Report r = check.checkLayer(layer, input(), in -> {
            Tensor4 y = other.forward(in, true);
            for (int i = 0; i < y.size(); i++) {
                y.data()[i] *= 2;
            }
            return y;
        }, 1);
        assertFalse(r.passed());
        assertEquals(List.of("input", "square.a"), r.results().stream().map(GradientCheck.Result::tensor).toList());
    }

    @Test
    void compareChecksAScalarLossAndRestoresTheValues() {
        float[] x = {0.5f, -1.25f, 2f, 0.75f};
        float[] before = x.clone();
        float[] grad = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            grad[i] = 3 * x[i] * x[i];
        }
        java.util.function.DoubleSupplier cubes = () -> {
            double s = 0;
            for (float v : x) {
                s += (double) v * v * v;
            }
            return s;
        };
        GradientCheck check = new GradientCheck(1e-3, 1e-4);
        check.compare("cubes", x, grad, cubes).assertWithinTolerance("cubes");
        assertTrue(java.util.Arrays.equals(before, x));

        grad[2] *= 1.01f;
        GradientCheck.Report r = check.compare("cubes", x, grad, cubes);
        assertFalse(r.passed());
        assertEquals(2, r.worst().worstIndex());
        assertEquals(4, r.worst().checked());
    }

    @Test
    void randomIsSeededAndWithinBounds() {
        Tensor4 a = GradientCheck.random(new java.util.SplittableRandom(5), 2, 3, 4, 5, -2, 3);
        assertEquals(a, GradientCheck.random(new java.util.SplittableRandom(5), 2, 3, 4, 5, -2, 3));
        assertEquals("[2, 3, 4, 5]", a.shapeString());
        for (float v : a.data()) {
            assertTrue(v >= -2 && v <= 3, "value " + v);
        }
        assertEquals(GradientCheck.dot(a, a), GradientCheck.dot(a, a.copy()));
    }
}
