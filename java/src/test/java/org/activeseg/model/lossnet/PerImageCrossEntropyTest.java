package org.activeseg.model.lossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Tensor4;
import org.activeseg.model.layers.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;

class PerImageCrossEntropyTest {
    private static final int IGNORE = 255;

    @Test
    void handComputedMeansOverCountedPixelsOfEachImage() {
        // (N=3, C=2, H=1, W=2); planes per image: class 0 then class 1
        Tensor4 logits = new Tensor4(3, 2, 1, 2, new float[] {
            0, 0, 0, 0,        // image 0: uniform, both pixels ln 2
            2, 0, 0, 0,        // image 1: pixel 0 logits (2, 0) label 0; pixel 1 ignored
            5, -5, 1, 1});     // image 2: everything ignored
        int[] labels = {0, 1, 0, IGNORE, IGNORE, IGNORE};
        double[] l = PerImageCrossEntropy.losses(logits, labels, IGNORE);
        assertEquals(3, l.length);
        assertEquals(Math.log(2), l[0], 1e-12);
        assertEquals(Math.log(1 + Math.exp(-2)), l[1], 1e-7);
        assertEquals(0.0, l[2], "an image with no counted pixel has loss 0");

        // a mean, not a sum: image 0 with two pixels of different loss
        Tensor4 two = new Tensor4(1, 2, 1, 2, new float[] {0, 3, 0, 0});
        double[] m = PerImageCrossEntropy.losses(two, new int[] {1, 1}, IGNORE);
        assertEquals((Math.log(2) + Math.log(1 + Math.exp(3))) / 2, m[0], 1e-7);
    }

    @Test
    void oneImageAgreesWithTheBatchCrossEntropyAndImagesAreIndependent() {
        SplittableRandom rnd = new SplittableRandom(9);
        int n = 3, c = 5, h = 6, w = 7;
        Tensor4 logits = GradientCheck.random(rnd, n, c, h, w, -3, 3);
        int[] labels = new int[n * h * w];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rnd.nextDouble() < 0.3 ? IGNORE : rnd.nextInt(c);
        }
        double[] all = PerImageCrossEntropy.losses(logits, labels, IGNORE);
        int img = c * h * w;
        for (int b = 0; b < n; b++) {
            Tensor4 one = new Tensor4(1, c, h, w, Arrays.copyOfRange(logits.data(), b * img, (b + 1) * img));
            int[] oneLabels = Arrays.copyOfRange(labels, b * h * w, (b + 1) * h * w);
            double expected = new SoftmaxCrossEntropy().compute(one, oneLabels).loss();
            assertEquals(expected, all[b], 1e-9 * Math.max(1, expected), "image " + b);
            assertArrayEquals(new double[] {all[b]}, PerImageCrossEntropy.losses(one, oneLabels, IGNORE), 0.0);
        }
    }

    @Test
    void theIgnoreLabelIsAParameter() {
        Tensor4 logits = new Tensor4(1, 2, 1, 2, new float[] {0, 3, 0, 0});
        assertEquals(Math.log(2), PerImageCrossEntropy.losses(logits, new int[] {1, -1}, -1)[0], 1e-12);
        // with ignore -1, 255 is an out-of-range label
        assertThrows(IllegalArgumentException.class, () -> PerImageCrossEntropy.losses(logits, new int[] {1, 255}, -1));
    }

    @Test
    void badInputsAreNamed() {
        Tensor4 logits = new Tensor4(2, 3, 2, 2);
        int[] labels = new int[8];
        labels[6] = 3;
        var range = assertThrows(IllegalArgumentException.class, () -> PerImageCrossEntropy.losses(logits, labels, IGNORE));
        assertTrue(range.getMessage().contains("label 3") && range.getMessage().contains("(n=1, y=1, x=0)")
                && range.getMessage().contains("0..2"), range.getMessage());
        var len = assertThrows(IllegalArgumentException.class, () -> PerImageCrossEntropy.losses(logits, new int[7], IGNORE));
        assertTrue(len.getMessage().contains("7 labels") && len.getMessage().contains("[2, 3, 2, 2]"), len.getMessage());
        Tensor4 nan = new Tensor4(1, 2, 1, 2, new float[] {0, Float.NaN, 0, 0});
        var nanErr = assertThrows(IllegalArgumentException.class,
                () -> PerImageCrossEntropy.losses(nan, new int[] {0, 1}, IGNORE));
        assertTrue(nanErr.getMessage().contains("not finite") && nanErr.getMessage().contains("x=1"), nanErr.getMessage());
        // a non-finite logit at an ignored pixel is never read
        assertEquals(Math.log(2), PerImageCrossEntropy.losses(nan, new int[] {0, IGNORE}, IGNORE)[0], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> PerImageCrossEntropy.losses(null, labels, IGNORE));
    }
}
