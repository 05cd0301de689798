package org.activeseg.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.activeseg.backend.ViewOps.SceneGeometry;
import org.activeseg.device.Device;
import org.activeseg.device.DeviceMemory;
import org.activeseg.device.DeviceTensor;
import org.activeseg.device.OwnedResources;
import org.activeseg.tensor.FloatTensor;

/**
 * A ViewAL scene resident on a {@link Device}, in the layouts of as_view_statistics and
 * as_superpixel_coverage (cuda/include/activeseg.h): cameras (N, 36) double ({@link PackedCameras}),
 * depths (N, P) float, and, once given, the MC-mean probabilities (N, C, P) float (copied from the
 * host, or a {@link DeviceTensor} already on the device, used where it is) and the dense
 * superpixel ids (N, P) int32 with their per-frame offsets (N) int64. Staged once, it serves every
 * operation on the scene (view statistics, coverage) without crossing PCIe again.
 *
 * <p>The host images of what is staged are built by the static {@code pack*} methods, one host
 * segment per device array and one copy each; tests read them back (and the device memory, through
 * {@link org.activeseg.device.HostDevice}) with distinct values per frame.
 */
public final class DeviceScene implements AutoCloseable {
    private final Device device;
    private final int frames;
    private final int width;
    private final int height;
    private final DeviceMemory cameras;
    private final DeviceMemory depths;
    private DeviceMemory probabilities;
    private boolean ownsProbabilities;
    private int classes;
    private DenseSuperpixels superpixels;
    private DeviceMemory superpixelIds;
    private DeviceMemory superpixelOffsets;
    private boolean closed;

    private DeviceScene(Device device, int frames, int width, int height, DeviceMemory cameras, DeviceMemory depths) {
        this.device = device;
        this.frames = frames;
        this.width = width;
        this.height = height;
        this.cameras = cameras;
        this.depths = depths;
    }

    /** Stages the cameras and depths of {@code g} (at least one frame) on {@code device}. */
    public static DeviceScene stage(Device device, SceneGeometry g) {
        if (g.frames() == 0 || g.pixels() == 0) {
            throw new IllegalArgumentException("an empty scene (" + g.frames() + " frames of " + g.pixels()
                    + " pixels) has nothing to stage");
        }
        int n = g.frames();
        long p = g.pixels();
        device.makeCurrent();
        OwnedResources made = new OwnedResources();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hostCams = arena.allocate(JAVA_DOUBLE, (long) n * PackedCameras.STRIDE);
            packCameras(g, hostCams);
            DeviceMemory cams = made.add(device.allocate(hostCams.byteSize()));
            cams.copyFrom(hostCams, hostCams.byteSize());
            MemorySegment hostDepths = arena.allocate(JAVA_FLOAT, n * p);
            packDepths(g.depths(), p, hostDepths);
            DeviceMemory depth = made.add(device.allocate(hostDepths.byteSize()));
            depth.copyFrom(hostDepths, hostDepths.byteSize());
            return new DeviceScene(device, n, g.cameras().getFirst().width(), g.cameras().getFirst().height(), cams, depth);
        } catch (RuntimeException e) {
            made.closeAfter(e);
            throw e;
        }
    }

    /** Writes the packed cameras of {@code g}, (N, 36) doubles, into {@code dst}. */
    static void packCameras(SceneGeometry g, MemorySegment dst) {
        double[] packed = PackedCameras.pack(g.cameras());
        MemorySegment.copy(packed, 0, dst, JAVA_DOUBLE, 0, packed.length);
    }

    /** Writes frame f's {@code p} depths at element f * p of {@code dst}: (N, P) floats. */
    static void packDepths(List<float[]> depths, long p, MemorySegment dst) {
        for (int f = 0; f < depths.size(); f++) {
            float[] d = depths.get(f);
            if (d.length != p) {
                throw new IllegalArgumentException("frame " + f + ": depth has " + d.length + " values, expected " + p);
            }
            MemorySegment.copy(d, 0, dst, JAVA_FLOAT, f * p * Float.BYTES, d.length);
        }
    }

    /** Writes the dense ids (N, P) int32 of {@code spx} into {@code ids} and its offsets (N) int64 into {@code offsets}. */
    static void packSuperpixels(DenseSuperpixels spx, MemorySegment ids, MemorySegment offsets) {
        int[] dense = spx.dense();
        MemorySegment.copy(dense, 0, ids, JAVA_INT, 0, dense.length);
        long[] off = spx.offsets();
        MemorySegment.copy(off, 0, offsets, JAVA_LONG, 0, off.length);
    }

    /**
     * Stages the scene's MC-mean probabilities (N, C, P), C >= 1, from the host (one copy), replacing
     * earlier ones; they stay on the device until replaced or closed.
     */
    public void setProbabilities(FloatTensor probs) {
        ensureOpen();
        int c = checkProbabilities(probs.shape());
        long bytes = probs.size() * Float.BYTES;
        DeviceMemory fresh = ownsProbabilities && probabilities.byteSize() == bytes ? probabilities
                : device.allocate(bytes);
        if (fresh != probabilities) {
            releaseProbabilities();
        }
        probabilities = fresh;
        ownsProbabilities = true;
        fresh.copyFrom(probs.segment(), bytes);
        classes = c;
    }

    /**
     * Uses the scene's MC-mean probabilities (N, C, P) where they already are, on this scene's device
     * (the network's output): nothing is copied, and the scene does not own them (the caller keeps
     * {@code probs} open while the scene uses it, and closes it).
     */
    public void useProbabilities(DeviceTensor probs) {
        ensureOpen();
        int c = checkProbabilities(probs.shape());
        DeviceMemory memory = probs.memory();
        releaseProbabilities();
        probabilities = memory;
        ownsProbabilities = false;
        classes = c;
    }

    private int checkProbabilities(long[] shape) {
        if (shape.length != 3 || shape[0] != frames || shape[2] != pixels() || shape[1] < 1) {
            throw new IllegalArgumentException("probabilities " + Arrays.toString(shape) + " do not fit a scene of "
                    + frames + " frames of " + pixels() + " pixels; expected (N, C, P)");
        }
        return (int) shape[1];
    }

    private void releaseProbabilities() {
        if (probabilities != null && ownsProbabilities) {
            probabilities.close();
        }
        probabilities = null;
        ownsProbabilities = false;
    }

    /** Stages the scene's superpixel maps (one per frame, P ids each), densely renumbered per frame. */
    public void setSuperpixels(List<int[]> maps) {
        ensureOpen();
        DenseSuperpixels spx = DenseSuperpixels.of(maps, frames, (int) pixels());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ids = arena.allocate(JAVA_INT, frames * pixels());
            MemorySegment off = arena.allocate(JAVA_LONG, frames);
            packSuperpixels(spx, ids, off);
            superpixelIds = replace(superpixelIds, ids.byteSize());
            superpixelIds.copyFrom(ids, ids.byteSize());
            superpixelOffsets = replace(superpixelOffsets, off.byteSize());
            superpixelOffsets.copyFrom(off, off.byteSize());
        }
        superpixels = spx;
    }

    private DeviceMemory replace(DeviceMemory old, long bytes) {
        if (old != null && old.byteSize() == bytes) {
            return old;
        }
        if (old != null) {
            old.close();
        }
        return device.allocate(bytes);
    }

    public int frames() {
        return frames;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public long pixels() {
        return (long) width * height;
    }

    /** Classes of the staged probabilities; 0 before {@link #setProbabilities}. */
    public int classes() {
        return classes;
    }

    DeviceMemory cameras() {
        ensureOpen();
        return cameras;
    }

    DeviceMemory depths() {
        ensureOpen();
        return depths;
    }

    DeviceMemory probabilities() {
        ensureOpen();
        if (probabilities == null) {
            throw new IllegalStateException("no probabilities staged for this scene (setProbabilities first)");
        }
        return probabilities;
    }

    DenseSuperpixels superpixels() {
        ensureOpen();
        if (superpixels == null) {
            throw new IllegalStateException("no superpixels staged for this scene (setSuperpixels first)");
        }
        return superpixels;
    }

    DeviceMemory superpixelIds() {
        superpixels();
        return superpixelIds;
    }

    DeviceMemory superpixelOffsets() {
        superpixels();
        return superpixelOffsets;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("device scene of " + frames + " frames is closed");
        }
    }

    /** Frees the scene's device memory (all of it even if one free fails; the first failure is rethrown). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        OwnedResources.closeAll(Arrays.asList(cameras, depths, ownsProbabilities ? probabilities : null, superpixelIds,
                superpixelOffsets));
    }
}
