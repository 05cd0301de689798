package org.activeseg.model.gpu;

/**
 * The argument contract of the cuDNN descriptors, checked in Java before any native call so a bad
 * shape is an IllegalArgumentException naming every value instead of a bare CUDNN_STATUS_BAD_PARAM.
 * The limits are cuDNN's: positive extents (a 4-d descriptor has no empty dimension), fewer than
 * 2^31 elements per tensor, non-negative padding, positive stride / dilation / groups.
 */
public final class DescriptorChecks {
    /** cuDNN's element limit of one tensor (2 Giga-elements), exclusive. */
    public static final long MAX_ELEMENTS = 1L << 31;

    private DescriptorChecks() {}

    /** An NCHW float tensor descriptor's extents; returns the element count. */
    public static long tensor4d(int n, int c, int h, int w) {
        if (n <= 0 || c <= 0 || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("cuDNN tensor extents must be positive, got [" + n + ", " + c + ", " + h
                    + ", " + w + "]");
        }
        long count = (long) n * c * h * w;
        if (count >= MAX_ELEMENTS) {
            throw new IllegalArgumentException("cuDNN tensor [" + n + ", " + c + ", " + h + ", " + w + "] has " + count
                    + " elements, cuDNN takes fewer than 2^31");
        }
        return count;
    }

    /** A filter (out, in / groups, kH, kW) descriptor's extents; returns the element count. */
    public static long filter4d(int k, int c, int h, int w) {
        if (k <= 0 || c <= 0 || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("cuDNN filter extents must be positive, got [" + k + ", " + c + ", " + h
                    + ", " + w + "]");
        }
        long count = (long) k * c * h * w;
        if (count >= MAX_ELEMENTS) {
            throw new IllegalArgumentException("cuDNN filter [" + k + ", " + c + ", " + h + ", " + w + "] has " + count
                    + " elements, cuDNN takes fewer than 2^31");
        }
        return count;
    }

    /** cudnnSetConvolution2dDescriptor + cudnnSetConvolutionGroupCount arguments. */
    public static void convolution2d(int padH, int padW, int strideH, int strideW, int dilationH, int dilationW,
                                     int groups) {
        if (padH < 0 || padW < 0 || strideH <= 0 || strideW <= 0 || dilationH <= 0 || dilationW <= 0 || groups <= 0) {
            throw new IllegalArgumentException("cuDNN convolution needs padding >= 0 and stride, dilation, groups > 0;"
                    + " got padding " + padH + "x" + padW + ", stride " + strideH + "x" + strideW + ", dilation "
                    + dilationH + "x" + dilationW + ", groups " + groups);
        }
    }

    /** cudnnSetActivationDescriptor: RELU (coef ignored) or CLIPPED_RELU with a positive, finite ceiling. */
    public static void activation(int mode, double coef) {
        if (mode == CudnnConstants.ACTIVATION_CLIPPED_RELU) {
            if (!(coef > 0) || !Double.isFinite(coef)) {
                throw new IllegalArgumentException("cuDNN clipped ReLU needs a positive, finite ceiling, got " + coef);
            }
        } else if (mode != CudnnConstants.ACTIVATION_RELU) {
            throw new IllegalArgumentException("activation mode " + mode + " is not bound (RELU "
                    + CudnnConstants.ACTIVATION_RELU + " or CLIPPED_RELU " + CudnnConstants.ACTIVATION_CLIPPED_RELU + ")");
        }
    }

    /** Batch-norm epsilon: finite, positive (as the CPU layer) and at least CUDNN_BN_MIN_EPSILON. */
    public static void batchNormEpsilon(double eps) {
        if (!(eps > 0) || !Double.isFinite(eps) || eps < CudnnConstants.BN_MIN_EPSILON) {
            throw new IllegalArgumentException("batch-norm epsilon must be positive and finite (cuDNN's minimum is "
                    + CudnnConstants.BN_MIN_EPSILON + "), got " + eps);
        }
    }

    /** Batch-norm exponential-average factor (PyTorch's momentum) in [0, 1]. */
    public static void batchNormMomentum(double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("batch-norm momentum must be in [0, 1], got " + momentum);
        }
    }
}
