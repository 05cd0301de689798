package org.activeseg.stream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.acquisition.ProbabilitySource;
import org.activeseg.acquisition.SampleStream;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.activeseg.tensor.FloatTensor;

/**
 * Held frames of one or more scenes as the batch scorer's inputs: an in-memory {@link Dataset} whose
 * train split (the pool) is every held frame, scene by scene in frame order, and the frames'
 * probabilities as a {@link ProbabilitySource} (zero-copy sample streams). Valid while the frames are
 * held and not released.
 */
final class HeldPool implements ProbabilitySource {

    /** One scene's held frames in frame order. */
    record SceneFrames(String sceneId, List<HeldFrame> frames) {}

    private final Dataset dataset;
    private final List<String> pool = new ArrayList<>();
    private final Map<String, HeldFrame> byId = new HashMap<>();
    private final int classes;

    HeldPool(List<SceneFrames> scenes) {
        List<Scene> list = new ArrayList<>();
        int c = -1;
        for (SceneFrames s : scenes) {
            List<String> ids = new ArrayList<>();
            for (HeldFrame f : s.frames()) {
                ids.add(f.id());
                byId.put(f.id(), f);
                c = f.classes();
            }
            if (!ids.isEmpty()) {
                list.add(new Scene(s.sceneId(), ids));
                pool.addAll(ids);
            }
        }
        this.classes = c;
        List<String> names = new ArrayList<>();
        for (int k = 0; k < Math.max(c, 0); k++) {
            names.add("class" + k);
        }
        this.dataset = new Dataset(Path.of("stream"), list, new Splits(pool, List.of(), List.of(), List.of()), names,
                this::frame);
    }

    static HeldPool of(String sceneId, List<HeldFrame> frames) {
        return new HeldPool(List.of(new SceneFrames(sceneId, frames)));
    }

    Dataset dataset() {
        return dataset;
    }

    /** Every held frame, scene by scene in frame order. */
    List<String> pool() {
        return List.copyOf(pool);
    }

    private Frame frame(String id) throws IOException {
        HeldFrame f = byId.get(id);
        if (f == null) {
            throw new IOException("frame " + id + " is not held");
        }
        return f.frame();
    }

    private HeldFrame withProbabilities(String id) {
        HeldFrame f = byId.get(id);
        if (f == null || f.probabilities() == null) {
            throw new IllegalStateException("frame " + id + (f == null ? " is not held" : " has released its probabilities"));
        }
        return f;
    }

    @Override
    public FloatTensor load(String frameId) {
        FloatTensor p = withProbabilities(frameId).probabilities();
        FloatTensor copy = FloatTensor.allocate(p.shape());
        copy.segment().copyFrom(p.segment());
        return copy;
    }

    @Override
    public SampleStream stream(String frameId) {
        return SampleStream.of(withProbabilities(frameId).probabilities(), frameId);
    }

    @Override
    public int classes() {
        return classes;
    }
}
