package org.activeseg.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
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
 * Hand-written Panama bindings of the PixelOps section of cuda/include/activeseg.h: the per-pixel
 * statistic, the MC accumulator kernels and the reductions. Handles are made once, in
 * {@link #bind}; every method takes raw device addresses and a raw stream, enqueues the work and
 * returns without synchronising. A non-zero status throws {@link CudaCallException} with the
 * library's error text (as_last_error, read on the calling thread).
 */
public final class PixelKernels {
    /** AS_DTYPE_* of activeseg.h. */
    public static final int DTYPE_F32 = 0;
    public static final int DTYPE_F16 = 1;
    /** AS_STAT_* of activeseg.h. */
    public static final int STAT_ENTROPY = 0;
    public static final int STAT_ENTROPY_XLOGY = 1;
    public static final int STAT_MAX_PROBABILITY = 2;
    public static final int STAT_LEAST_CONFIDENCE = 3;
    public static final int STAT_MARGIN = 4;
    /** AS_MC_* bits of activeseg.h. */
    public static final int MC_MEAN = 1;
    public static final int MC_VOTES = 2;
    public static final int MC_SAMPLE_ENTROPY = 4;
    /** AS_REDUCE_* of activeseg.h and the workspace (in doubles) as_reduce needs. */
    public static final int REDUCE_SUM = 0;
    public static final int REDUCE_MEAN = 1;
    public static final int REDUCE_MAX = 2;
    public static final int REDUCE_WORKSPACE_DOUBLES = 1025;

    private final ActivesegNative lib;
    private final MethodHandle statistic;
    private final MethodHandle mcAdd;
    private final MethodHandle mcMeanProbabilities;
    private final MethodHandle mcVoteEntropy;
    private final MethodHandle mcBald;
    private final MethodHandle reduce;
    private final MethodHandle segmentSums;
    private final MethodHandle boxSums;
    private final MethodHandle topKWorkspaceBytes;
    private final MethodHandle topKOrder;
    private final MethodHandle launchGeometry;

    private PixelKernels(ActivesegNative lib) throws NativeLoadException {
        this.lib = lib;
        statistic = lib.downcall("as_pixel_statistic", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_FLOAT, JAVA_INT, JAVA_FLOAT, ADDRESS));
        mcAdd = lib.downcall("as_mc_add", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        mcMeanProbabilities = lib.downcall("as_mc_mean_probabilities", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS));
        mcVoteEntropy = lib.downcall("as_mc_vote_entropy", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS));
        mcBald = lib.downcall("as_mc_bald", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS));
        reduce = lib.downcall("as_reduce", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
        segmentSums = lib.downcall("as_segment_sums", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        boxSums = lib.downcall("as_box_sums", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        topKWorkspaceBytes = lib.downcall("as_top_k_workspace_bytes", FunctionDescriptor.of(JAVA_INT,
                JAVA_LONG, ADDRESS));
        topKOrder = lib.downcall("as_top_k_order", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        launchGeometry = lib.downcall("as_pixel_launch_geometry", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }

    /** Binds every PixelOps function of {@code lib}; a missing symbol names the function and library. */
    public static PixelKernels bind(ActivesegNative lib) throws NativeLoadException {
        return new PixelKernels(lib);
    }

    /** as_pixel_statistic: out (P) = stat of map (C, P) of {@code dtype}, values times {@code scale}. */
    public void statistic(long map, int dtype, long out, int c, long p, boolean logits, int stat, float eps,
                          boolean log2, float scale, long stream) {
        int status;
        try {
            status = (int) statistic.invokeExact(address(map), dtype, address(out), c, p, logits ? 1 : 0, stat, eps,
                    log2 ? 1 : 0, scale, address(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        lib.checkStatus(status, "as_pixel_statistic");
    }

    /** as_pixel_launch_geometry: the block size and grid cap of the per-pixel kernels (touches no device). */
    public PixelLaunchGeometry launchGeometry() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(JAVA_INT);
            MemorySegment maxBlocks = arena.allocate(JAVA_LONG);
            int status;
            try {
                status = (int) launchGeometry.invokeExact(block, maxBlocks);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            lib.checkStatus(status, "as_pixel_launch_geometry");
            return new PixelLaunchGeometry(block.get(JAVA_INT, 0), maxBlocks.get(JAVA_LONG, 0));
        }
    }

    /** as_mc_add: adds sample (C, P) into the buffers selected by {@code track} (0 for untracked ones). */
    public void mcAdd(long sample, int dtype, int c, long p, boolean logits, int track, long sums, long votes,
                      long sampleEntropy, long stream) {
        int status;
        try {
            status = (int) mcAdd.invokeExact(address(sample), dtype, c, p, logits ? 1 : 0, track, address(sums), address(votes),
                    address(sampleEntropy), address(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        lib.checkStatus(status, "as_mc_add");
    }

    /** as_mc_mean_probabilities: out (C, P) = sums / samples. */
    public void mcMeanProbabilities(long sums, long out, int c, long p, int samples, long stream) {
        int status;
        try {
            status = (int) mcMeanProbabilities.invokeExact(address(sums), address(out), c, p, samples, address(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        lib.checkStatus(status, "as_mc_mean_probabilities");
    }

    /** as_mc_vote_entropy: out (P) = log2 entropy of votes / samples, eps 1e-12. */
    public void mcVoteEntropy(long votes, long out, int c, long p, int samples, long stream) {
        int status;
        try {
            status = (int) mcVoteEntropy.invokeExact(address(votes), address(out), c, p, samples, address(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        lib.checkStatus(status, "as_mc_vote_entropy");
    }

    /** as_mc_bald: out (P) = H_xlogy(sums / samples) - sampleEntropy / samples. */
    public void mcBald(long sums, long sampleEntropy, long out, int c, long p, int samples, long stream) {
        int status;
        try {
            status = (int) mcBald.invokeExact(address(sums), address(sampleEntropy), address(out), c, p, samples, address(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        lib.checkStatus(status, "as_mc_bald");
    }

    /** as_reduce: workspace[0] (device, {@link #REDUCE_WORKSPACE_DOUBLES} doubles) = op of map (n floats). */
    public void reduce(long map, long n, int op, long workspace, long stream) {
        int status;
        try {
            status = (int) reduce.invokeExact(address(map), n, op, address(workspace), address(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        lib.checkStatus(status, "as_reduce");
    }

    /** as_segment_sums: zeroes then fills sums (double) and counts (uint64) of {@code bins} entries. */
    public void segmentSums(long map, long bins, long n, int binCount, long sums, long counts, long stream) {
        int status;
        try {
            status = (int) segmentSums.invokeExact(address(map), address(bins), n, binCount, address(sums), address(counts), address(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        lib.checkStatus(status, "as_segment_sums");
    }

    /** as_box_sums: sums (and counts when non-zero) of a (height, width) map; rowSums is scratch of W*H doubles. */
    public void boxSums(long map, int width, int height, int window, long rowSums, long sums, long counts, long stream) {
        int status;
        try {
            status = (int) boxSums.invokeExact(address(map), width, height, window, address(rowSums), address(sums), address(counts),
                    address(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        lib.checkStatus(status, "as_box_sums");
    }

    /** as_top_k_workspace_bytes: device workspace bytes {@link #topKOrder} needs for n values. */
    public long topKWorkspaceBytes(long n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            int status;
            try {
                status = (int) topKWorkspaceBytes.invokeExact(n, out);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            lib.checkStatus(status, "as_top_k_workspace_bytes");
            return out.get(JAVA_LONG, 0);
        }
    }

    /** as_top_k_order: order (n ints) = indices by value descending, ties by index ascending. */
    public void topKOrder(long values, long n, long order, long workspace, long workspaceBytes, long stream) {
        int status;
        try {
            status = (int) topKOrder.invokeExact(address(values), n, address(order), address(workspace), workspaceBytes, address(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        lib.checkStatus(status, "as_top_k_order");
    }
}
