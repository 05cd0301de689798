package org.activeseg.model.layers;

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

class BatchNorm2dTest {

    /** Seed of the fixed random dL/d(output) of the checks. */
    private static final long R_SEED = 1234;

    private static BatchNorm2d randomised(String name, int channels, SplittableRandom rng) {
        BatchNorm2d bn = new BatchNorm2d(name, channels);
        for (int c = 0; c < channels; c++) {
            bn.weight().value()[c] = (float) rng.nextDouble(0.5, 1.5);
            bn.bias().value()[c] = (float) rng.nextDouble(-0.5, 0.5);
            bn.runningMean().value()[c] = (float) rng.nextDouble(-0.3, 0.3);
            bn.runningVar().value()[c] = (float) rng.nextDouble(0.5, 2.0);
        }
        return bn;
    }

    @Test
    void tinyBatchByHand() {
        // one channel, values 1, 2 (sample 0) and 3, 4 (sample 1): mean 2.5, biased variance 1.25
        BatchNorm2d bn = new BatchNorm2d("bn", 1);
        Tensor4 x = new Tensor4(2, 1, 1, 2, new float[] {1, 2, 3, 4});
        Tensor4 y = bn.forward(x, true);
        double s = Math.sqrt(1.25 + 1e-5);
        assertArrayEquals(new float[] {(float) (-1.5 / s), (float) (-0.5 / s), (float) (0.5 / s), (float) (1.5 / s)}, y.data(), 1e-6f);
        // running mean 0.9 * 0 + 0.1 * 2.5; running var 0.9 * 1 + 0.1 * (5 / 3) (unbiased)
        assertEquals(0.25f, bn.runningMean().value()[0], 1e-7f);
        assertEquals(0.9f + 0.1f * 5f / 3f, bn.runningVar().value()[0], 1e-6f);

        // eval uses the running statistics, with weight 2 and bias 1
        bn.weight().value()[0] = 2f;
        bn.bias().value()[0] = 1f;
        Tensor4 e = bn.forward(new Tensor4(1, 1, 1, 1, new float[] {1.25f}), false);
        double rv = 0.9 + 0.1 * 5.0 / 3.0;
        assertEquals((float) (2 * (1.25 - 0.25) / Math.sqrt(rv + 1e-5) + 1), e.data()[0], 1e-6f);
    }

    @Test
    void trainingOutputHasZeroMeanUnitVariancePerChannel() {
        SplittableRandom rng = new SplittableRandom(3);
        BatchNorm2d bn = new BatchNorm2d("bn", 3);
        Tensor4 x = GradientCheck.random(rng, 4, 3, 5, 7, -3, 5);
        Tensor4 y = bn.forward(x, true);
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double sq = 0;
            int m = 0;
            for (int b = 0; b < 4; b++) {
                for (int i = 0; i < 35; i++) {
                    double v = y.get(b, c, i / 7, i % 7);
                    sum += v;
                    sq += v * v;
                    m++;
                }
            }
            assertEquals(0, sum / m, 1e-5);
            assertEquals(1, sq / m, 1e-3);
        }
    }

    @Test
    void gradientInTrainingMode() {
        SplittableRandom rng = new SplittableRandom(11);
        int[][] shapes = {{2, 3, 3, 5}, {1, 2, 4, 3}, {3, 1, 1, 2}};
        for (int[] s : shapes) {
            BatchNorm2d bn = randomised("bn", s[1], rng);
            Tensor4 x = GradientCheck.random(rng, s[0], s[1], s[2], s[3], -2, 2);
            new GradientCheck(1e-2, 1e-2).withTraining(true)
                    .checkLayer(bn, x, R_SEED).assertWithinTolerance("bn train " + java.util.Arrays.toString(s));
        }
    }

    @Test
    void gradientInEvalMode() {
        SplittableRandom rng = new SplittableRandom(12);
        int[][] shapes = {{2, 3, 3, 5}, {1, 1, 1, 1}, {3, 2, 2, 3}};
        for (int[] s : shapes) {
            BatchNorm2d bn = randomised("bn", s[1], rng);
            Tensor4 x = GradientCheck.random(rng, s[0], s[1], s[2], s[3], -2, 2);
            new GradientCheck(1e-2, 1e-2).withTraining(false)
                    .checkLayer(bn, x, R_SEED).assertWithinTolerance("bn eval " + java.util.Arrays.toString(s));
        }
    }

    @Test
    void evalDoesNotTouchRunningStatisticsAndGradientsAccumulate() {
        SplittableRandom rng = new SplittableRandom(5);
        BatchNorm2d bn = randomised("bn", 2, rng);
        float[] rm = bn.runningMean().value().clone();
        float[] rv = bn.runningVar().value().clone();
        Tensor4 x = GradientCheck.random(rng, 2, 2, 3, 3, -1, 1);
        bn.forward(x, false);
        assertArrayEquals(rm, bn.runningMean().value());
        assertArrayEquals(rv, bn.runningVar().value());

        Tensor4 g = GradientCheck.random(rng, 2, 2, 3, 3, -1, 1);
        bn.backward(g);
        float[] once = bn.bias().grad().clone();
        bn.backward(g);
        for (int c = 0; c < 2; c++) {
            assertEquals(2 * once[c], bn.bias().grad()[c], 1e-5f);
        }
    }

    @Test
    void parametersAndBuffersAreNamedAndNotDecayed() {
        BatchNorm2d bn = new BatchNorm2d("enc.bn1", 4);
        List<Parameter> ps = bn.parameters();
        assertEquals(List.of("enc.bn1.weight", "enc.bn1.bias"), ps.stream().map(Parameter::name).toList());
        assertEquals(List.of("enc.bn1.running_mean", "enc.bn1.running_var"), bn.buffers().stream().map(Parameter::name).toList());
        assertTrue(ps.stream().noneMatch(Parameter::decay));
        assertArrayEquals(new float[] {1, 1, 1, 1}, bn.weight().value());
        assertArrayEquals(new float[] {1, 1, 1, 1}, bn.runningVar().value());
    }

    @Test
    void shapeErrorsNameLayerAndShapes() {
        BatchNorm2d bn = new BatchNorm2d("dec.bn", 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(new Tensor4(2, 4, 3, 3), true));
        assertTrue(e.getMessage().contains("dec.bn") && e.getMessage().contains("[2, 4, 3, 3]"), e.getMessage());
        bn.forward(new Tensor4(2, 3, 3, 3), true);
        e = assertThrows(IllegalArgumentException.class, () -> bn.backward(new Tensor4(2, 3, 3, 2)));
        assertTrue(e.getMessage().contains("[2, 3, 3, 2]") && e.getMessage().contains("[2, 3, 3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bn.forward(new Tensor4(1, 3, 1, 1), true));
        assertTrue(e.getMessage().contains("more than 1 value"), e.getMessage());
    }
}
