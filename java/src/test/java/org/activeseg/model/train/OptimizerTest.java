package org.activeseg.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.activeseg.model.Parameter;
import org.junit.jupiter.api.Test;

/**
 * SGD and Adam against hand-computed steps on a 2-element parameter (w = (1, -2), gradients
 * (0.5, 1) then (-0.5, 0.25)), weight decay only where decay is set, group multipliers and the
 * state round trip. The expected values were worked by hand (intermediates in the comments) and
 * agree within 1e-7 with torch 2.13's SGD, Adam and AdamW run on the same float32 inputs.
 */
class OptimizerTest {

    private static final float[] G1 = {0.5f, 1.0f};
    private static final float[] G2 = {-0.5f, 0.25f};

    private static Parameter param(String name, boolean decay) {
        Parameter p = new Parameter(name, decay, 2);
        p.value()[0] = 1f;
        p.value()[1] = -2f;
        return p;
    }

    private static void twoSteps(Optimizer opt, double lr, Parameter... ps) {
        for (float[] g : new float[][] {G1, G2}) {
            opt.zeroGrad();
            for (Parameter p : ps) {
                System.arraycopy(g, 0, p.grad(), 0, 2);
            }
            opt.step(lr);
        }
    }

    private static void assertValues(double[] want, Parameter p, double tol) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], p.value()[i], tol, p.name() + "[" + i + "]");
        }
    }

    @Test
    void sgdMomentumWithDecayOnlyOnDecayParameters() {
        Parameter w = param("conv.weight", true);
        Parameter b = param("conv.bias", false);
        Sgd sgd = new Sgd(List.of(ParamGroup.of(List.of(w, b))), 0.9, 0.1);
        twoSteps(sgd, 0.1, w, b);
        // decay: g1 = (0.6, 0.8), w = (0.94, -2.08); g2 = (-0.406, 0.042), buf = (0.134, 0.762)
        assertValues(new double[] {0.9266, -2.1562}, w, 1e-6);
        // no decay: buf1 = (0.5, 1), w = (0.95, -2.1); buf2 = (-0.05, 1.15)
        assertValues(new double[] {0.955, -2.215}, b, 1e-6);
        assertEquals(2, sgd.steps());
    }

    @Test
    void sgdGroupMultiplierScalesTheRate() {
        Parameter enc = param("encoder.w", false);
        Parameter dec = param("decoder.w", false);
        Sgd sgd = new Sgd(List.of(new ParamGroup(List.of(enc), 1), new ParamGroup(List.of(dec), 10)), 0.9, 0.0);
        twoSteps(sgd, 0.1, enc, dec);
        assertValues(new double[] {0.955, -2.215}, enc, 1e-6);
        // lr 1: w1 = (0.5, -3), w2 = w1 - (-0.05, 1.15)
        assertValues(new double[] {0.55, -4.15}, dec, 1e-6);
    }

    @Test
    void sgdNesterovAndPlain() {
        Parameter w = param("w", true);
        Sgd nesterov = new Sgd(List.of(ParamGroup.of(List.of(w))), 0.9, 0, 0.1, true);
        System.arraycopy(G1, 0, w.grad(), 0, 2);
        nesterov.step(0.1);
        // g = (0.6, 0.8), buf = g, d = g + 0.9 buf = 1.9 g
        assertValues(new double[] {0.886, -2.152}, w, 1e-6);

        Parameter v = param("v", false);
        Sgd plain = new Sgd(List.of(ParamGroup.of(List.of(v))), 0, 0);
        twoSteps(plain, 0.1, v);
        assertValues(new double[] {1.0, -2.125}, v, 1e-6);
        assertTrue(plain.state().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(ParamGroup.of(List.of(v))), 0.9, 0.5, 0, true));
    }

    @Test
    void adamTwoStepsWithBiasCorrection() {
        Parameter w = param("w", true);
        Adam adam = new Adam(List.of(ParamGroup.of(List.of(w))), 0.0);
        System.arraycopy(G1, 0, w.grad(), 0, 2);
        adam.step(0.1);
        // bias-corrected m and sqrt(v) are both |g|: each element moves by lr against its gradient
        assertValues(new double[] {0.9, -2.1}, w, 1e-6);
        w.zeroGrad();
        System.arraycopy(G2, 0, w.grad(), 0, 2);
        adam.step(0.1);
        // m = (-0.005, 0.115), v = (0.00049975, 0.0010615), step size 0.1 / 0.19, sqrt(1 - 0.999^2)
        assertValues(new double[] {0.9052631597894736, -2.183059751227727}, w, 2e-6);
    }

    @Test
    void adamL2DecayOnlyOnDecayParametersAndAdamW() {
        Parameter w = param("w", true);
        Parameter b = param("b", false);
        Adam adam = new Adam(List.of(ParamGroup.of(List.of(w, b))), 0.9, 0.999, 1e-8, 0.1, false);
        twoSteps(adam, 0.1, w, b);
        assertValues(new double[] {0.8866836230649792, -2.1706400355765036}, w, 2e-6);
        assertValues(new double[] {0.9052631597894736, -2.183059751227727}, b, 2e-6);

        Parameter d = param("d", true);
        Adam adamW = new Adam(List.of(ParamGroup.of(List.of(d))), 0.9, 0.999, 1e-8, 0.1, true);
        twoSteps(adamW, 0.1, d);
        assertValues(new double[] {0.8863631597694736, -2.1422597512377273}, d, 2e-6);
    }

    @Test
    void stateRoundTripContinuesIdentically() {
        for (boolean useAdam : new boolean[] {false, true}) {
            SplittableRandom rng = new SplittableRandom(7);
            Parameter a = new Parameter("a", true, 3, 2);
            Parameter a2 = new Parameter("a", true, 3, 2);
            for (int i = 0; i < 6; i++) {
                a.value()[i] = (float) rng.nextGaussian();
            }
            Optimizer first = useAdam ? new Adam(List.of(ParamGroup.of(List.of(a))), 0.01)
                    : new Sgd(List.of(ParamGroup.of(List.of(a))), 0.9, 0.01);
            for (int i = 0; i < 6; i++) {
                a.grad()[i] = (float) rng.nextGaussian();
            }
            first.step(0.05);
            System.arraycopy(a.value(), 0, a2.value(), 0, 6);
            Optimizer second = useAdam ? new Adam(List.of(ParamGroup.of(List.of(a2))), 0.01)
                    : new Sgd(List.of(ParamGroup.of(List.of(a2))), 0.9, 0.01);
            Map<String, NamedTensor> saved = new HashMap<>();
            first.state().forEach(t -> saved.put(t.name(), t));
            second.loadState(first.steps(), saved);
            for (int i = 0; i < 6; i++) {
                a.grad()[i] = (float) rng.nextGaussian();
            }
            System.arraycopy(a.grad(), 0, a2.grad(), 0, 6);
            first.step(0.05);
            second.step(0.05);
            assertArrayEquals(a.value(), a2.value(), useAdam ? "adam" : "sgd");
            assertEquals(2, second.steps());

            String missing = useAdam ? Adam.EXP_AVG_SQ_PREFIX + "a" : Sgd.BUFFER_PREFIX + "a";
            saved.remove(missing);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> second.loadState(1, saved));
            assertTrue(e.getMessage().contains(missing), e.getMessage());
        }
    }

    @Test
    void stateWithWrongShapeIsNamed() {
        Parameter a = new Parameter("a", true, 2);
        Sgd sgd = new Sgd(List.of(ParamGroup.of(List.of(a))), 0.9, 0);
        Map<String, NamedTensor> bad = Map.of(Sgd.BUFFER_PREFIX + "a", new NamedTensor(Sgd.BUFFER_PREFIX + "a", new int[] {3},
                new float[3]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.loadState(4, bad));
        assertTrue(e.getMessage().contains("optim.momentum_buffer.a") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void duplicateParameterNamesAreRejected() {
        Parameter a = new Parameter("x", true, 2);
        Parameter b = new Parameter("x", true, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b))), 0));
        assertTrue(e.getMessage().contains("x"));
    }
}
