package org.activeseg.data.synthetic;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.Nyu40;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.activeseg.geometry.Intrinsics;

/**
 * A generated synthetic dataset held in memory: scenes, frames (scene by scene, in order),
 * splits, and what the ScanNet info files need (the 4x4 intrinsic matrix, depth shift 1000).
 */
public final class SyntheticDataset {
    private final SyntheticConfig config;
    private final List<Scene> scenes;
    private final List<Frame> frames;
    private final Map<String, Frame> byId;
    private final Splits splits;
    private final Intrinsics intrinsics;

    SyntheticDataset(SyntheticConfig config, List<Scene> scenes, List<Frame> frames, Splits splits, Intrinsics intrinsics) {
        this.config = config;
        this.scenes = List.copyOf(scenes);
        this.frames = List.copyOf(frames);
        this.splits = splits;
        this.intrinsics = intrinsics;
        Map<String, Frame> map = new HashMap<>();
        for (Frame f : this.frames) {
            if (map.put(f.id(), f) != null) {
                throw new IllegalStateException("duplicate synthetic frame id " + f.id());
            }
        }
        this.byId = Map.copyOf(map);
    }

    public SyntheticConfig config() { return config; }

    public List<Scene> scenes() { return scenes; }

    /** All frames, scene by scene, in frame order. */
    public List<Frame> frames() { return frames; }

    public Splits splits() { return splits; }

    public Intrinsics intrinsics() { return intrinsics; }

    /** The 4x4 intrinsic matrix (row-major) for m_calibrationColorIntrinsic / m_calibrationDepthIntrinsic. */
    public double[] intrinsicMatrix() { return intrinsics.matrix4(); }

    /** m_depthShift: depth file units per metre. */
    public int depthShift() { return SyntheticGenerator.DEPTH_SHIFT; }

    /** Class names by train id (NYU40). */
    public List<String> classNames() { return Nyu40.NAMES; }

    public Frame frame(String id) {
        Frame f = byId.get(id);
        if (f == null) {
            throw new IllegalArgumentException("no synthetic frame '" + id + "'");
        }
        return f;
    }

    public List<Frame> frames(Scene scene) {
        List<Frame> out = new ArrayList<>(scene.frameIds().size());
        for (String id : scene.frameIds()) {
            out.add(frame(id));
        }
        return out;
    }

    /** A {@link Dataset} view serving these frames from memory; {@code root} only names it in messages. */
    public Dataset asDataset(Path root) {
        return new Dataset(root, scenes, splits, Nyu40.NAMES, id -> {
            Frame f = byId.get(id);
            if (f == null) {
                throw new NoSuchFileException("synthetic frame " + id + " (in-memory dataset " + root + ")");
            }
            return f;
        });
    }
}
