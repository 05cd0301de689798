package org.activeseg.model.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.activeseg.device.cuda.ActivesegNative.address;
import static org.activeseg.device.cuda.ActivesegNative.rethrow;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.NativeLoadException;

/**
 * Hand-written Panama bindings of the model-layer section of cuda/include/activeseg.h: the few
 * kernels of our own the GPU layers need where cuDNN's behaviour differs from the CPU layers
 * (cuda/src/model_activation.cu). Handles are made once, in {@link #bind}; methods take raw device
 * addresses and a raw stream, enqueue and return without synchronising. A non-zero status throws
 * {@link org.activeseg.device.cuda.CudaCallException} with the library's as_last_error text.
 */
public final class ModelKernels {
    private final ActivesegNative lib;
    private final MethodHandle activationBackward;

    private ModelKernels(ActivesegNative lib) throws NativeLoadException {
        this.lib = lib;
        // (x, dy, dx, count, upper, stream)
        activationBackward = lib.downcall("as_activation_backward", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_FLOAT, ADDRESS));
    }

    /** Binds the model-layer functions of {@code lib}; a missing symbol (an older library) names the function. */
    public static ModelKernels bind(ActivesegNative lib) throws NativeLoadException {
        return new ModelKernels(lib);
    }

    /**
     * dx[i] = dy[i] where 0 < x[i] < upper, else 0, over {@code count} floats ({@code upper} =
     * +infinity for ReLU, 6 for ReLU6): PyTorch's gradient, zero at the kinks and for NaN inputs.
     */
    public void activationBackward(long x, long dy, long dx, long count, float upper, long stream) {
        int status;
        try {
            status = (int) activationBackward.invokeExact(address(x), address(dy), address(dx), count, upper,
                    address(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        lib.checkStatus(status, "as_activation_backward");
    }
}
