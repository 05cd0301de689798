package org.activeseg.model.gpu;

import org.activeseg.device.cuda.CudaContext;
import org.activeseg.device.cuda.DeviceBuffer;
import org.activeseg.model.Parameter;

/**
 * The device copy of one CPU {@link Parameter} (or batch-norm buffer): its values, uploaded before
 * each use, and optionally a gradient buffer that cuDNN / cuBLAS overwrite and that is then added
 * into {@link Parameter#grad()} on the host, so the CPU optimisers keep working unchanged. This is
 * the first version's upload / download per step; keeping parameters resident is the next one.
 */
final class DeviceParameter implements AutoCloseable {
    private final Parameter parameter;
    private final DeviceBuffer value;
    private final DeviceBuffer grad;
    private final float[] staging;

    private DeviceParameter(Parameter parameter, DeviceBuffer value, DeviceBuffer grad) {
        this.parameter = parameter;
        this.value = value;
        this.grad = grad;
        this.staging = new float[parameter.size()];
    }

    /** Device buffers for {@code parameter}'s values and, when {@code withGrad}, its gradient. */
    static DeviceParameter of(CudaContext context, Parameter parameter, boolean withGrad) {
        long bytes = (long) parameter.size() * Float.BYTES;
        DeviceBuffer value = context.allocate(bytes);
        DeviceBuffer grad = null;
        try {
            grad = withGrad ? context.allocate(bytes) : null;
        } catch (RuntimeException e) {
            value.close();
            throw e;
        }
        return new DeviceParameter(parameter, value, grad);
    }

    Parameter parameter() {
        return parameter;
    }

    /** Device values := host values. */
    void upload() {
        value.copyFrom(parameter.value());
    }

    /** Host values := device values (batch-norm running statistics after a training step). */
    void downloadValue() {
        value.copyTo(parameter.value());
    }

    /** Host gradient += device gradient (waits for the stream's work). */
    void accumulateGradient() {
        if (grad == null) {
            throw new IllegalStateException(parameter.name() + " has no device gradient");
        }
        grad.copyTo(staging);
        float[] g = parameter.grad();
        for (int i = 0; i < g.length; i++) {
            g[i] += staging[i];
        }
    }

    long value() {
        return value.address();
    }

    long grad() {
        if (grad == null) {
            throw new IllegalStateException(parameter.name() + " has no device gradient");
        }
        return grad.address();
    }

    @Override
    public void close() {
        try {
            value.close();
        } finally {
            if (grad != null) {
                grad.close();
            }
        }
    }
}
