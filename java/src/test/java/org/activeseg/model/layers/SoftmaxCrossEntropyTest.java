package org.activeseg.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Tensor4;
import org.junit.jupiter.api.Test;

class SoftmaxCrossEntropyTest {

    @Test
    void twoClassesWithWeightsAndAnIgnoredPixelByHand() {
        // logits (1, 2, 1, 3) in NCHW: pixel 0 = (2, 0) label 0; pixel 1 = (0.5, 1.5) label 1; pixel 2 = (3, -1) ignored
        Tensor4 z = new Tensor4(1, 2, 1, 3, new float[] {2, 0.5f, 3, 0, 1.5f, -1});
        int[] labels = {0, 1, 255};
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(new float[] {1, 3});
        SoftmaxCrossEntropy.Result r = ce.compute(z, labels);
        // nll0 = log(1 + e^-2) = 0.126928..., nll1 = log(1 + e^-1) = 0.313261...; (1 * nll0 + 3 * nll1) / (1 + 3)
        assertEquals(0.26667826839941033, r.loss(), 1e-7);
        assertEquals(2, r.counted());
        assertEquals(4.0, r.weightSum());
        // dL/dz = w_y / 4 * (softmax - onehot); the ignored pixel gets 0
        assertArrayEquals(new float[] {-0.02980073050552942f, 0.20170606602749633f, 0, 0.02980073050552942f,
                -0.20170606602749633f, 0}, r.gradLogits().data(), 1e-7f);
    }

    @Test
    void unweightedIsTheMeanNllOverCountedPixels() {
        SplittableRandom rng = new SplittableRandom(2);
        Tensor4 z = GradientCheck.random(rng, 2, 4, 3, 5, -3, 3);
        int[] labels = new int[2 * 3 * 5];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 7 == 0 ? 255 : rng.nextInt(4);
        }
        double sum = 0;
        int counted = 0;
        for (int b = 0; b < 2; b++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    int label = labels[(b * 3 + y) * 5 + x];
                    if (label == 255) continue;
                    double se = 0;
                    for (int c = 0; c < 4; c++) se += Math.exp(z.get(b, c, y, x));
                    sum += Math.log(se) - z.get(b, label, y, x);
                    counted++;
                }
            }
        }
        SoftmaxCrossEntropy.Result r = new SoftmaxCrossEntropy().compute(z, labels);
        assertEquals(sum / counted, r.loss(), 1e-9);
        // equal weights give the same loss as no weights
        assertEquals(r.loss(), new SoftmaxCrossEntropy(new float[] {2, 2, 2, 2}).compute(z, labels).loss(), 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor4 z = GradientCheck.random(rng, 2, 3, 3, 4, -2, 2);
        int[] labels = new int[2 * 3 * 4];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 5 == 0 ? 255 : rng.nextInt(3);
        }
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(new float[] {0.5f, 2f, 1f});
        Tensor4 grad = ce.compute(z, labels).gradLogits();
        Tensor4 x = z.copy();
        new GradientCheck(1e-2, 1e-3)
                .compare("cross-entropy", x.data(), grad.data(), () -> ce.compute(x, labels).loss())
                .assertWithinTolerance("cross-entropy " + x.shapeString());
    }

    @Test
    void extremeLogitsStayFinite() {
        Tensor4 z = new Tensor4(1, 2, 1, 1, new float[] {1000, -1000});
        SoftmaxCrossEntropy.Result r = new SoftmaxCrossEntropy().compute(z, new int[] {1});
        assertEquals(2000, r.loss(), 1e-9);
        assertArrayEquals(new float[] {1, -1}, r.gradLogits().data(), 1e-7f);
    }

    @Test
    void allIgnoredGivesZeroLossAndZeroGradient() {
        Tensor4 z = GradientCheck.random(new SplittableRandom(4), 1, 3, 2, 2, -1, 1);
        SoftmaxCrossEntropy.Result r = new SoftmaxCrossEntropy().compute(z, new int[] {255, 255, 255, 255});
        assertEquals(0.0, r.loss());
        assertEquals(0, r.counted());
        assertArrayEquals(new float[12], r.gradLogits().data());
        // counted pixels whose classes all have weight 0 behave the same
        SoftmaxCrossEntropy.Result w = new SoftmaxCrossEntropy(new float[] {0, 1, 1}).compute(z, new int[] {0, 255, 0, 0});
        assertEquals(0.0, w.loss());
        assertEquals(3, w.counted());
        assertArrayEquals(new float[12], w.gradLogits().data());
    }

    @Test
    void labelOutOfRangeNamesValueAndPixel() {
        Tensor4 z = new Tensor4(2, 3, 2, 2);
        int[] labels = {0, 1, 2, 255, 0, 1, 40, 2};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy().compute(z, labels));
        assertTrue(e.getMessage().contains("label 40") && e.getMessage().contains("(n=1, y=1, x=0)") && e.getMessage().contains("0..2"),
                e.getMessage());
        int[] negative = {0, -1, 0, 0, 0, 0, 0, 0};
        e = assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy().compute(z, negative));
        assertTrue(e.getMessage().contains("label -1") && e.getMessage().contains("(n=0, y=0, x=1)"), e.getMessage());
    }

    @Test
    void shapeWeightAndValueErrors() {
        Tensor4 z = new Tensor4(1, 3, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy().compute(z, new int[5]));
        assertTrue(e.getMessage().contains("5 labels") && e.getMessage().contains("[1, 3, 2, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy(new float[] {1, 1}).compute(z, new int[4]));
        assertTrue(e.getMessage().contains("2 class weights"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy(new float[] {1, -1}));
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy(new float[] {1, Float.NaN}));
        Tensor4 bad = new Tensor4(1, 2, 1, 2, new float[] {0, Float.NaN, 0, 0});
        e = assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy().compute(bad, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("(n=0, y=0, x=1)"), e.getMessage());
    }
}
