package org.activeseg.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.activeseg.device.cuda.ActivesegNative.address;
import static org.activeseg.device.cuda.ActivesegNative.rethrow;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.device.cuda.NativeLoadException;

/**
 * Hand-written Panama bindings of the ViewOps section of cuda/include/activeseg.h
 * (cuda/src/view_statistics.cu): ViewAL's view statistics and superpixel coverage. Handles are made
 * once in {@link #bind}; every call checks its status and throws {@link CudaCallException} with the
 * library's error text. Device pointers are raw addresses; calls enqueue on {@code stream} and return
 * without synchronising (the workspace-size queries run on the host).
 */
public final class PanamaViewKernels implements ViewKernels {
    private final ActivesegNative lib;
    private final MethodHandle viewWorkspaceBytes;
    private final MethodHandle viewStatistics;
    private final MethodHandle coverageWorkspaceBytes;
    private final MethodHandle coverage;

    private PanamaViewKernels(ActivesegNative lib) throws NativeLoadException {
        this.lib = lib;
        this.viewWorkspaceBytes = lib.downcall("as_view_statistics_workspace_bytes",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS));
        this.viewStatistics = lib.downcall("as_view_statistics", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, JAVA_INT,
                ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        this.coverageWorkspaceBytes = lib.downcall("as_superpixel_coverage_workspace_bytes",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS));
        this.coverage = lib.downcall("as_superpixel_coverage", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_DOUBLE, JAVA_INT, JAVA_LONG,
                JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    }

    /** Binds the ViewOps functions of {@code lib}; a missing symbol names the function and the library. */
    public static PanamaViewKernels bind(ActivesegNative lib) throws NativeLoadException {
        return new PanamaViewKernels(lib);
    }

    /** as_view_statistics_workspace_bytes: workspace bytes for {@code targets} targets at once. */
    @Override
    public long viewStatisticsWorkspaceBytes(int c, long p, long targets) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            int status = (int) viewWorkspaceBytes.invokeExact(c, p, targets, out);
            lib.checkStatus(status, "as_view_statistics_workspace_bytes");
            return out.get(JAVA_LONG, 0);
        } catch (CudaCallException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * as_view_statistics: cameras (N, 36) double, depth (N, P), probs and logs (N, C, P), ve and vd
     * (N, P) float, landed (N) int64, all device addresses.
     */
    @Override
    public void viewStatistics(long cameras, long depth, long probs, long logs, long n, int c, int width, int height,
                               double threshold, boolean projectInvalid, long workspace, long workspaceBytes,
                               long ve, long vd, long landed, long stream) {
        int status;
        try {
            status = (int) viewStatistics.invokeExact(address(cameras), address(depth), address(probs), address(logs), n, c, width, height,
                    threshold, projectInvalid ? 1 : 0, address(workspace), workspaceBytes, address(ve), address(vd), address(landed), address(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        lib.checkStatus(status, "as_view_statistics");
    }

    /** as_superpixel_coverage_workspace_bytes for a scene of N frames of P pixels. */
    @Override
    public long coverageWorkspaceBytes(long n, long p) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            int status = (int) coverageWorkspaceBytes.invokeExact(n, p, out);
            lib.checkStatus(status, "as_superpixel_coverage_workspace_bytes");
            return out.get(JAVA_LONG, 0);
        } catch (CudaCallException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * as_superpixel_coverage of one target: spx (N, P) int32 dense ids, offsets (N) int64; writes
     * uniqueKeys (uint64) and counts (int32), capacity N*P each, and runs (int64).
     */
    @Override
    public void coverage(long cameras, long depth, long spx, long offsets, long n, int width, int height,
                         double threshold, boolean projectInvalid, long target, long targetSuperpixels,
                         long totalSuperpixels, long workspace, long workspaceBytes, long uniqueKeys, long counts,
                         long runs, long stream) {
        int status;
        try {
            status = (int) coverage.invokeExact(address(cameras), address(depth), address(spx), address(offsets), n, width, height, threshold,
                    projectInvalid ? 1 : 0, target, targetSuperpixels, totalSuperpixels, address(workspace), workspaceBytes,
                    address(uniqueKeys), address(counts), address(runs), address(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        lib.checkStatus(status, "as_superpixel_coverage");
    }
}
