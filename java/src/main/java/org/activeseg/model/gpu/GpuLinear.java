package org.activeseg.model.gpu;

import java.lang.foreign.MemorySegment;
import org.activeseg.device.OwnedResources;
import org.activeseg.model.layers.Linear;

/**
 * {@link Linear} ({@code y = x W^T + b} on (N, in, 1, 1) tensors) on cuBLAS. The row-major arrays
 * are read by cuBLAS as their column-major transposes, so each product is computed transposed:
 * <pre>
 *   forward          y^T  (out x N)  = W   (out x in)  x^T (in x N)     Sgemm(T, N), A = W, B = x
 *   input gradient   dx^T (in x N)   = W^T (in x out)  dy^T (out x N)   Sgemm(N, N), A = W, B = dy
 *   weight gradient  dW^T (in x out) = x^T (in x N)    dy  (N x out)    Sgemm(N, T), A = x, B = dy
 * </pre>
 * ({@link #forwardCall}, {@link #inputGradientCall}, {@link #weightGradientCall}). The bias is added
 * with cudnnAddTensor and its gradient summed with cudnnConvolutionBackwardBias.
 */
public final class GpuLinear implements GpuLayer {
    private final GpuExecution exec;
    private final Linear layer;
    private final int in;
    private final int out;
    private final OwnedResources owned = new OwnedResources();
    private final CudnnDescriptor yDesc;
    private final CudnnDescriptor biasDesc;
    private final DeviceParameter weight;
    private final DeviceParameter bias;
    private int batch;
    private GpuTensor input;
    private boolean closed;

    public GpuLinear(GpuExecution exec, Linear layer) {
        this.exec = exec;
        this.layer = layer;
        int[] shape = layer.weight().shape();
        this.out = shape[0];
        this.in = shape[1];
        CudnnLibrary cudnn = exec.cudnn();
        try {
            yDesc = owned.add(cudnn.descriptor(CudnnDescriptor.Kind.TENSOR));
            biasDesc = owned.add(cudnn.descriptor(CudnnDescriptor.Kind.TENSOR));
            cudnn.setTensor4d(biasDesc, 1, out, 1, 1);
            weight = owned.add(DeviceParameter.of(exec.context(), layer.weight(), true));
            bias = layer.bias() == null ? null : owned.add(DeviceParameter.of(exec.context(), layer.bias(), true));
        } catch (RuntimeException e) {
            owned.closeAfter(e);
            throw e;
        }
    }

    /** y^T = W x^T: C (out x N, ldc out) = op_T(A = W, in x out, lda in) * op_N(B = x, in x N, ldb in). */
    static SgemmCall forwardCall(int batch, int in, int out) {
        return new SgemmCall(CublasConstants.OP_T, CublasConstants.OP_N, out, batch, in, in, in, out);
    }

    /** dx^T = W^T dy^T: C (in x N, ldc in) = op_N(A = W, in x out, lda in) * op_N(B = dy, out x N, ldb out). */
    static SgemmCall inputGradientCall(int batch, int in, int out) {
        return new SgemmCall(CublasConstants.OP_N, CublasConstants.OP_N, in, batch, out, in, out, in);
    }

    /** dW^T = x^T dy: C (in x out, ldc in) = op_N(A = x, in x N, lda in) * op_T(B = dy, out x N, ldb out). */
    static SgemmCall weightGradientCall(int batch, int in, int out) {
        return new SgemmCall(CublasConstants.OP_N, CublasConstants.OP_T, in, out, batch, in, out, in);
    }

    public Linear layer() {
        return layer;
    }

    @Override
    public GpuTensor forward(GpuTensor x, boolean training) {
        ensureOpen();
        input = null;
        if (x.c() != in || x.h() != 1 || x.w() != 1) {
            throw new IllegalArgumentException("linear " + layer + ": input shape " + x.shapeString()
                    + " does not match [N, " + in + ", 1, 1]");
        }
        if (x.n() != batch) {
            batch = 0;
            exec.cudnn().setTensor4d(yDesc, x.n(), out, 1, 1);
            batch = x.n();
        }
        weight.upload();
        if (bias != null) {
            bias.upload();
        }
        GpuTensor y = exec.allocate(batch, out, 1, 1);
        try {
            exec.cublas().sgemm(exec.cublasHandle(), forwardCall(batch, in, out), exec.one(), weight.value(),
                    x.address(), exec.zero(), y.address());
            if (bias != null) {
                exec.cudnn().addTensor(exec.cudnnHandle(), exec.one(), biasDesc, bias.value(), exec.one(), yDesc,
                        y.address());
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
            throw new IllegalStateException("linear " + layer + ": backward before forward");
        }
        if (x.isClosed()) {
            throw new IllegalStateException("linear " + layer + ": the forward input was closed before backward");
        }
        if (!dy.hasShape(batch, out, 1, 1)) {
            throw new IllegalArgumentException("linear " + layer + ": gradient of the output has shape "
                    + dy.shapeString() + ", the output had [" + batch + ", " + out + ", 1, 1]");
        }
        GpuTensor dx = exec.allocate(batch, in, 1, 1);
        try {
            MemorySegment blas = exec.cublasHandle();
            exec.cublas().sgemm(blas, inputGradientCall(batch, in, out), exec.one(), weight.value(), dy.address(),
                    exec.zero(), dx.address());
            exec.cublas().sgemm(blas, weightGradientCall(batch, in, out), exec.one(), x.address(), dy.address(),
                    exec.zero(), weight.grad());
            if (bias != null) {
                exec.cudnn().convolutionBackwardBias(exec.cudnnHandle(), exec.one(), yDesc, dy.address(), exec.zero(),
                        biasDesc, bias.grad());
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

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("GPU linear " + layer + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        input = null;
        owned.close();
    }

    @Override
    public String toString() {
        return "GpuLinear(" + layer + ")";
    }
}
