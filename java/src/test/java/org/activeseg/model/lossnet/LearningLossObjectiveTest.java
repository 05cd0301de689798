package org.activeseg.model.lossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.junit.jupiter.api.Test;

class LearningLossObjectiveTest {

    private static Tensor4 column(float... v) {
        return new Tensor4(v.length, 1, 1, 1, v);
    }

    @Test
    void handComputedPairsOfTheBatchAndItsReverse() {
        // pairs (0,3): dTrue = 0.2-0.1 > 0 -> +1, dPred = 3-0.5 = 2.5 -> max(0, 1-2.5) = 0 (inactive)
        //       (1,2): dTrue = 0.9-0.4 > 0 -> +1, dPred = 1-2 = -1    -> max(0, 1+1) = 2  (active)
        // L = (0 + 2) / 2 = 1; gradient of the active pair: d/dp1 = -1/2, d/dp2 = +1/2
        LearningLossObjective.Result r = new LearningLossObjective().compute(column(3, 1, 2, 0.5f),
                new double[] {0.2, 0.9, 0.4, 0.1});
        assertEquals(1.0, r.predictionLoss(), 1e-12);
        assertEquals(1.0, r.weightedLoss(), 1e-12);
        assertEquals("[4, 1, 1, 1]", r.gradPredicted().shapeString());
        assertArrayEquals(new float[] {0, -0.5f, 0.5f, 0}, r.gradPredicted().data());

        // lambda scales loss and gradient, not L_pred
        LearningLossObjective.Result w = new LearningLossObjective(1.0, 2.5).compute(column(3, 1, 2, 0.5f),
                new double[] {0.2, 0.9, 0.4, 0.1});
        assertEquals(1.0, w.predictionLoss(), 1e-12);
        assertEquals(2.5, w.weightedLoss(), 1e-12);
        assertArrayEquals(new float[] {0, -1.25f, 1.25f, 0}, w.gradPredicted().data());

        // margin 3: pair (0,3) becomes active too: max(0, 3-2.5) = 0.5, (1,2): 3+1 = 4; L = 4.5/2
        LearningLossObjective.Result m = new LearningLossObjective(3.0, 1.0).compute(column(3, 1, 2, 0.5f),
                new double[] {0.2, 0.9, 0.4, 0.1});
        assertEquals(2.25, m.predictionLoss(), 1e-12);
        assertArrayEquals(new float[] {-0.5f, -0.5f, 0.5f, 0.5f}, m.gradPredicted().data());
    }

    @Test
    void aTieInTheTrueLossCountsAsMinusOne() {
        // dTrue = 0 -> sign -1: max(0, 1 - (-1)(0.3 - 0.1)) = 1.2 over one pair; d/dp0 = +1, d/dp1 = -1
        LearningLossObjective.Result r = new LearningLossObjective().compute(column(0.3f, 0.1f), new double[] {0.5, 0.5});
        assertEquals(1.2, r.predictionLoss(), 1e-7);
        assertArrayEquals(new float[] {1, -1}, r.gradPredicted().data());
        // a smaller true loss first: also -1, and the prediction already agrees by more than the margin
        LearningLossObjective.Result ok = new LearningLossObjective().compute(column(-2f, 0f), new double[] {0.1, 0.9});
        assertEquals(0.0, ok.predictionLoss());
        assertArrayEquals(new float[] {0, 0}, ok.gradPredicted().data());
    }

    @Test
    void gradientThroughTheModuleMatchesFiniteDifferences() {
        LossPredictionModule m = new LossPredictionModule("ll", new int[] {3, 2}, 5, new SplittableRandom(21));
        List<Tensor4> x = LossPredictionModuleTest.taps(new SplittableRandom(22), 4, new int[][] {{3, 4, 3}, {2, 3, 5}});
        double eps = 1e-3;
        assertTrue(LossPredictionModuleTest.closestToReluKink(m, x) > 3 * eps, "test data too close to a ReLU kink");
        double[] target = {0.7, 0.2, 0.2, 1.4};
        LearningLossObjective objective = new LearningLossObjective(1.0, 0.7);
        for (Parameter p : m.parameters()) {
            p.zeroGrad();
        }
        LearningLossObjective.Result r = objective.compute(m.forward(x, true), target);
        List<Tensor4> gx = m.backward(r.gradPredicted());
        GradientCheck gc = new GradientCheck(eps, 1e-2).withFloor(1e-3);
        java.util.function.DoubleSupplier loss = () -> objective.compute(m.forward(x, true), target).weightedLoss();
        for (int i = 0; i < x.size(); i++) {
            gc.compare("tap" + i, x.get(i).data(), gx.get(i).data(), loss).assertWithinTolerance("lambda * L_pred");
        }
        for (Parameter p : m.parameters()) {
            gc.compare(p.name(), p.value(), p.grad().clone(), loss).assertWithinTolerance("lambda * L_pred");
        }
    }

    @Test
    void badBatchesAreErrors() {
        LearningLossObjective o = new LearningLossObjective();
        var odd = assertThrows(IllegalArgumentException.class, () -> o.compute(column(1, 2, 3), new double[3]));
        assertTrue(odd.getMessage().contains("batch of 3") && odd.getMessage().contains("even"), odd.getMessage());
        assertThrows(IllegalArgumentException.class, () -> o.compute(new Tensor4(0, 1, 1, 1), new double[0]));
        var len = assertThrows(IllegalArgumentException.class, () -> o.compute(column(1, 2), new double[4]));
        assertTrue(len.getMessage().contains("4 target losses") && len.getMessage().contains("[2, 1, 1, 1]"),
                len.getMessage());
        var shape = assertThrows(IllegalArgumentException.class, () -> o.compute(new Tensor4(2, 2, 1, 1), new double[2]));
        assertTrue(shape.getMessage().contains("[2, 2, 1, 1]") && shape.getMessage().contains("[N, 1, 1, 1]"),
                shape.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> o.compute(column(1, 2), new double[] {0, Double.NaN}));
        assertTrue(nan.getMessage().contains("index 1"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> o.compute(column(Float.POSITIVE_INFINITY, 2), new double[2]));
        assertThrows(IllegalArgumentException.class, () -> new LearningLossObjective(-0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LearningLossObjective(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new LearningLossObjective(1, Double.POSITIVE_INFINITY));
    }

    @Test
    void gradientStopKeepsTheReferencesOffByOne() {
        GradientStop ref = GradientStop.reference();
        assertEquals(120, ref.stopEpoch());
        assertTrue(ref.backboneReceivesGradient(0));
        assertTrue(ref.backboneReceivesGradient(120), "epoch 120 is not > EPOCHL: the backbone still trains");
        assertEquals(false, ref.backboneReceivesGradient(121));
        assertEquals(false, ref.backboneReceivesGradient(199));
        int trained = 0;
        for (int e = 0; e < 200; e++) {
            trained += ref.backboneReceivesGradient(e) ? 1 : 0;
        }
        assertEquals(121, trained);
        GradientStop never = new GradientStop(-1);
        assertEquals(false, never.backboneReceivesGradient(0));
        GradientStop first = new GradientStop(0);
        assertTrue(first.backboneReceivesGradient(0));
        assertEquals(false, first.backboneReceivesGradient(1));
        assertThrows(IllegalArgumentException.class, () -> new GradientStop(-2));
        assertThrows(IllegalArgumentException.class, () -> ref.backboneReceivesGradient(-1));
    }
}
