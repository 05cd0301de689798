package org.activeseg.model.gpu;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.activeseg.device.OwnedResources;
import org.activeseg.model.layers.Conv2d;

/**
 * {@link Conv2d} on cuDNN: cudnnConvolutionForward (+ cudnnAddTensor for the bias),
 * cudnnConvolutionBackwardData, cudnnConvolutionBackwardFilter and cudnnConvolutionBackwardBias,
 * as a float cross-correlation with PyTorch's padding, stride, dilation and groups (depthwise when
 * groups == in == out) in CUDNN_FMA_MATH, so no TF32 rounding. Algorithms come from cuDNN's
 * heuristics ({@link AlgorithmChoice}) once per input shape; the workspace is the execution's.
 * Weight and bias are uploaded from the CPU layer at each forward; their gradients are computed on
 * the device and added into the CPU parameters' grad at each backward.
 */
public final class GpuConv2d implements GpuLayer {
    private final GpuExecution exec;
    private final CudnnLibrary cudnn;
    private final Conv2d layer;
    private final ConvGeometry geometry;
    private final int in;
    private final int out;
    private final CudnnDescriptor xDesc;
    private final CudnnDescriptor yDesc;
    private final CudnnDescriptor wDesc;
    private final CudnnDescriptor convDesc;
    private final CudnnDescriptor biasDesc;
    private final DeviceParameter weight;
    private final DeviceParameter bias;
    private final OwnedResources owned = new OwnedResources();
    private Plan plan;
    private GpuTensor input;
    private boolean closed;

    /** The shape-dependent part: extents and the algorithm of each pass. */
    private record Plan(int n, int h, int w, int outH, int outW, AlgorithmChoice forward, AlgorithmChoice backwardData,
                        AlgorithmChoice backwardFilter) {}

    /**
     * @param geometry the kernel, stride, padding, dilation and groups {@code layer} was built with
     *                 (checked against its weight shape as far as that goes)
     */
    public GpuConv2d(GpuExecution exec, Conv2d layer, ConvGeometry geometry) {
        geometry.checkAgainst(layer);
        this.exec = exec;
        this.cudnn = exec.cudnn();
        this.layer = layer;
        this.geometry = geometry;
        this.in = layer.inChannels();
        this.out = layer.outChannels();
        try {
            xDesc = owned.add(cudnn.descriptor(CudnnDescriptor.Kind.TENSOR));
            yDesc = owned.add(cudnn.descriptor(CudnnDescriptor.Kind.TENSOR));
            wDesc = owned.add(cudnn.descriptor(CudnnDescriptor.Kind.FILTER));
            convDesc = owned.add(cudnn.descriptor(CudnnDescriptor.Kind.CONVOLUTION));
            biasDesc = owned.add(cudnn.descriptor(CudnnDescriptor.Kind.TENSOR));
            cudnn.setFilter4d(wDesc, out, in / geometry.groups(), geometry.kernelH(), geometry.kernelW());
            cudnn.setConvolution2d(convDesc, geometry.padding(), geometry.stride(), geometry.dilation(),
                    geometry.groups(), CudnnConstants.FMA_MATH);
            cudnn.setTensor4d(biasDesc, 1, out, 1, 1);
            weight = owned.add(DeviceParameter.of(exec.context(), layer.weight(), true));
            bias = layer.bias() == null ? null : owned.add(DeviceParameter.of(exec.context(), layer.bias(), true));
        } catch (RuntimeException e) {
            owned.closeAfter(e);
            throw e;
        }
    }

    public Conv2d layer() {
        return layer;
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    /** The algorithms chosen for the last input shape ("none yet" before the first forward). */
    public String describeAlgorithms() {
        Plan p = plan;
        return p == null ? "none yet" : "forward " + p.forward + ", backward data " + p.backwardData
                + ", backward filter " + p.backwardFilter;
    }

    @Override
    public GpuTensor forward(GpuTensor x, boolean training) {
        ensureOpen();
        input = null;
        if (x.c() != in) {
            throw new IllegalArgumentException("conv " + layer + ": input shape " + x.shapeString() + " has " + x.c()
                    + " channels, expected " + in);
        }
        Plan p = plan(x.n(), x.h(), x.w());
        weight.upload();
        if (bias != null) {
            bias.upload();
        }
        GpuTensor y = exec.allocate(p.n, out, p.outH, p.outW);
        try {
            MemorySegment handle = exec.cudnnHandle();
            long ws = exec.workspace(p.forward.workspaceBytes()).address();
            cudnn.convolutionForward(handle, exec.one(), xDesc, x.address(), wDesc, weight.value(), convDesc,
                    p.forward.algo(), ws, p.forward.workspaceBytes(), exec.zero(), yDesc, y.address());
            if (bias != null) {
                cudnn.addTensor(handle, exec.one(), biasDesc, bias.value(), exec.one(), yDesc, y.address());
            }
        } catch (RuntimeException e) {
            y.close();
            throw e;
        }
        input = x;
        return y;
    }

    @Override
    public GpuTensor backward(GpuTensor dy) {
        ensureOpen();
        GpuTensor x = input;
        if (x == null) {
            throw new IllegalStateException("conv " + layer + ": backward before forward");
        }
        if (x.isClosed()) {
            throw new IllegalStateException("conv " + layer + ": the forward input was closed before backward");
        }
        Plan p = plan;
        if (p == null) {
            throw new IllegalStateException("conv " + layer + ": backward needs a successful forward");
        }
        if (!dy.hasShape(p.n, out, p.outH, p.outW)) {
            throw new IllegalArgumentException("conv " + layer + ": gradient of the output has shape "
                    + dy.shapeString() + ", the output had [" + p.n + ", " + out + ", " + p.outH + ", " + p.outW + "]");
        }
        GpuTensor dx = exec.allocate(p.n, in, p.h, p.w);
        try {
            MemorySegment handle = exec.cudnnHandle();
            long bytes = Math.max(p.backwardData.workspaceBytes(), p.backwardFilter.workspaceBytes());
            long ws = exec.workspace(bytes).address();
            cudnn.convolutionBackwardData(handle, exec.one(), wDesc, weight.value(), yDesc, dy.address(), convDesc,
                    p.backwardData.algo(), ws, p.backwardData.workspaceBytes(), exec.zero(), xDesc, dx.address());
            cudnn.convolutionBackwardFilter(handle, exec.one(), xDesc, x.address(), yDesc, dy.address(), convDesc,
                    p.backwardFilter.algo(), ws, p.backwardFilter.workspaceBytes(), exec.zero(), wDesc, weight.grad());
            if (bias != null) {
                cudnn.convolutionBackwardBias(handle, exec.one(), yDesc, dy.address(), exec.zero(), biasDesc,
                        bias.grad());
            }
            weight.accumulateGradient();
            if (bias != null) {
                bias.accumulateGradient();
            }
        } catch (RuntimeException e) {
            dx.close();
            throw e;
        }
        return dx;
    }

    /** The plan for an (n, in, h, w) input: descriptors set, output extents checked with cuDNN, algorithms chosen. */
    private Plan plan(int n, int h, int w) {
        Plan p = plan;
        if (p != null && p.n == n && p.h == h && p.w == w) {
            return p;
        }
        int outH;
        int outW;
        try {
            outH = geometry.outputSize(h, geometry.kernelH());
            outW = geometry.outputSize(w, geometry.kernelW());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("conv " + layer + ": input [" + n + ", " + in + ", " + h + ", " + w
                    + "] is too small: " + e.getMessage(), e);
        }
        plan = null;
        cudnn.setTensor4d(xDesc, n, in, h, w);
        int[] dims = cudnn.convolution2dOutputDim(convDesc, xDesc, wDesc);
        if (dims[0] != n || dims[1] != out || dims[2] != outH || dims[3] != outW) {
            throw new IllegalStateException("conv " + layer + ": cuDNN's output shape " + java.util.Arrays.toString(dims)
                    + " differs from PyTorch's [" + n + ", " + out + ", " + outH + ", " + outW + "]");
        }
        cudnn.setTensor4d(yDesc, n, out, outH, outW);
        MemorySegment handle = exec.cudnnHandle();
        long limit = exec.workspaceLimit();
        AlgorithmChoice fwd = choose(CudnnLibrary.ConvolutionPass.FORWARD, "forward", handle, limit);
        AlgorithmChoice bwdData = choose(CudnnLibrary.ConvolutionPass.BACKWARD_DATA, "backward-data", handle, limit);
        AlgorithmChoice bwdFilter = choose(CudnnLibrary.ConvolutionPass.BACKWARD_FILTER, "backward-filter", handle,
                limit);
        p = new Plan(n, h, w, outH, outW, fwd, bwdData, bwdFilter);
        plan = p;
        return p;
    }

    private AlgorithmChoice choose(CudnnLibrary.ConvolutionPass pass, String name, MemorySegment handle, long limit) {
        List<AlgorithmPerf> ranking = cudnn.algorithms(pass, handle, xDesc, wDesc, convDesc, yDesc);
        try {
            return AlgorithmChoice.choose(name, ranking, limit,
                    (algo, status) -> cudnn.workspaceSize(pass, handle, xDesc, wDesc, convDesc, yDesc, algo, status));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("conv " + layer + ": " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("GPU conv " + layer + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        input = null;
        plan = null;
        owned.close();
    }

    @Override
    public String toString() {
        return "GpuConv2d(" + layer + ")";
    }
}
