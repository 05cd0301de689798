package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.device.cuda.NativeLoadException;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ViewOps bindings on a machine without a GPU: the nvcc-built library exports the four functions,
 * the workspace size (host arithmetic) is what activeseg.h states, and bad arguments come back as
 * AS_ERR_INVALID_ARGUMENT (-1) / AS_ERR_TOO_LARGE (-2) with a message naming the function, before
 * any CUDA call. Skips, saying so, when no nvcc-built library is present (fails instead with
 * -Dactiveseg.test.requireCuda=true).
 */
class ViewKernelsTest {
    @RegisterExtension
    static final CudaRequirement<ActivesegNative> NATIVE = CudaRequirement.nativeLibrary();

    private static ViewKernels kernels() throws NativeLoadException {
        return ViewKernels.bind(NATIVE.get());
    }

    private static long up(long bytes) {
        return (bytes + 255) / 256 * 256;
    }

    @Test
    void workspaceIsTheStatedAccumulatorsPerTarget() throws NativeLoadException {
        ViewKernels k = kernels();
        long p = 320 * 240;
        long perTarget = up(40 * p * 8) + 2 * up(p * 8) + up(p * 4);
        assertEquals(perTarget, k.viewStatisticsWorkspaceBytes(40, p, 1));
        assertEquals(25 * perTarget, k.viewStatisticsWorkspaceBytes(40, p, 25));
        assertEquals(0, k.viewStatisticsWorkspaceBytes(3, 7, 0));
        assertEquals(up(3 * 7 * 8) + 2 * up(7 * 8) + up(7 * 4), k.viewStatisticsWorkspaceBytes(3, 7, 1));
    }

    @Test
    void badArgumentsAreRefusedWithTheFunctionNamed() throws NativeLoadException {
        ViewKernels k = kernels();
        CudaCallException e = assertThrows(CudaCallException.class, () -> k.viewStatisticsWorkspaceBytes(0, 10, 1));
        assertEquals(-1, e.status());
        assertTrue(e.getMessage().contains("as_view_statistics_workspace_bytes"), e.getMessage());
        e = assertThrows(CudaCallException.class, () -> k.viewStatisticsWorkspaceBytes(4, 1L << 40, 1));
        assertEquals(-2, e.status());
        // a threshold that is not > 0, a negative frame count, a null landed pointer: refused before CUDA runs
        e = assertThrows(CudaCallException.class, () -> k.viewStatistics(1, 1, 1, 1, 2, 3, 4, 4, 0.0, false, 1, 1 << 20,
                1, 1, 1, 0));
        assertEquals(-1, e.status());
        assertTrue(e.getMessage().contains("as_view_statistics: bad world distance threshold"), e.getMessage());
        e = assertThrows(CudaCallException.class, () -> k.viewStatistics(1, 1, 1, 1, -2, 3, 4, 4, 1.0, false, 1,
                1 << 20, 1, 1, 1, 0));
        assertTrue(e.getMessage().contains("bad shape N=-2"), e.getMessage());
        e = assertThrows(CudaCallException.class, () -> k.viewStatistics(1, 1, 1, 1, 2, 3, 4, 4, 1.0, false, 1,
                1 << 20, 1, 1, 0, 0));
        assertTrue(e.getMessage().contains("null device pointer landed"), e.getMessage());
        e = assertThrows(CudaCallException.class, () -> k.viewStatistics(1, 1, 1, 1, 70000, 3, 4, 4, 1.0, false, 1,
                1 << 20, 1, 1, 1, 0));
        assertEquals(-2, e.status());
        e = assertThrows(CudaCallException.class, () -> k.coverage(1, 1, 1, 1, 2, 4, 4, 1.0, false, 2, 3, 6, 1, 1 << 20,
                1, 1, 1, 0));
        assertTrue(e.getMessage().contains("as_superpixel_coverage: bad target 2 of N=2"), e.getMessage());
        e = assertThrows(CudaCallException.class, () -> k.coverage(1, 1, 1, 1, 2, 4, 4, 1.0, false, 0, 0, 6, 1, 1 << 20,
                1, 1, 1, 0));
        assertEquals(-1, e.status());
    }
}
