package org.activeseg.backend.cuda;

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
import org.activeseg.device.Device;
import org.activeseg.device.DeviceMemory;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.tensor.FloatTensor;

/**
 * {@link ViewOps} on a {@link Device} (cuda/src/view_statistics.cu through {@link ViewKernels}): the
 * scene's cameras, depths, probabilities and superpixels are staged as a {@link DeviceScene},
 * projected and accumulated there, and only VE, VD, the landed counts and the sparse coverage runs
 * come back. Same answers as {@link org.activeseg.backend.ReferenceViewOps}: identical landing pixels
 * and visibility decisions (double projection in the reference's operation order), VE and VD within
 * 1e-5, coverage exact.
 *
 * <p>The host entry points of {@link ViewOps} stage a scene per call; callers that keep a scene
 * (a scene's probabilities for every operation on it) stage a {@link DeviceScene} once and call the
 * {@code DeviceScene} overloads, which copy nothing to the device. Working buffers are kept and grown
 * across calls and freed in {@link #close()} (by the backend); calls are serialised. The
 * view-statistics accumulators take at most {@code workspaceBudget} bytes ((C + 2) P doubles and P
 * ints per target; at least one target), so scenes larger than the budget run their targets in batches.
 */
public final class CudaViewOps implements ViewOps, AutoCloseable {
    /** Default bound of the view-statistics accumulators: 1 GiB (about 40 targets at 320x240x40). */
    public static final long DEFAULT_WORKSPACE_BUDGET = 1L << 30;

    private final ViewKernels kernels;
    private final Device device;
    private final long workspaceBudget;
    private final StagingBuffers buffers;
    private boolean closed;

    public CudaViewOps(ViewKernels kernels, Device device, long workspaceBudget) {
        if (workspaceBudget <= 0) {
            throw new IllegalArgumentException("workspace budget must be positive, got " + workspaceBudget);
        }
        this.kernels = kernels;
        this.device = device;
        this.workspaceBudget = workspaceBudget;
        this.buffers = new StagingBuffers(device, "CUDA view operations");
    }

    /** Targets per batch: as many as fit {@code budget} at {@code perTarget} bytes each, at least 1, at most n. */
    static long batchTargets(long n, long perTarget, long budget) {
        if (n <= 0) {
            return 0;
        }
        return Math.max(1, Math.min(n, budget / Math.max(1, perTarget)));
    }

    /** Stages {@code geometry} (cameras and depths) on this operations' device; the caller closes it. */
    public DeviceScene stage(SceneGeometry geometry) {
        ensureOpen();
        return DeviceScene.stage(device, geometry);
    }

    @Override
    public synchronized long[] viewStatistics(SceneGeometry geometry, FloatTensor probabilities, FloatTensor viewEntropy,
                                              FloatTensor viewDivergence, Visibility visibility) {
        ensureOpen();
        ViewArguments.viewStatisticsClasses(geometry, probabilities, viewEntropy, viewDivergence);
        if (geometry.frames() == 0 || geometry.pixels() == 0) {
            return new long[geometry.frames()];
        }
        try (DeviceScene scene = stage(geometry)) {
            scene.setProbabilities(probabilities);
            return viewStatistics(scene, viewEntropy, viewDivergence, visibility);
        }
    }

    /**
     * VE and VD of a staged scene with its probabilities (see {@link ViewOps#viewStatistics}); copies
     * nothing to the device.
     *
     * @param viewEntropy    receives VE, (N, P)
     * @param viewDivergence receives VD, (N, P)
     */
    public synchronized long[] viewStatistics(DeviceScene scene, FloatTensor viewEntropy, FloatTensor viewDivergence,
                                              Visibility visibility) {
        ensureOpen();
        int n = scene.frames();
        long p = scene.pixels();
        int c = scene.classes();
        DeviceMemory probs = scene.probabilities();
        checkMap(viewEntropy, "view entropy", n, p);
        checkMap(viewDivergence, "view divergence", n, p);
        long probBytes = (long) n * c * p * Float.BYTES;
        long mapBytes = n * p * Float.BYTES;
        long batch = batchTargets(n, kernels.viewStatisticsWorkspaceBytes(c, p, 1), workspaceBudget);
        long workspaceBytes = kernels.viewStatisticsWorkspaceBytes(c, p, batch);
        device.makeCurrent();
        DeviceMemory logs = buffers.get("logs", probBytes);
        DeviceMemory workspace = buffers.get("viewWorkspace", workspaceBytes);
        DeviceMemory ve = buffers.get("ve", mapBytes);
        DeviceMemory vd = buffers.get("vd", mapBytes);
        DeviceMemory landedOnDevice = buffers.get("landed", (long) n * Long.BYTES);
        kernels.viewStatistics(scene.cameras().address(), scene.depths().address(), probs.address(), logs.address(), n, c,
                scene.width(), scene.height(), visibility.worldDistanceThreshold(), visibility.projectInvalidDepth(),
                workspace.address(), workspaceBytes, ve.address(), vd.address(), landedOnDevice.address(),
                device.streamAddress());
        device.synchronize("as_view_statistics");
        ve.copyTo(viewEntropy.segment(), mapBytes);
        vd.copyTo(viewDivergence.segment(), mapBytes);
        long[] landed = new long[n];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_LONG, n);
            landedOnDevice.copyTo(host, (long) n * Long.BYTES);
            MemorySegment.copy(host, JAVA_LONG, 0, landed, 0, n);
        }
        return landed;
    }

    private static void checkMap(FloatTensor map, String what, int n, long p) {
        if (map.size() != n * p) {
            throw new IllegalArgumentException(what + " has " + map.size() + " values, the scene " + n + " x " + p);
        }
    }

    @Override
    public synchronized SuperpixelCoverage superpixelCoverage(SceneGeometry geometry, List<int[]> superpixels,
                                                              Visibility visibility) {
        ensureOpen();
        ViewArguments.superpixelMaps(superpixels, geometry.frames(), geometry.pixels());
        if (geometry.frames() == 0 || geometry.pixels() == 0) {
            return new SuperpixelCoverage(List.of());
        }
        try (DeviceScene scene = stage(geometry)) {
            scene.setSuperpixels(superpixels);
            return superpixelCoverage(scene, visibility);
        }
    }

    /** Superpixel coverage of a staged scene with its superpixels (see {@link ViewOps#superpixelCoverage}). */
    public synchronized SuperpixelCoverage superpixelCoverage(DeviceScene scene, Visibility visibility) {
        ensureOpen();
        int n = scene.frames();
        long p = scene.pixels();
        DenseSuperpixels spx = scene.superpixels();
        long points = n * p;
        long workspaceBytes = kernels.coverageWorkspaceBytes(n, p);
        device.makeCurrent();
        DeviceMemory workspace = buffers.get("coverageWorkspace", workspaceBytes);
        DeviceMemory keys = buffers.get("coverageKeys", points * Long.BYTES);
        DeviceMemory counts = buffers.get("coverageCounts", points * Integer.BYTES);
        DeviceMemory runs = buffers.get("coverageRuns", Long.BYTES);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment runCount = arena.allocate(JAVA_LONG);
            MemorySegment hostKeys = arena.allocate(JAVA_LONG, points);
            MemorySegment hostCounts = arena.allocate(JAVA_INT, points);
            List<Map<CoverageKey, Double>> maps = new ArrayList<>(n);
            for (int t = 0; t < n; t++) {
                kernels.coverage(scene.cameras().address(), scene.depths().address(), scene.superpixelIds().address(),
                        scene.superpixelOffsets().address(), n, scene.width(), scene.height(),
                        visibility.worldDistanceThreshold(), visibility.projectInvalidDepth(), t, spx.count(t),
                        spx.total(), workspace.address(), workspaceBytes, keys.address(), counts.address(),
                        runs.address(), device.streamAddress());
                device.synchronize("as_superpixel_coverage");
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

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("CUDA view operations are closed");
        }
    }

    /** Frees every working buffer. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffers.close();
    }
}
