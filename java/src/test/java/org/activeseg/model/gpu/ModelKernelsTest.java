package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * as_activation_backward through Panama on a machine without a GPU: the launcher's argument
 * checks answer with AS_ERR_INVALID_ARGUMENT and their text before any launch, and an empty
 * problem succeeds. Needs the nvcc-built library (build/native); skips visibly without it, or fails
 * with -Dactiveseg.test.requireCuda=true.
 */
class ModelKernelsTest {
    @RegisterExtension
    static final CudaRequirement<ActivesegNative> NATIVE = CudaRequirement.nativeLibrary();

    private static ModelKernels kernels() throws Exception {
        return ModelKernels.bind(NATIVE.get());
    }

    @Test
    void argumentErrorsComeBackWithText() throws Exception {
        ModelKernels k = kernels();
        CudaCallException e = assertThrows(CudaCallException.class, () -> k.activationBackward(8, 8, 8, -1, 6f, 0));
        assertEquals(-1, e.status());
        assertTrue(e.getMessage().contains("as_activation_backward: bad count -1"), e.getMessage());
        e = assertThrows(CudaCallException.class, () -> k.activationBackward(8, 8, 8, 4, 0f, 0));
        assertTrue(e.getMessage().contains("bad upper bound 0"), e.getMessage());
        e = assertThrows(CudaCallException.class, () -> k.activationBackward(8, 8, 8, 4, Float.NaN, 0));
        assertTrue(e.getMessage().contains("bad upper bound nan"), e.getMessage());
        e = assertThrows(CudaCallException.class, () -> k.activationBackward(0, 8, 8, 4, 6f, 0));
        assertTrue(e.getMessage().contains("null device pointer"), e.getMessage());
        k.activationBackward(0, 0, 0, 0, Float.POSITIVE_INFINITY, 0);
    }
}
