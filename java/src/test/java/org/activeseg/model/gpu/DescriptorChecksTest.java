package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.activeseg.model.layers.Conv2d;
import org.junit.jupiter.api.Test;

/**
 * The argument contract checked in Java before cuDNN sees a descriptor, and the convolution
 * geometry the GPU conv is given beside the CPU layer (checked against its weight shape; output
 * extents identical to Conv2d's at awkward sizes).
 */
class DescriptorChecksTest {

    @Test
    void tensorExtentsArePositiveAndBelow2To31Elements() {
        assertEquals(2L * 3 * 5 * 7, DescriptorChecks.tensor4d(2, 3, 5, 7));
        assertEquals((1L << 31) - 1, DescriptorChecks.tensor4d(1, 1, 1, Integer.MAX_VALUE));
        for (int[] bad : new int[][] {{0, 1, 1, 1}, {1, 0, 1, 1}, {1, 1, 0, 1}, {1, 1, 1, 0}, {-1, 1, 1, 1}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DescriptorChecks.tensor4d(bad[0], bad[1], bad[2], bad[3]));
            assertTrue(e.getMessage().contains("must be positive"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DescriptorChecks.tensor4d(1 << 10, 1 << 10, 1 << 10, 2));
        assertTrue(e.getMessage().contains("2147483648 elements"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DescriptorChecks.filter4d(4, 0, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> DescriptorChecks.filter4d(1 << 16, 1 << 15, 1, 1));
    }

    @Test
    void convolutionActivationAndBatchNormArguments() {
        DescriptorChecks.convolution2d(0, 0, 1, 1, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> DescriptorChecks.convolution2d(-1, 0, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> DescriptorChecks.convolution2d(0, 0, 0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> DescriptorChecks.convolution2d(0, 0, 1, 1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> DescriptorChecks.convolution2d(0, 0, 1, 1, 1, 1, 0));

        DescriptorChecks.activation(CudnnConstants.ACTIVATION_RELU, 0.0);
        DescriptorChecks.activation(CudnnConstants.ACTIVATION_CLIPPED_RELU, 6.0);
        assertThrows(IllegalArgumentException.class,
                () -> DescriptorChecks.activation(CudnnConstants.ACTIVATION_CLIPPED_RELU, -6.0));
        assertThrows(IllegalArgumentException.class,
                () -> DescriptorChecks.activation(CudnnConstants.ACTIVATION_CLIPPED_RELU, Double.POSITIVE_INFINITY));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DescriptorChecks.activation(4, 1.0));
        assertTrue(e.getMessage().contains("mode 4 is not bound"), e.getMessage());

        DescriptorChecks.batchNormEpsilon(1e-5);
        assertThrows(IllegalArgumentException.class, () -> DescriptorChecks.batchNormEpsilon(0.0));
        assertThrows(IllegalArgumentException.class, () -> DescriptorChecks.batchNormEpsilon(Double.NaN));
        DescriptorChecks.batchNormMomentum(0.0);
        DescriptorChecks.batchNormMomentum(1.0);
        assertThrows(IllegalArgumentException.class, () -> DescriptorChecks.batchNormMomentum(1.5));
        assertThrows(IllegalArgumentException.class, () -> DescriptorChecks.batchNormMomentum(Double.NaN));
    }

    @Test
    void geometryRejectsBadValuesAndMatchesConv2dExtents() {
        assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(0, 3, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(3, 3, 0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(3, 3, 1, -1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(3, 3, 1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(3, 3, 1, 1, 1, 0));
        int[] sizes = {1, 2, 5, 13, 64, 97};
        for (int k = 1; k <= 5; k += 2) {
            for (int s = 1; s <= 3; s++) {
                for (int d = 1; d <= 3; d++) {
                    ConvGeometry g = new ConvGeometry(k, k, s, d * (k / 2), d, 1);
                    for (int in : sizes) {
                        int expected;
                        try {
                            expected = Conv2d.outputSize(in, k, s, d * (k / 2), d);
                        } catch (IllegalArgumentException tooSmall) {
                            assertThrows(IllegalArgumentException.class, () -> g.outputSize(in, g.kernelH()));
                            continue;
                        }
                        assertEquals(expected, g.outputSize(in, g.kernelH()), g + " at " + in);
                    }
                }
            }
        }
    }

    @Test
    void geometryIsCheckedAgainstTheLayersWeight() {
        SplittableRandom rng = new SplittableRandom(1);
        Conv2d depthwise = new Conv2d("dw", 16, 16, 3, 3, 2, 1, 1, 16, false, rng);
        new ConvGeometry(3, 3, 2, 1, 1, 16).checkAgainst(depthwise);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConvGeometry(3, 3, 2, 1, 1, 1).checkAgainst(depthwise));
        assertTrue(e.getMessage().contains("weight shape [16, 1, 3, 3], expected [16, 16, 3, 3]"), e.getMessage());
        Conv2d wide = new Conv2d("w", 4, 6, 3, 1, 1, 1, 1, 2, true, rng);
        new ConvGeometry(3, 1, 1, 1, 1, 2).checkAgainst(wide);
        assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(1, 3, 1, 1, 1, 2).checkAgainst(wide));
        e = assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(3, 1, 1, 1, 1, 3).checkAgainst(wide));
        assertTrue(e.getMessage().contains("expected [6, 4/3, 3, 1]"), e.getMessage());
    }
}
