package org.activeseg.model.gpu;

import org.activeseg.model.layers.Conv2d;

/**
 * The hyper-parameters of a {@link Conv2d} that its GPU execution needs and that the CPU layer does
 * not expose (it has no accessors for kernel, stride, padding, dilation or groups): PyTorch's
 * symmetric zero padding, stride and dilation, and the group count (depthwise when groups equals
 * the channel count). {@link #checkAgainst} verifies what the weight's shape (out, in / groups,
 * kH, kW) can tell; stride, padding and dilation must be given as the layer was built.
 */
public record ConvGeometry(int kernelH, int kernelW, int stride, int padding, int dilation, int groups) {
    public ConvGeometry {
        if (kernelH <= 0 || kernelW <= 0 || stride <= 0 || padding < 0 || dilation <= 0 || groups <= 0) {
            throw new IllegalArgumentException("convolution geometry needs positive kernel, stride, dilation, groups"
                    + " and padding >= 0: kernel " + kernelH + "x" + kernelW + ", stride " + stride + ", padding "
                    + padding + ", dilation " + dilation + ", groups " + groups);
        }
        DescriptorChecks.convolution2d(padding, padding, stride, stride, dilation, dilation, groups);
    }

    /** PyTorch's output extent along one axis of kernel size {@code kernel} ({@link Conv2d#outputSize}). */
    public int outputSize(int in, int kernel) {
        return Conv2d.outputSize(in, kernel, stride, padding, dilation);
    }

    /**
     * Throws naming both sides unless {@code layer}'s weight (out, in / groups, kH, kW) agrees with
     * this kernel size and group count.
     */
    public void checkAgainst(Conv2d layer) {
        int[] s = layer.weight().shape();
        int in = layer.inChannels();
        int out = layer.outChannels();
        if (s.length != 4 || s[2] != kernelH || s[3] != kernelW || in % groups != 0 || out % groups != 0
                || s[1] != in / groups || s[0] != out) {
            throw new IllegalArgumentException("convolution geometry " + this + " does not match " + layer
                    + " (weight shape " + java.util.Arrays.toString(s) + ", expected [" + out + ", "
                    + (in % groups == 0 ? Integer.toString(in / groups) : in + "/" + groups) + ", " + kernelH + ", "
                    + kernelW + "])");
        }
    }
}
