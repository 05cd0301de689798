package org.activeseg.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.backend.ViewArguments;
import org.activeseg.backend.ViewOps;
import org.activeseg.tensor.FloatTensor;

/**
 * {@link ViewOps} on the GPU (cuda/src/view_statistics.cu through {@link ViewKernels}): the scene's
 * cameras, depths and probabilities are staged into device buffers, projected and accumulated there,
 * and only VE, VD, the landed counts and the sparse coverage runs come back. Same answers as
 * {@link org.activeseg.backend.ReferenceViewOps}: identical landing pixels and visibility decisions
 * (double projection in the reference's operation order), VE and VD within 1e-5, coverage exact.
 *
 * <p>Device buffers are kept and grown across calls and freed in {@link #close()} (by the backend);
 * calls are serialised. The view-statistics accumulators take at most {@code workspaceBudget} bytes
 * ((C + 2) P doubles and P ints per target; at least one target), so scenes larger than the budget
 * run their targets in batches.
 */
public final class CudaViewOps implements ViewOps, AutoCloseable {
    /** Default bound of the view-statistics accumulators: 1 GiB (about 40 targets at 320x240x40). */
    public static final long DEFAULT_WORKSPACE_BUDGET = 1L << 30;

    private final ViewKernels kernels;
    private final CudaContext context;
    private final long workspaceBudget;
    private final StagingBuffers buffers;
    private boolean closed;

    public CudaViewOps(ViewKernels kernels, CudaContext context, long workspaceBudget) {
        if (workspaceBudget <= 0) {
            throw new IllegalArgumentException("workspace budget must be positive, got " + workspaceBudget);
        }
        this.kernels = kernels;
        this.context = context;
        this.workspaceBudget = workspaceBudget;
        this.buffers = new StagingBuffers(context, "CUDA view operations");
    }

    /** Targets per batch: as many as fit {@code budget} at {@code perTarget} bytes each, at least 1, at most n. */
    static long batchTargets(long n, long perTarget, long budget) {
        if (n <= 0) {
            return 0;
        }
        return Math.max(1, Math.min(n, budget / Math.max(1, perTarget)));
    }

    @Override
    public synchronized long[] viewStatistics(SceneGeometry geometry, FloatTensor probabilities, FloatTensor viewEntropy,
                                              FloatTensor viewDivergence, Visibility visibility) {
        ensureOpen();
        int n = geometry.frames();
        int p = geometry.pixels();
        int c = ViewArguments.viewStatisticsClasses(geometry, probabilities, viewEntropy, viewDivergence);
        long[] landed = new long[n];
        if (n == 0 || p == 0) {
            return landed;
        }
        int width = geometry.cameras().getFirst().width();
        int height = geometry.cameras().getFirst().height();
        long probBytes = (long) n * c * p * Float.BYTES;
        long mapBytes = (long) n * p * Float.BYTES;
        long batch = batchTargets(n, kernels.viewStatisticsWorkspaceBytes(c, p, 1), workspaceBudget);
        long workspaceBytes = kernels.viewStatisticsWorkspaceBytes(c, p, batch);
        context.makeCurrent();
        DeviceBuffer cameras = stageScene(geometry);
        DeviceBuffer depth = buffer("depth", mapBytes);
        DeviceBuffer probs = buffer("probs", probBytes);
        DeviceBuffer logs = buffer("logs", probBytes);
        DeviceBuffer workspace = buffer("viewWorkspace", workspaceBytes);
        DeviceBuffer ve = buffer("ve", mapBytes);
        DeviceBuffer vd = buffer("vd", mapBytes);
        DeviceBuffer landedOnDevice = buffer("landed", (long) n * Long.BYTES);
        probs.copyFrom(probabilities.segment(), probBytes);
        kernels.viewStatistics(cameras.address(), depth.address(), probs.address(), logs.address(), n, c, width, height,
                visibility.worldDistanceThreshold(), visibility.projectInvalidDepth(), workspace.address(),
                workspaceBytes, ve.address(), vd.address(), landedOnDevice.address(), context.streamAddress());
        context.synchronize("as_view_statistics");
        ve.copyTo(viewEntropy.segment(), mapBytes);
        vd.copyTo(viewDivergence.segment(), mapBytes);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_LONG, n);
            landedOnDevice.copyTo(host, (long) n * Long.BYTES);
            for (int t = 0; t < n; t++) {
                landed[t] = host.getAtIndex(JAVA_LONG, t);
            }
        }
        return landed;
    }

    @Override
    public synchronized SuperpixelCoverage superpixelCoverage(SceneGeometry geometry, List<int[]> superpixels,
                                                              Visibility visibility) {
        ensureOpen();
        int n = geometry.frames();
        int p = geometry.pixels();
        DenseSuperpixels spx = DenseSuperpixels.of(superpixels, n, p);
        if (n == 0 || p == 0) {
            return new SuperpixelCoverage(List.of());
        }
        int width = geometry.cameras().getFirst().width();
        int height = geometry.cameras().getFirst().height();
        long points = (long) n * p;
        long workspaceBytes = kernels.coverageWorkspaceBytes(n, p);
        context.makeCurrent();
        DeviceBuffer cameras = stageScene(geometry);
        DeviceBuffer depth = buffer("depth", points * Float.BYTES);
        DeviceBuffer ids = buffer("spx", points * Integer.BYTES);
        DeviceBuffer offsets = buffer("spxOffsets", (long) n * Long.BYTES);
        DeviceBuffer workspace = buffer("coverageWorkspace", workspaceBytes);
        DeviceBuffer keys = buffer("coverageKeys", points * Long.BYTES);
        DeviceBuffer counts = buffer("coverageCounts", points * Integer.BYTES);
        DeviceBuffer runs = buffer("coverageRuns", Long.BYTES);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment staged = arena.allocate(JAVA_INT, points);
            MemorySegment.copy(spx.dense(), 0, staged, JAVA_INT, 0, (int) points);
            ids.copyFrom(staged, points * Integer.BYTES);
            MemorySegment off = arena.allocate(JAVA_LONG, n);
            MemorySegment.copy(spx.offsets(), 0, off, JAVA_LONG, 0, n);
            offsets.copyFrom(off, (long) n * Long.BYTES);
            MemorySegment runCount = arena.allocate(JAVA_LONG);
            MemorySegment hostKeys = arena.allocate(JAVA_LONG, points);
            MemorySegment hostCounts = arena.allocate(JAVA_INT, points);
            List<Map<CoverageKey, Double>> maps = new ArrayList<>(n);
            for (int t = 0; t < n; t++) {
                kernels.coverage(cameras.address(), depth.address(), ids.address(), offsets.address(), n, width, height,
                        visibility.worldDistanceThreshold(), visibility.projectInvalidDepth(), t, spx.count(t),
                        spx.total(), workspace.address(), workspaceBytes, keys.address(), counts.address(),
                        runs.address(), context.streamAddress());
                context.synchronize("as_superpixel_coverage");
                runs.copyTo(runCount, Long.BYTES);
                long r = runCount.get(JAVA_LONG, 0);
                if (r < 0 || r > points) {
                    throw new CudaCallException("as_superpixel_coverage: target " + t + " returned " + r
                            + " runs for " + points + " points", 0);
                }
                keys.copyTo(hostKeys, r * Long.BYTES);
                counts.copyTo(hostCounts, r * Integer.BYTES);
                long[] area = spx.areas(t);
                long sentinel = spx.sentinel(t);
                Map<CoverageKey, Double> m = new HashMap<>();
                for (long i = 0; i < r; i++) {
                    long key = hostKeys.getAtIndex(JAVA_LONG, i);
                    if (key == sentinel) {
                        continue;
                    }
                    CoverageKey k = spx.decode(t, key);
                    int a = (int) (key / spx.total());
                    m.put(k, (double) hostCounts.getAtIndex(JAVA_INT, i) / area[a]);
                }
                maps.add(m);
            }
            return new SuperpixelCoverage(maps);
        }
    }

    /** Stages the packed cameras and the depths (N, P) of {@code g}; returns the cameras' buffer. */
    private DeviceBuffer stageScene(SceneGeometry g) {
        int n = g.frames();
        int p = g.pixels();
        double[] packed = PackedCameras.pack(g.cameras());
        DeviceBuffer cameras = buffer("cameras", (long) packed.length * Double.BYTES);
        DeviceBuffer depth = buffer("depth", (long) n * p * Float.BYTES);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cam = arena.allocate(JAVA_DOUBLE, packed.length);
            MemorySegment.copy(packed, 0, cam, JAVA_DOUBLE, 0, packed.length);
            cameras.copyFrom(cam, cam.byteSize());
            MemorySegment d = arena.allocate(JAVA_FLOAT, (long) n * p);
            for (int f = 0; f < n; f++) {
                MemorySegment.copy(g.depths().get(f), 0, d, JAVA_FLOAT, (long) f * p, p);
            }
            depth.copyFrom(d, d.byteSize());
        }
        return cameras;
    }

    /** The named device buffer, grown (reallocated, contents lost) when smaller than {@code bytes}. */
    private DeviceBuffer buffer(String name, long bytes) {
        return buffers.get(name, bytes);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("CUDA view operations are closed");
        }
    }

    /** Frees every device buffer. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffers.close();
    }
}
