package org.activeseg.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.BitSet;
import java.util.Set;
import org.activeseg.backend.EntropyConvention;
import org.activeseg.backend.McAccumulator;
import org.activeseg.backend.PixelArguments;
import org.activeseg.backend.PixelOps;
import org.activeseg.backend.PixelStatistic;
import org.activeseg.backend.Reduction;
import org.activeseg.backend.SegmentMeans;
import org.activeseg.device.DeviceMemory;
import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.device.cuda.CudaContext;
import org.activeseg.device.cuda.NativeLoadException;
import org.activeseg.tensor.FloatTensor;

/**
 * {@link PixelOps} on the GPU (cuda/src/pixel_statistics.cu, mc_accumulate.cu, pixel_reduce.cu)
 * through {@link PixelKernels}: host inputs are copied into staging device buffers that this object
 * keeps and grows on demand, the kernel runs on the context's stream, the stream is synchronised
 * (so a failure names its operation) and the result is copied back. Calls are serialised.
 *
 * <p>Agreement with {@link org.activeseg.backend.ReferencePixelOps}: statistics are float on the
 * device (1e-5 relative + 1e-6 absolute for C <= 64); reductions, segment sums and box sums
 * accumulate in double (segment sums by atomics, so their last bits may vary between runs); top-k
 * order is identical. {@link #fill} runs on the host: a map already on the host gains nothing from
 * a round trip. Closed with the backend; accumulators own their own device memory.
 */
public final class CudaPixelOps implements PixelOps, AutoCloseable {
    private final PixelKernels kernels;
    private final CudaContext context;
    private final StagingBuffers staging;
    private boolean closed;

    // staging slots
    private static final String IN = "in";
    private static final String OUT = "out";
    private static final String AUX = "aux";
    private static final String WORK = "work";

    CudaPixelOps(PixelKernels kernels, CudaContext context) {
        this.kernels = kernels;
        this.context = context;
        this.staging = new StagingBuffers(context, "CUDA pixel ops");
    }

    /** Binds the PixelOps functions of {@code lib}; a missing one is a {@link CudaCallException} naming it. */
    static CudaPixelOps open(ActivesegNative lib, CudaContext context) {
        try {
            return new CudaPixelOps(PixelKernels.bind(lib), context);
        } catch (NativeLoadException e) {
            throw new CudaCallException(e.getMessage(), -1);
        }
    }

    /** The Panama bindings these operations use. */
    PixelKernels kernels() {
        return kernels;
    }

    @Override
    public synchronized void statistic(FloatTensor map, boolean logits, PixelStatistic stat, float[] out) {
        int classes = PixelArguments.statisticClasses(map, out, "pixel statistic " + stat);
        ensureOpen();
        long pixels = out.length;
        if (pixels == 0) {
            return;
        }
        long inBytes = classes * pixels * Float.BYTES;
        DeviceMemory in = slot(IN, inBytes);
        DeviceMemory dst = slot(OUT, pixels * Float.BYTES);
        in.copyFrom(map.segment(), inBytes);
        launchStatistic(kernels, context, in.address(), dst.address(), classes, pixels, logits, stat, 1f);
        context.synchronize("as_pixel_statistic");
        dst.copyTo(out);
    }

    /** Enqueues as_pixel_statistic on float32 input at {@code map} with the statistic's eps and log base. */
    static void launchStatistic(PixelKernels kernels, CudaContext context, long map, long out, int classes, long pixels,
                                boolean logits, PixelStatistic stat, float scale) {
        EntropyConvention convention = PixelStatisticCodes.entropyConvention(stat);
        context.makeCurrent();
        kernels.statistic(map, PixelKernels.DTYPE_F32, out, classes, pixels, logits, PixelStatisticCodes.statCode(stat),
                convention == null ? 0f : (float) convention.eps(), convention != null && convention.log2(), scale,
                context.streamAddress());
    }

    @Override
    public McAccumulator mcAccumulator(int classes, int pixels, Set<McAccumulator.Track> track) {
        ensureOpen();
        return new CudaMcAccumulator(kernels, context, classes, pixels, track);
    }

    @Override
    public void fill(float[] map, BitSet mask, float value) {
        PixelArguments.fillMask(map, mask);
        for (int i = mask.nextSetBit(0); i >= 0; i = mask.nextSetBit(i + 1)) {
            map[i] = value;
        }
    }

    @Override
    public synchronized double reduce(float[] map, Reduction reduction) {
        PixelArguments.reduction(map, reduction);
        ensureOpen();
        DeviceMemory in = slot(IN, (long) map.length * Float.BYTES);
        DeviceMemory work = slot(WORK, (long) PixelKernels.REDUCE_WORKSPACE_DOUBLES * Double.BYTES);
        in.copyFrom(map);
        int op = switch (reduction) {
            case SUM -> PixelKernels.REDUCE_SUM;
            case MEAN -> PixelKernels.REDUCE_MEAN;
            case MAX -> PixelKernels.REDUCE_MAX;
        };
        context.makeCurrent();
        kernels.reduce(in.address(), map.length, op, work.address(), context.streamAddress());
        context.synchronize("as_reduce");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result = arena.allocate(JAVA_DOUBLE);
            work.copyTo(result, Double.BYTES);
            return result.get(JAVA_DOUBLE, 0);
        }
    }

    @Override
    public synchronized SegmentMeans segmentMeans(float[] map, int[] ids) {
        PixelArguments.SegmentBins bins = PixelArguments.segmentBins(map, ids);
        ensureOpen();
        int n = map.length;
        int count = bins.count();
        if (count == 0) {
            return new SegmentMeans(new int[0], new long[0], new double[0], new double[0]);
        }
        DeviceMemory in = slot(IN, (long) n * Float.BYTES);
        DeviceMemory binBuffer = slot(AUX, (long) n * Integer.BYTES);
        DeviceMemory sums = slot(OUT, (long) count * Double.BYTES);
        DeviceMemory counts = slot(WORK, (long) count * Long.BYTES);
        double[] hostSums;
        long[] hostCounts;
        try (Arena arena = Arena.ofConfined()) {
            in.copyFrom(map);
            MemorySegment binSeg = arena.allocateFrom(JAVA_INT, bins.bins());
            binBuffer.copyFrom(binSeg, binSeg.byteSize());
            context.makeCurrent();
            kernels.segmentSums(in.address(), binBuffer.address(), n, count, sums.address(), counts.address(),
                    context.streamAddress());
            context.synchronize("as_segment_sums");
            MemorySegment s = arena.allocate(JAVA_DOUBLE, count);
            MemorySegment c = arena.allocate(JAVA_LONG, count);
            sums.copyTo(s, s.byteSize());
            counts.copyTo(c, c.byteSize());
            hostSums = s.toArray(JAVA_DOUBLE);
            hostCounts = c.toArray(JAVA_LONG);
        }
        return bins.means(hostCounts, hostSums);
    }

    @Override
    public synchronized void boxSums(float[] map, int width, int height, int window, float[] sums, int[] counts) {
        PixelArguments.boxShape(map, width, height, window, sums, counts);
        ensureOpen();
        int n = map.length;
        if (n == 0) {
            return;
        }
        DeviceMemory in = slot(IN, (long) n * Float.BYTES);
        DeviceMemory rowSums = slot(WORK, (long) n * Double.BYTES);
        DeviceMemory out = slot(OUT, (long) n * Float.BYTES);
        DeviceMemory countBuffer = counts == null ? null : slot(AUX, (long) n * Integer.BYTES);
        in.copyFrom(map);
        context.makeCurrent();
        kernels.boxSums(in.address(), width, height, window, rowSums.address(), out.address(),
                countBuffer == null ? 0L : countBuffer.address(), context.streamAddress());
        context.synchronize("as_box_sums");
        out.copyTo(sums);
        if (counts != null) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment c = arena.allocate(JAVA_INT, n);
                countBuffer.copyTo(c, c.byteSize());
                MemorySegment.copy(c, JAVA_INT, 0, counts, 0, n);
            }
        }
    }

    @Override
    public synchronized int[] topK(float[] values, int k) {
        int n = PixelArguments.topKCount(values, k);
        ensureOpen();
        if (n == 0) {
            return new int[0];
        }
        context.makeCurrent(); // CUB sizes its workspace for the current device
        long workspaceBytes = kernels.topKWorkspaceBytes(values.length);
        DeviceMemory in = slot(IN, (long) values.length * Float.BYTES);
        DeviceMemory order = slot(OUT, (long) values.length * Integer.BYTES);
        DeviceMemory work = slot(WORK, workspaceBytes);
        in.copyFrom(values);
        context.makeCurrent();
        kernels.topKOrder(in.address(), values.length, order.address(), work.address(), work.byteSize(),
                context.streamAddress());
        context.synchronize("as_top_k_order");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment top = arena.allocate(JAVA_INT, n);
            order.copyTo(top, top.byteSize());
            return top.toArray(JAVA_INT);
        }
    }

    /** Staging buffer {@code name} of at least {@code bytes}, reallocated only to grow. */
    private DeviceMemory slot(String name, long bytes) {
        return staging.get(name, bytes);
    }

    /** Device bytes held by the staging buffers. */
    public synchronized long stagingBytes() {
        return staging.totalBytes();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("CUDA pixel ops are closed");
        }
    }

    /** Frees the staging buffers; later calls throw. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        staging.close();
    }
}
