package org.activeseg.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A dataset in the ScanNet layout: its scenes, splits and class names, with frames loaded on
 * demand (a ScanNet export can hold many thousands of frames; nothing is cached here).
 */
public final class Dataset {

    /** Loads one frame by id; implementations name the file and the problem in their errors. */
    @FunctionalInterface
    public interface FrameLoader {
        Frame load(String frameId) throws IOException;
    }

    private final Path root;
    private final List<Scene> scenes;
    private final Splits splits;
    private final List<String> classNames;
    private final FrameLoader loader;
    private final Map<String, Scene> sceneOfFrame;

    public Dataset(Path root, List<Scene> scenes, Splits splits, List<String> classNames, FrameLoader loader) {
        this.root = Objects.requireNonNull(root, "root");
        this.scenes = List.copyOf(scenes);
        this.splits = Objects.requireNonNull(splits, "splits");
        this.classNames = List.copyOf(classNames);
        this.loader = Objects.requireNonNull(loader, "loader");
        this.sceneOfFrame = this.scenes.stream()
                .flatMap(s -> s.frameIds().stream().map(f -> Map.entry(f, s)))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public Path root() { return root; }

    public DatasetLayout layout() { return new DatasetLayout(root); }

    public List<Scene> scenes() { return scenes; }

    public Splits splits() { return splits; }

    public List<String> classNames() { return classNames; }

    public int numClasses() { return classNames.size(); }

    /** All frame ids, scene by scene. */
    public List<String> frameIds() {
        List<String> ids = new ArrayList<>();
        for (Scene s : scenes) {
            ids.addAll(s.frameIds());
        }
        return ids;
    }

    public int frameCount() { return sceneOfFrame.size(); }

    public boolean contains(String frameId) { return sceneOfFrame.containsKey(frameId); }

    public Scene sceneOf(String frameId) {
        Scene s = sceneOfFrame.get(frameId);
        if (s == null) {
            throw new IllegalArgumentException("frame '" + frameId + "' is not in dataset " + root);
        }
        return s;
    }

    /** Loads a frame from disk. */
    public Frame frame(String frameId) throws IOException {
        sceneOf(frameId);
        return loader.load(frameId);
    }

    /** Loads every frame of a scene, in scene order. */
    public List<Frame> frames(Scene scene) throws IOException {
        List<Frame> out = new ArrayList<>(scene.frameIds().size());
        for (String id : scene.frameIds()) {
            out.add(loader.load(id));
        }
        return out;
    }

    /** Loads frames by id, in parallel, keeping order; I/O errors are rethrown unchecked with the frame id. */
    public List<Frame> framesParallel(List<String> ids) {
        Function<String, Frame> load = id -> {
            try {
                return frame(id);
            } catch (IOException e) {
                throw new UncheckedIOException("frame " + id + ": " + e.getMessage(), e);
            }
        };
        return ids.parallelStream().map(load).toList();
    }
}
