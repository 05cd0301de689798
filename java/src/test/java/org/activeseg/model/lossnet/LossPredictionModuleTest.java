package org.activeseg.model.lossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.junit.jupiter.api.Test;

class LossPredictionModuleTest {

    /** The parameter of {@code m} whose name ends with {@code suffix}. */
    static Parameter param(LossPredictionModule m, String suffix) {
        for (Parameter p : m.parameters()) {
            if (p.name().equals(m.name() + "." + suffix)) {
                return p;
            }
        }
        throw new AssertionError("no parameter " + m.name() + "." + suffix);
    }

    /** Random taps (N, C_i, H_i, W_i): uniform noise plus a per-(image, channel) offset, so the pooled values spread. */
    static List<Tensor4> taps(SplittableRandom rnd, int n, int[][] chw) {
        List<Tensor4> out = new ArrayList<>();
        for (int[] s : chw) {
            Tensor4 t = GradientCheck.random(rnd, n, s[0], s[1], s[2], -1, 1);
            int plane = s[1] * s[2];
            float[] d = t.data();
            for (int nc = 0; nc < n * s[0]; nc++) {
                float off = (float) rnd.nextDouble(-1, 1);
                for (int p = 0; p < plane; p++) {
                    d[nc * plane + p] += off;
                }
            }
            out.add(t);
        }
        return out;
    }

    /** Every tap's hidden pre-activations on these taps, computed in double. */
    static double[] preActivations(LossPredictionModule m, List<Tensor4> taps) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < taps.size(); i++) {
            Tensor4 t = taps.get(i);
            float[] w = param(m, "tap" + i + ".fc.weight").value();
            float[] b = param(m, "tap" + i + ".fc.bias").value();
            int plane = t.h() * t.w();
            for (int n = 0; n < t.n(); n++) {
                double[] pooled = new double[t.c()];
                for (int c = 0; c < t.c(); c++) {
                    for (int p = 0; p < plane; p++) {
                        pooled[c] += t.data()[(n * t.c() + c) * plane + p];
                    }
                    pooled[c] /= plane;
                }
                for (int j = 0; j < m.hidden(); j++) {
                    double pre = b[j];
                    for (int c = 0; c < t.c(); c++) {
                        pre += w[j * t.c() + c] * pooled[c];
                    }
                    out.add(pre);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Smallest |pre-activation| of any tap's hidden unit on these taps. */
    static double closestToReluKink(LossPredictionModule m, List<Tensor4> taps) {
        return Arrays.stream(preActivations(m, taps)).map(Math::abs).min().orElseThrow();
    }

    @Test
    void handComputedForwardAndBackward() {
        LossPredictionModule m = new LossPredictionModule("ll", new int[] {2, 1}, 2, new SplittableRandom(0));
        System.arraycopy(new float[] {1, 1, -1, 0.5f}, 0, param(m, "tap0.fc.weight").value(), 0, 4);
        System.arraycopy(new float[] {0.5f, 0}, 0, param(m, "tap0.fc.bias").value(), 0, 2);
        System.arraycopy(new float[] {1, -2}, 0, param(m, "tap1.fc.weight").value(), 0, 2);
        System.arraycopy(new float[] {0, 1}, 0, param(m, "tap1.fc.bias").value(), 0, 2);
        System.arraycopy(new float[] {1, 2, -1, 3}, 0, param(m, "head.weight").value(), 0, 4);
        param(m, "head.bias").value()[0] = 0.25f;
        // tap0 (1, 2, 1, 2): pooled (2, 0) -> pre (2.5, -2) -> relu (2.5, 0)
        // tap1 (1, 1, 2, 1): pooled (3)    -> pre (3, -5)   -> relu (3, 0)
        // head: 2.5*1 + 0*2 + 3*(-1) + 0*3 + 0.25 = -0.25
        Tensor4 t0 = new Tensor4(1, 2, 1, 2, new float[] {1, 3, 2, -2});
        Tensor4 t1 = new Tensor4(1, 1, 2, 1, new float[] {4, 2});
        Tensor4 y = m.forward(List.of(t0, t1), true);
        assertEquals("[1, 1, 1, 1]", y.shapeString());
        assertEquals(-0.25f, y.data()[0], 1e-7f);

        List<Tensor4> g = m.backward(new Tensor4(1, 1, 1, 1, new float[] {1}));
        // d/d concat = head weight (1, 2, -1, 3); relu passes units 0 only: tap0 (1, 0), tap1 (-1, 0)
        // tap0: d pooled = W0^T (1, 0) = (1, 1), spread over 2 positions; tap1: d pooled = -1 over 2
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, g.get(0).data());
        assertArrayEquals(new float[] {-0.5f, -0.5f}, g.get(1).data());
        assertEquals(t0.shapeString(), g.get(0).shapeString());
        assertEquals(t1.shapeString(), g.get(1).shapeString());
        assertArrayEquals(new float[] {2, 0, 0, 0}, param(m, "tap0.fc.weight").grad());
        assertArrayEquals(new float[] {1, 0}, param(m, "tap0.fc.bias").grad());
        assertArrayEquals(new float[] {-3, 0}, param(m, "tap1.fc.weight").grad());
        assertArrayEquals(new float[] {-1, 0}, param(m, "tap1.fc.bias").grad());
        assertArrayEquals(new float[] {2.5f, 0, 3, 0}, param(m, "head.weight").grad());
        assertArrayEquals(new float[] {1}, param(m, "head.bias").grad());
    }

    @Test
    void gradientsWithRespectToTapsAndParametersMatchFiniteDifferences() {
        int[][] chw = {{3, 5, 4}, {4, 3, 2}, {2, 2, 3}};
        LossPredictionModule m = new LossPredictionModule("ll", new int[] {3, 4, 2}, 6, new SplittableRandom(11));
        List<Tensor4> x = taps(new SplittableRandom(12), 3, chw);
        double eps = 1e-3;
        // A perturbation moves a pre-activation by at most eps (bias) or eps * |pooled| <= eps; keep
        // every unit clear of the ReLU kink so that the central difference sees one side only.
        double kink = closestToReluKink(m, x);
        assertTrue(kink > 3 * eps, "test data too close to a ReLU kink (" + kink + "); pick other seeds");
        GradientCheck.Report r = new GradientCheck(eps, 1e-2).checkFunction(x, m.parameters(),
                in -> m.forward(in, true), m::backward, 5);
        r.assertWithinTolerance(m.toString());
        assertEquals(3 + 8, r.results().size(), "three taps, weight and bias of three fcs and the head");
        double[] pre = preActivations(m, x);
        long off = Arrays.stream(pre).filter(v -> v < 0).count();
        assertTrue(off > 0 && off < pre.length, "the ReLUs should both pass and block: " + off + " of " + pre.length + " off");
    }

    @Test
    void backwardParametersAddsTheSameParameterGradientsWithoutTapGradients() {
        int[][] chw = {{5, 6, 4}, {7, 3, 3}};
        LossPredictionModule m = new LossPredictionModule("ll", new int[] {5, 7}, 16, new SplittableRandom(1));
        List<Tensor4> x = taps(new SplittableRandom(2), 4, chw);
        Tensor4 g = GradientCheck.random(new SplittableRandom(3), 4, 1, 1, 1, -1, 1);
        m.forward(x, true);
        List<Tensor4> full = m.backward(g);
        assertEquals(2, full.size());
        List<float[]> expected = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            expected.add(p.grad().clone());
            p.zeroGrad();
        }
        m.forward(x, true);
        m.backwardParameters(g);
        List<Parameter> ps = m.parameters();
        for (int i = 0; i < ps.size(); i++) {
            assertArrayEquals(expected.get(i), ps.get(i).grad(), ps.get(i).name());
        }
        // backward adds: a second pass doubles the gradients
        m.backwardParameters(g);
        assertEquals(2 * expected.get(0)[0], ps.get(0).grad()[0], 1e-6f);
    }

    @Test
    void parametersHaveStableNamesShapesAndDeterministicInit() {
        LossPredictionModule m = new LossPredictionModule("lossnet", new int[] {16, 24, 32}, new SplittableRandom(7));
        assertEquals(LossPredictionModule.DEFAULT_HIDDEN, m.hidden());
        List<String> names = m.parameters().stream().map(Parameter::name).toList();
        assertEquals(List.of("lossnet.tap0.fc.weight", "lossnet.tap0.fc.bias", "lossnet.tap1.fc.weight",
                "lossnet.tap1.fc.bias", "lossnet.tap2.fc.weight", "lossnet.tap2.fc.bias", "lossnet.head.weight",
                "lossnet.head.bias"), names);
        assertArrayEquals(new int[] {128, 24}, param(m, "tap1.fc.weight").shape());
        assertArrayEquals(new int[] {1, 384}, param(m, "head.weight").shape());
        assertTrue(param(m, "head.weight").decay());
        assertFalse(param(m, "head.bias").decay());
        // PyTorch's Linear init: uniform within 1/sqrt(fan in)
        for (float v : param(m, "head.weight").value()) {
            assertTrue(Math.abs(v) <= 1 / Math.sqrt(384), "head weight " + v);
        }
        LossPredictionModule same = new LossPredictionModule("lossnet", new int[] {16, 24, 32}, new SplittableRandom(7));
        LossPredictionModule other = new LossPredictionModule("lossnet", new int[] {16, 24, 32}, new SplittableRandom(8));
        for (int i = 0; i < names.size(); i++) {
            assertArrayEquals(m.parameters().get(i).value(), same.parameters().get(i).value(), names.get(i));
        }
        assertFalse(Arrays.equals(m.parameters().get(0).value(), other.parameters().get(0).value()));
        assertArrayEquals(new int[] {16, 24, 32}, m.tapChannels());
    }

    @Test
    void tapsMayChangeSpatialSizeBetweenCalls() {
        LossPredictionModule m = new LossPredictionModule("ll", new int[] {3, 2}, 4, new SplittableRandom(4));
        SplittableRandom rnd = new SplittableRandom(5);
        Tensor4 y1 = m.forward(taps(rnd, 2, new int[][] {{3, 20, 15}, {2, 10, 8}}), false);
        assertEquals("[2, 1, 1, 1]", y1.shapeString());
        List<Tensor4> x2 = taps(rnd, 3, new int[][] {{3, 7, 3}, {2, 1, 9}});
        Tensor4 y2 = m.forward(x2, false);
        assertEquals("[3, 1, 1, 1]", y2.shapeString());
        List<Tensor4> g = m.backward(new Tensor4(3, 1, 1, 1));
        assertEquals("[3, 3, 7, 3]", g.get(0).shapeString());
        assertEquals("[3, 2, 1, 9]", g.get(1).shapeString());
        // the pooled value is what counts: a tap's constant plane and its mean give the same prediction
        Tensor4 a = new Tensor4(1, 3, 2, 2, new float[] {1, 3, 1, 3, 0, 0, 0, 0, -1, 5, 2, 2});
        Tensor4 mean = new Tensor4(1, 3, 1, 1, new float[] {2, 0, 2});
        Tensor4 b = new Tensor4(1, 2, 1, 1, new float[] {0.3f, -0.7f});
        assertEquals(m.forward(List.of(a, b), false).data()[0], m.forward(List.of(mean, b), false).data()[0], 1e-6f);
    }

    @Test
    void badTapsAreNamedWithTheirShapes() {
        LossPredictionModule m = new LossPredictionModule("lossnet", new int[] {16, 24}, 8, new SplittableRandom(0));
        Tensor4 a = new Tensor4(2, 16, 20, 15);
        Tensor4 b = new Tensor4(2, 24, 10, 8);
        var count = assertThrows(IllegalArgumentException.class, () -> m.forward(List.of(a), true));
        assertTrue(count.getMessage().contains("lossnet") && count.getMessage().contains("expected 2")
                && count.getMessage().contains("[16, 24]") && count.getMessage().contains("[2, 16, 20, 15]"),
                count.getMessage());
        var channels = assertThrows(IllegalArgumentException.class,
                () -> m.forward(List.of(a, new Tensor4(2, 23, 10, 8)), true));
        assertTrue(channels.getMessage().contains("tap 1") && channels.getMessage().contains("[2, 23, 10, 8]")
                && channels.getMessage().contains("[N, 24, H, W]"), channels.getMessage());
        var batch = assertThrows(IllegalArgumentException.class,
                () -> m.forward(List.of(a, new Tensor4(3, 24, 10, 8)), true));
        assertTrue(batch.getMessage().contains("tap 1") && batch.getMessage().contains("[3, 24, 10, 8]")
                && batch.getMessage().contains("[2, 16, 20, 15]"), batch.getMessage());
        var empty = assertThrows(IllegalArgumentException.class,
                () -> m.forward(List.of(new Tensor4(2, 16, 0, 4), b), true));
        assertTrue(empty.getMessage().contains("tap 0") && empty.getMessage().contains("[2, 16, 0, 4]"), empty.getMessage());
        var none = assertThrows(IllegalArgumentException.class,
                () -> m.forward(Arrays.asList(a, null), true));
        assertTrue(none.getMessage().contains("tap 1 is null"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.forward(null, true));

        var early = assertThrows(IllegalStateException.class, () -> m.backward(new Tensor4(2, 1, 1, 1)));
        assertTrue(early.getMessage().contains("before forward"), early.getMessage());
        m.forward(List.of(a, b), true);
        var grad = assertThrows(IllegalArgumentException.class, () -> m.backward(new Tensor4(3, 1, 1, 1)));
        assertTrue(grad.getMessage().contains("[3, 1, 1, 1]") && grad.getMessage().contains("[2, 1, 1, 1]"),
                grad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.backwardParameters(new Tensor4(2, 2, 1, 1)));
    }

    @Test
    void badConstructionIsRejected() {
        SplittableRandom r = new SplittableRandom(0);
        assertThrows(IllegalArgumentException.class, () -> new LossPredictionModule("ll", new int[0], 8, r));
        assertThrows(IllegalArgumentException.class, () -> new LossPredictionModule("ll", null, 8, r));
        var zero = assertThrows(IllegalArgumentException.class, () -> new LossPredictionModule("ll", new int[] {4, 0}, 8, r));
        assertTrue(zero.getMessage().contains("tap 1"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LossPredictionModule("ll", new int[] {4}, 0, r));
        assertThrows(IllegalArgumentException.class, () -> new LossPredictionModule("ll", new int[] {4}, 8, null));
    }
}
