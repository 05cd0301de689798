package org.activeseg.acquisition.ripu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.MapSink;
import org.activeseg.acquisition.ProbabilitySource;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;
import org.activeseg.tensor.FloatTensor;

/**
 * An in-memory pool for acquisition-method tests: frames of one size with given (T, C, P)
 * probabilities, a probability source over them, and a map sink that keeps what it receives.
 */
public final class PoolFixture {
    public final int width;
    public final int height;
    public final int classes;
    public final Map<String, float[]> probabilities = new LinkedHashMap<>();
    public final Map<String, Integer> samples = new HashMap<>();
    public final Map<String, float[]> maps = new HashMap<>();

    public PoolFixture(int width, int height, int classes) {
        this.width = width;
        this.height = height;
        this.classes = classes;
    }

    /** Adds a frame with T samples of random probabilities (per pixel normalised). */
    public PoolFixture addRandom(String id, int t, SplittableRandom rnd) {
        int p = width * height;
        float[] v = new float[t * classes * p];
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < p; i++) {
                double[] raw = new double[classes];
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    raw[c] = Math.pow(rnd.nextDouble(), 3);
                    sum += raw[c];
                }
                for (int c = 0; c < classes; c++) {
                    v[(s * classes + c) * p + i] = (float) (raw[c] / sum);
                }
            }
        }
        return add(id, t, v);
    }

    public PoolFixture add(String id, int t, float[] values) {
        probabilities.put(id, values);
        samples.put(id, t);
        return this;
    }

    public Dataset dataset() {
        List<String> ids = new ArrayList<>(probabilities.keySet());
        int p = width * height;
        return new Dataset(Path.of("memory"), List.of(new Scene("scene0000_00", ids)),
                new Splits(ids, List.of(), List.of(), List.of()), classNames(),
                id -> new Frame(id, "scene0000_00", width, height, new byte[3 * p], new float[p],
                        new Intrinsics(100, 100, width / 2.0, height / 2.0), Pose.identity(), null, null));
    }

    private List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        return names;
    }

    public ProbabilitySource source() {
        return new ProbabilitySource() {
            @Override
            public FloatTensor load(String frameId) {
                float[] v = probabilities.get(frameId);
                int t = samples.get(frameId);
                return FloatTensor.of(v, t, classes, (long) width * height);
            }

            @Override
            public int classes() {
                return classes;
            }
        };
    }

    public MapSink sink() {
        return (frame, map, values, w, h) -> maps.put(frame + "." + map, values.clone());
    }

    public AcquisitionRequest request(Budget budget, boolean compat, Map<String, String> parameters, LabelState state) {
        return new AcquisitionRequest(dataset(), new ArrayList<>(probabilities.keySet()), source(), budget, compat,
                parameters, state, new ReferenceScoringBackend(), sink(), 1L);
    }
}
