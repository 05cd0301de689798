package org.activeseg.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.activeseg.device.cuda.ActivesegNative.address;
import static org.activeseg.device.cuda.ActivesegNative.rethrow;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.device.cuda.NativeLoadException;

/**
 * Hand-written Panama bindings of the core-set part of cuda/include/activeseg.h: the k-center
 * distance update and the argmax over rows not taken. Handles are made once in {@link #bind}; calls
 * take raw device addresses, enqueue on the stream and return; a non-zero status throws
 * {@link CudaCallException} with the library's error text.
 */
final class DiversityKernels {
    /** AS_KCENTER_ARGMAX_WORKSPACE_BYTES. */
    static final long ARGMAX_WORKSPACE_BYTES = 16384;

    private final ActivesegNative lib;
    private final MethodHandle update;
    private final MethodHandle argmax;

    private DiversityKernels(ActivesegNative lib) throws NativeLoadException {
        this.lib = lib;
        update = lib.downcall("as_kcenter_update", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS));
        argmax = lib.downcall("as_kcenter_argmax", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    }

    static DiversityKernels bind(ActivesegNative lib) throws NativeLoadException {
        return new DiversityKernels(lib);
    }

    /** as_kcenter_update: x (N, D) float32, minDist (N) float64 in/out. */
    void update(long x, long n, int d, long centre, long minDist, long stream) {
        int status;
        try {
            status = (int) update.invokeExact(address(x), n, d, centre, address(minDist),
                    address(stream));
        } catch (Throwable e) {
            throw rethrow(e);
        }
        lib.checkStatus(status, "as_kcenter_update");
    }

    /** as_kcenter_argmax: minDist (N) float64, taken (N) uint8, outIndex int64, outValue float64. */
    void argmax(long minDist, long taken, long n, long outIndex, long outValue, long workspace, long stream) {
        int status;
        try {
            status = (int) argmax.invokeExact(address(minDist), address(taken), n,
                    address(outIndex), address(outValue), address(workspace),
                    address(stream));
        } catch (Throwable e) {
            throw rethrow(e);
        }
        lib.checkStatus(status, "as_kcenter_argmax");
    }
}
