package org.activeseg.model.gpu;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.activeseg.device.OwnedResources;
import org.activeseg.device.cuda.DeviceBuffer;
import org.activeseg.model.layers.BatchNorm2d;

/**
 * {@link BatchNorm2d} on cuDNN (SPATIAL mode: per channel over N, H, W), with the CPU layer's
 * (PyTorch's) semantics:
 * <ul>
 *   <li>training: cudnnBatchNormalizationForwardTraining normalises with the batch mean and biased
 *       variance and updates the running statistics with factor = momentum and the unbiased
 *       variance; the updated running mean / variance are written back into the CPU layer's
 *       buffers. Backward is cudnnBatchNormalizationBackward (the full batch-statistics gradient).</li>
 *   <li>evaluation: cudnnBatchNormalizationForwardInference with the running statistics. cuDNN has
 *       no backward for it, so backward composes the per-channel affine map's gradient from cuDNN
 *       ops: x_hat from an inference pass with scale 1 and bias 0, dgamma = sum(dy * x_hat)
 *       (cudnnOpTensor MUL, cudnnConvolutionBackwardBias), dbeta = sum(dy), and dx = dy * gamma /
 *       sqrt(var + eps) (cudnnOpTensor with a per-channel factor computed on the host).</li>
 * </ul>
 * Epsilon and momentum are not readable from the CPU layer, so they are given here (the CPU
 * layer's defaults: 1e-5 and 0.1) and must be the ones it was built with.
 */
public final class GpuBatchNorm2d implements GpuLayer {
    private final GpuExecution exec;
    private final CudnnLibrary cudnn;
    private final BatchNorm2d layer;
    private final int channels;
    private final double eps;
    private final double momentum;
    private final OwnedResources owned = new OwnedResources();
    private final CudnnDescriptor xDesc;
    private final CudnnDescriptor bnDesc;
    private final CudnnDescriptor multiply;
    private final DeviceParameter weight;
    private final DeviceParameter bias;
    private final DeviceParameter runningMean;
    private final DeviceParameter runningVar;
    private final DeviceBuffer saveMean;
    private final DeviceBuffer saveInvStd;
    private final DeviceBuffer evalScale;
    private final DeviceBuffer ones;
    private final DeviceBuffer zeros;
    private int n, h, w;
    private GpuTensor input;
    private boolean lastTraining;
    private float[] lastEvalScale;
    private boolean closed;

    /** With the CPU layer's default epsilon 1e-5 and momentum 0.1. */
    public GpuBatchNorm2d(GpuExecution exec, BatchNorm2d layer) {
        this(exec, layer, 1e-5, 0.1);
    }

    /** @param eps, momentum as {@code layer} was built with (the CPU layer does not expose them) */
    public GpuBatchNorm2d(GpuExecution exec, BatchNorm2d layer, double eps, double momentum) {
        DescriptorChecks.batchNormEpsilon(eps);
        DescriptorChecks.batchNormMomentum(momentum);
        this.exec = exec;
        this.cudnn = exec.cudnn();
        this.layer = layer;
        this.channels = layer.channels();
        this.eps = eps;
        this.momentum = momentum;
        long bytes = (long) channels * Float.BYTES;
        try {
            xDesc = owned.add(cudnn.descriptor(CudnnDescriptor.Kind.TENSOR));
            bnDesc = owned.add(cudnn.descriptor(CudnnDescriptor.Kind.TENSOR));
            multiply = owned.add(cudnn.descriptor(CudnnDescriptor.Kind.OP_TENSOR));
            cudnn.setTensor4d(bnDesc, 1, channels, 1, 1);
            cudnn.setOpTensor(multiply, CudnnConstants.OP_TENSOR_MUL);
            weight = owned.add(DeviceParameter.of(exec.context(), layer.weight(), true));
            bias = owned.add(DeviceParameter.of(exec.context(), layer.bias(), true));
            runningMean = owned.add(DeviceParameter.of(exec.context(), layer.runningMean(), false));
            runningVar = owned.add(DeviceParameter.of(exec.context(), layer.runningVar(), false));
            saveMean = owned.add(exec.context().allocate(bytes));
            saveInvStd = owned.add(exec.context().allocate(bytes));
            evalScale = owned.add(exec.context().allocate(bytes));
            ones = owned.add(exec.context().allocate(bytes));
            zeros = owned.add(exec.context().allocate(bytes));
            float[] fill = new float[channels];
            zeros.copyFrom(fill);
            Arrays.fill(fill, 1f);
            ones.copyFrom(fill);
        } catch (RuntimeException e) {
            owned.closeAfter(e);
            throw e;
        }
    }

    public BatchNorm2d layer() {
        return layer;
    }

    @Override
    public GpuTensor forward(GpuTensor x, boolean training) {
        ensureOpen();
        input = null;
        if (x.c() != channels) {
            throw new IllegalArgumentException("batch norm " + layer.name() + ": input shape " + x.shapeString()
                    + " does not have the expected " + channels + " channels");
        }
        long count = (long) x.n() * x.h() * x.w();
        if (training && count <= 1) {
            throw new IllegalArgumentException("batch norm " + layer.name()
                    + ": training needs more than 1 value per channel, input shape " + x.shapeString());
        }
        if (x.n() != n || x.h() != h || x.w() != w) {
            n = 0;
            cudnn.setTensor4d(xDesc, x.n(), channels, x.h(), x.w());
            n = x.n();
            h = x.h();
            w = x.w();
        }
        weight.upload();
        bias.upload();
        runningMean.upload();
        runningVar.upload();
        GpuTensor y = exec.allocate(n, channels, h, w);
        try {
            MemorySegment handle = exec.cudnnHandle();
            if (training) {
                cudnn.batchNormTraining(handle, exec.one(), exec.zero(), xDesc, x.address(), xDesc, y.address(), bnDesc,
                        weight.value(), bias.value(), momentum, runningMean.value(), runningVar.value(), eps,
                        saveMean.address(), saveInvStd.address());
                runningMean.downloadValue();
                runningVar.downloadValue();
                lastEvalScale = null;
            } else {
                cudnn.batchNormInference(handle, exec.one(), exec.zero(), xDesc, x.address(), xDesc, y.address(), bnDesc,
                        weight.value(), bias.value(), runningMean.value(), runningVar.value(), eps);
                lastEvalScale = evalScale(layer.weight().value(), layer.runningVar().value(), eps);
            }
        } catch (RuntimeException e) {
            y.close();
            throw e;
        }
        input = x;
        lastTraining = training;
        return y;
    }

    /** gamma / sqrt(running_var + eps) per channel, in double as the CPU layer: the evaluation-mode dx factor. */
    static float[] evalScale(float[] gamma, float[] runningVar, double eps) {
        float[] k = new float[gamma.length];
        for (int c = 0; c < k.length; c++) {
            k[c] = (float) (gamma[c] / Math.sqrt(runningVar[c] + eps));
        }
        return k;
    }

    @Override
    public GpuTensor backward(GpuTensor dy) {
        ensureOpen();
        GpuTensor x = input;
        if (x == null) {
            throw new IllegalStateException("batch norm " + layer.name() + ": backward called before forward");
        }
        if (x.isClosed()) {
            throw new IllegalStateException("batch norm " + layer.name() + ": the forward input was closed before backward");
        }
        if (!dy.sameShape(x)) {
            throw new IllegalArgumentException("batch norm " + layer.name() + ": gradient shape " + dy.shapeString()
                    + " does not match the forward shape " + x.shapeString());
        }
        GpuTensor dx = exec.allocate(n, channels, h, w);
        try {
            MemorySegment handle = exec.cudnnHandle();
            if (lastTraining) {
                cudnn.batchNormBackward(handle, exec.one(), exec.zero(), exec.one(), exec.zero(), xDesc, x.address(),
                        xDesc, dy.address(), xDesc, dx.address(), bnDesc, weight.value(), weight.grad(), bias.grad(),
                        eps, saveMean.address(), saveInvStd.address());
            } else {
                evalBackward(handle, x, dy, dx);
            }
            weight.accumulateGradient();
            bias.accumulateGradient();
        } catch (RuntimeException e) {
            dx.close();
            throw e;
        }
        return dx;
    }

    /** The evaluation-mode gradient (see the class comment); dx doubles as scratch for x_hat. */
    private void evalBackward(MemorySegment handle, GpuTensor x, GpuTensor dy, GpuTensor dx) {
        long product = exec.workspace(x.size() * Float.BYTES).address();
        // dx := x_hat = (x - running_mean) / sqrt(running_var + eps), from the values of the forward pass
        cudnn.batchNormInference(handle, exec.one(), exec.zero(), xDesc, x.address(), xDesc, dx.address(), bnDesc,
                ones.address(), zeros.address(), runningMean.value(), runningVar.value(), eps);
        // product := dy * x_hat; dgamma = sum over N, H, W; dbeta = sum of dy
        cudnn.opTensor(handle, multiply, exec.one(), xDesc, dy.address(), exec.one(), xDesc, dx.address(), exec.zero(),
                xDesc, product);
        cudnn.convolutionBackwardBias(handle, exec.one(), xDesc, product, exec.zero(), bnDesc, weight.grad());
        cudnn.convolutionBackwardBias(handle, exec.one(), xDesc, dy.address(), exec.zero(), bnDesc, bias.grad());
        // dx := dy * gamma / sqrt(running_var + eps), the factor broadcast from (1, C, 1, 1)
        evalScale.copyFrom(lastEvalScale);
        cudnn.opTensor(handle, multiply, exec.one(), xDesc, dy.address(), exec.one(), bnDesc, evalScale.address(),
                exec.zero(), xDesc, dx.address());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("GPU batch norm " + layer.name() + " is closed");
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
        return "GpuBatchNorm2d(" + layer.name() + ", " + channels + ", eps " + eps + ", momentum " + momentum + ")";
    }
}
