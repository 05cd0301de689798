package org.activeseg.backend.cuda;

import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.NativeLoadException;

/**
 * The ViewOps section of cuda/include/activeseg.h as {@link CudaViewOps} calls it: addresses of device
 * memory in, status checked, errors as {@link CudaCallException}. {@link PanamaViewKernels} calls our
 * CUDA library; tests put the same contract restated in Java behind it, so that everything
 * {@link CudaViewOps} stages and reads back is checked on machines without a GPU.
 */
public interface ViewKernels {

    /** The Panama bindings of {@code lib}. */
    static ViewKernels bind(ActivesegNative lib) throws NativeLoadException {
        return PanamaViewKernels.bind(lib);
    }

    /** as_view_statistics_workspace_bytes: workspace bytes for {@code targets} targets at once. */
    long viewStatisticsWorkspaceBytes(int c, long p, long targets);

    /**
     * as_view_statistics: cameras (N, 36) double, depth (N, P), probs and logs (N, C, P), ve and vd
     * (N, P) float, landed (N) int64, all device addresses.
     */
    void viewStatistics(long cameras, long depth, long probs, long logs, long n, int c, int width, int height,
                        double threshold, boolean projectInvalid, long workspace, long workspaceBytes,
                        long ve, long vd, long landed, long stream);

    /** as_superpixel_coverage_workspace_bytes for a scene of N frames of P pixels. */
    long coverageWorkspaceBytes(long n, long p);

    /**
     * as_superpixel_coverage of one target: spx (N, P) int32 dense ids, offsets (N) int64; writes
     * uniqueKeys (uint64) and counts (int32), capacity N*P each, and runs (int64).
     */
    void coverage(long cameras, long depth, long spx, long offsets, long n, int width, int height,
                  double threshold, boolean projectInvalid, long target, long targetSuperpixels,
                  long totalSuperpixels, long workspace, long workspaceBytes, long uniqueKeys, long counts,
                  long runs, long stream);
}
