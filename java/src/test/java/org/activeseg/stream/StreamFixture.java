package org.activeseg.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.activeseg.acquisition.AcquisitionMethods;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;
import org.activeseg.acquisition.AcquisitionResult.SuperpixelScore;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.MapSink;
import org.activeseg.acquisition.ProbabilitySource;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticGenerator;
import org.activeseg.tensor.FloatTensor;

/**
 * Inputs and the batch side of the streaming equivalence tests: synthetic rooms from the generator with
 * block superpixels (sparse ids), seeded random probabilities (T, C, P), frames as {@link FrameInput}s,
 * and batch scoring of a set of frames through the batch method on a {@link Dataset} of those frames
 * (scenes by id, frames in ScanNet order), independently of the session's own pool.
 */
final class StreamFixture {
    static final double TOLERANCE = 1e-6;
    static final ReferenceScoringBackend BACKEND = new ReferenceScoringBackend();

    private StreamFixture() {
    }

    /** Rendered frames of {@code scenes} synthetic rooms with block superpixels of 8x8 pixels. */
    static List<Frame> synthetic(int scenes, int frames, int width, int height, long seed) {
        SyntheticGenerator g = new SyntheticGenerator(SyntheticConfig.defaults().withScenes(scenes, frames)
                .withSize(width, height).withSeed(seed));
        List<Frame> out = new ArrayList<>();
        for (int s = 0; s < scenes; s++) {
            for (Frame f : g.renderScene(s)) {
                int[] spx = new int[f.pixels()];
                for (int i = 0; i < spx.length; i++) {
                    spx[i] = 7 + 100 * ((i / width) / 8) + (i % width) / 8;
                }
                out.add(f.withSuperpixels(spx));
            }
        }
        return out;
    }

    /** Seeded random probabilities (T, C, P) per frame, peaked so that entropies spread. */
    static Map<String, float[]> probabilities(Collection<Frame> frames, int classes, int samples, long seed) {
        Map<String, float[]> out = new HashMap<>();
        for (Frame f : frames) {
            SplittableRandom rnd = new SplittableRandom(seed ^ f.id().hashCode());
            int p = f.pixels();
            float[] v = new float[samples * classes * p];
            double[] w = new double[classes];
            for (int t = 0; t < samples; t++) {
                for (int i = 0; i < p; i++) {
                    double sum = 0;
                    for (int c = 0; c < classes; c++) {
                        w[c] = Math.pow(rnd.nextDouble(), 4);
                        sum += w[c];
                    }
                    for (int c = 0; c < classes; c++) {
                        v[(t * classes + c) * p + i] = (float) (w[c] / sum);
                    }
                }
            }
            out.put(f.id(), v);
        }
        return out;
    }

    static FrameInput input(Frame f, float[] probabilities, int samples, int classes) {
        double[] k = {f.intrinsics().fx(), f.intrinsics().fy(), f.intrinsics().cx(), f.intrinsics().cy()};
        return new FrameInput(f.id(), f.width(), f.height(), f.depth(), k, f.pose().matrix(), probabilities, samples, classes,
                f.superpixels(), f.rgb(), f.labels());
    }

    /** Batch scoring of {@code frames} (every frame a pool frame) with the method of {@code config}. */
    static AcquisitionResult batch(StreamConfig config, Collection<Frame> frames, Map<String, float[]> probabilities,
                                   int samples, int classes, Budget budget) throws IOException {
        TreeMap<String, List<Frame>> byScene = new TreeMap<>();
        for (Frame f : frames) {
            byScene.computeIfAbsent(f.sceneId(), s -> new ArrayList<>()).add(f);
        }
        List<Scene> scenes = new ArrayList<>();
        List<String> pool = new ArrayList<>();
        Map<String, Frame> byId = new HashMap<>();
        for (Map.Entry<String, List<Frame>> e : byScene.entrySet()) {
            List<String> ids = e.getValue().stream().map(Frame::id).sorted(ScanNetReader.FRAME_ORDER).toList();
            scenes.add(new Scene(e.getKey(), ids));
            pool.addAll(ids);
            e.getValue().forEach(f -> byId.put(f.id(), f));
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        Dataset ds = new Dataset(Path.of("batch"), scenes, new Splits(pool, List.of(), List.of(), List.of()), names, id -> {
            Frame f = byId.get(id);
            if (f == null) {
                throw new NoSuchFileException(id);
            }
            return f;
        });
        ProbabilitySource source = new ProbabilitySource() {
            @Override
            public FloatTensor load(String frameId) {
                return FloatTensor.of(probabilities.get(frameId), samples, classes, byId.get(frameId).pixels());
            }

            @Override
            public int classes() {
                return classes;
            }
        };
        AcquisitionRequest request = new AcquisitionRequest(ds, pool, source, budget, config.compat(), config.parameters(),
                LabelState.empty(), BACKEND, MapSink.NONE, config.seed());
        return AcquisitionMethods.create(config.method()).run(request);
    }

    /** Frame scores equal within {@link #TOLERANCE}, in the same order, superpixels included. */
    static void assertSameScores(List<FrameScore> expected, List<FrameScore> actual, String context) {
        assertEquals(expected.stream().map(FrameScore::id).toList(), actual.stream().map(FrameScore::id).toList(),
                context + ": frames");
        for (int i = 0; i < expected.size(); i++) {
            FrameScore e = expected.get(i);
            FrameScore a = actual.get(i);
            String where = context + ", frame " + e.id();
            close(e.score(), a.score(), where);
            assertEquals(e.superpixels().size(), a.superpixels().size(), where + ": superpixels");
            for (int k = 0; k < e.superpixels().size(); k++) {
                SuperpixelScore es = e.superpixels().get(k);
                SuperpixelScore as = a.superpixels().get(k);
                String spx = where + ", superpixel " + es.id();
                assertEquals(es.id(), as.id(), spx);
                close(es.viewEntropy(), as.viewEntropy(), spx + " VE");
                close(es.viewDivergence(), as.viewDivergence(), spx + " VD");
                close(es.score(), as.score(), spx + " score");
            }
        }
    }

    /** The same result: method, mode, parameters and selection identical, scores within tolerance. */
    static void assertSameResult(AcquisitionResult expected, AcquisitionResult actual, String context) {
        assertEquals(expected.method(), actual.method(), context);
        assertEquals(expected.compat(), actual.compat(), context);
        assertEquals(expected.parameters(), actual.parameters(), context + ": parameters");
        assertSameScores(expected.frames(), actual.frames(), context);
        assertEquals(expected.selection(), actual.selection(), context + ": selection");
    }

    private static void close(double e, double a, String where) {
        if (Double.isNaN(e) || Double.isNaN(a)) {
            assertEquals(e, a, where);
        } else {
            assertEquals(e, a, TOLERANCE, where);
        }
    }
}
