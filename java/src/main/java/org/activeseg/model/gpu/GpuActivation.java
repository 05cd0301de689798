package org.activeseg.model.gpu;

import org.activeseg.device.OwnedResources;
import org.activeseg.model.layers.Activation;

/**
 * {@link Activation} on the GPU: forward is cudnnActivationForward (CUDNN_ACTIVATION_RELU, or
 * CUDNN_ACTIVATION_CLIPPED_RELU with ceiling 6 for ReLU6; NaN propagated, as the CPU layer keeps
 * NaN). Backward is our as_activation_backward kernel, not cudnnActivationBackward: cuDNN's clipped
 * ReLU passes the gradient at x == 6 (chainer/chainer#5877), while PyTorch and the CPU layer pass
 * it only where 0 < x < 6 (0 < x for ReLU), and give NaN inputs a zero gradient.
 */
public final class GpuActivation implements GpuLayer {
    /** ReLU6's ceiling. */
    static final float RELU6_CEILING = 6f;

    private final GpuExecution exec;
    private final CudnnLibrary cudnn;
    private final Activation layer;
    private final float upper;
    private final OwnedResources owned = new OwnedResources();
    private final CudnnDescriptor activation;
    private final CudnnDescriptor xDesc;
    private GpuTensor input;
    private boolean closed;

    public GpuActivation(GpuExecution exec, Activation layer) {
        this.exec = exec;
        this.cudnn = exec.cudnn();
        this.layer = layer;
        boolean relu6 = layer.kind() == Activation.Kind.RELU6;
        this.upper = relu6 ? RELU6_CEILING : Float.POSITIVE_INFINITY;
        try {
            activation = owned.add(cudnn.descriptor(CudnnDescriptor.Kind.ACTIVATION));
            xDesc = owned.add(cudnn.descriptor(CudnnDescriptor.Kind.TENSOR));
            if (relu6) {
                cudnn.setActivation(activation, CudnnConstants.ACTIVATION_CLIPPED_RELU, RELU6_CEILING);
            } else {
                cudnn.setActivation(activation, CudnnConstants.ACTIVATION_RELU, 0.0);
            }
        } catch (RuntimeException e) {
            owned.closeAfter(e);
            throw e;
        }
    }

    public Activation layer() {
        return layer;
    }

    @Override
    public GpuTensor forward(GpuTensor x, boolean training) {
        ensureOpen();
        input = null;
        cudnn.setTensor4d(xDesc, x.n(), x.c(), x.h(), x.w());
        GpuTensor y = exec.allocate(x.n(), x.c(), x.h(), x.w());
        try {
            cudnn.activationForward(exec.cudnnHandle(), activation, exec.one(), xDesc, x.address(), exec.zero(), xDesc,
                    y.address());
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
            throw new IllegalStateException(layer.kind() + ": backward called before forward");
        }
        if (x.isClosed()) {
            throw new IllegalStateException(layer.kind() + ": the forward input was closed before backward");
        }
        if (!dy.sameShape(x)) {
            throw new IllegalArgumentException(layer.kind() + ": gradient shape " + dy.shapeString()
                    + " does not match the forward output shape " + x.shapeString());
        }
        GpuTensor dx = exec.allocate(x.n(), x.c(), x.h(), x.w());
        try {
            exec.context().makeCurrent();
            exec.kernels().activationBackward(x.address(), dy.address(), dx.address(), x.size(), upper,
                    exec.context().streamAddress());
        } catch (RuntimeException e) {
            dx.close();
            throw e;
        }
        return dx;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("GPU " + layer.kind() + " is closed");
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
        return "GpuActivation(" + layer.kind() + ")";
    }
}
