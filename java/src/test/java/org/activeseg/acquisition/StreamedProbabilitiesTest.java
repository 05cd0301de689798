package org.activeseg.acquisition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every method that reads MC samples, run on a source that computes its samples on the fly (as the
 * network will: one (C, P) sample per {@code next()}, freed at the next call) against the same
 * probabilities served whole by {@code load()}: the results and maps must be identical, the
 * streaming source must never be asked to load, and it must never hold more than one sample.
 * Frames are 16x12 views of a wall 2-3 m away from nearby poses (so ViewAL's views overlap) with
 * 4x4 block superpixels.
 */
class StreamedProbabilitiesTest {
    private static final int W = 16;
    private static final int H = 12;
    private static final int P = W * H;
    private static final int C = 4;
    private static final List<String> POOL = List.of("scene0000_00_000000", "scene0000_00_000001",
            "scene0000_00_000002", "scene0001_00_000000", "scene0001_00_000001");

    /** Sample t of a frame: per pixel random class weights cubed and normalised, from a seed of (frame, t). */
    private static float[] sample(String frameId, int t) {
        SplittableRandom rnd = new SplittableRandom(frameId.hashCode() * 1_000_003L + t);
        float[] v = new float[C * P];
        double[] w = new double[C];
        for (int i = 0; i < P; i++) {
            double sum = 0;
            for (int c = 0; c < C; c++) {
                w[c] = Math.pow(rnd.nextDouble(), 3);
                sum += w[c];
            }
            for (int c = 0; c < C; c++) {
                v[c * P + i] = (float) (w[c] / sum);
            }
        }
        return v;
    }

    /** The T samples of every frame as one (T, C, P) tensor per load(), read through the default stream(). */
    private static ProbabilitySource loaded(int samples) {
        return new ProbabilitySource() {
            @Override
            public FloatTensor load(String frameId) {
                float[] all = new float[samples * C * P];
                for (int t = 0; t < samples; t++) {
                    System.arraycopy(sample(frameId, t), 0, all, t * C * P, C * P);
                }
                return FloatTensor.of(all, samples, C, P);
            }

            @Override
            public int classes() {
                return C;
            }
        };
    }

    /** Computes each sample when it is asked for and frees it at the next call; load() is an error. */
    private static final class GeneratingSource implements ProbabilitySource {
        final int samples;
        int alive;
        int maxAlive;
        int generated;
        int loads;
        int openStreams;

        GeneratingSource(int samples) {
            this.samples = samples;
        }

        @Override
        public FloatTensor load(String frameId) {
            loads++;
            throw new AssertionError("load(" + frameId + ") called on a streaming source");
        }

        @Override
        public SampleStream stream(String frameId) {
            openStreams++;
            return new SampleStream() {
                private FloatTensor current;
                private int read;
                private boolean closed;

                @Override
                public int samples() {
                    return samples;
                }

                @Override
                public int classes() {
                    return C;
                }

                @Override
                public int pixels() {
                    return P;
                }

                @Override
                public FloatTensor next() {
                    if (closed || read == samples) {
                        throw new IllegalStateException("frame " + frameId + ": no sample " + read + " of " + samples);
                    }
                    release();
                    current = FloatTensor.of(sample(frameId, read++), C, P);
                    generated++;
                    alive++;
                    maxAlive = Math.max(maxAlive, alive);
                    return current;
                }

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        openStreams--;
                        release();
                    }
                }

                private void release() {
                    if (current != null) {
                        current.close();
                        current = null;
                        alive--;
                    }
                }
            };
        }

        @Override
        public int classes() {
            return C;
        }
    }

    private static Dataset dataset() {
        SplittableRandom rnd = new SplittableRandom(11);
        Map<String, Frame> frames = new HashMap<>();
        List<Scene> scenes = new ArrayList<>();
        for (String scene : List.of("scene0000_00", "scene0001_00")) {
            List<String> ids = POOL.stream().filter(id -> id.startsWith(scene)).toList();
            for (int f = 0; f < ids.size(); f++) {
                frames.put(ids.get(f), frame(ids.get(f), scene, f, rnd));
            }
            scenes.add(new Scene(scene, ids));
        }
        List<String> names = List.of("class0", "class1", "class2", "class3");
        return new Dataset(Path.of("synthetic"), scenes, new Splits(POOL, List.of(), List.of(), List.of()), names, id -> {
            Frame f = frames.get(id);
            if (f == null) {
                throw new IOException("no frame " + id);
            }
            return f;
        });
    }

    private static Frame frame(String id, String scene, int index, SplittableRandom rnd) {
        double angle = (rnd.nextDouble() - 0.5) * 0.1;
        double[] rot = {Math.cos(angle), 0, Math.sin(angle), 0, 1, 0, -Math.sin(angle), 0, Math.cos(angle)};
        Pose pose = Pose.of(rot, index * 0.125 + rnd.nextDouble() * 0.05, (rnd.nextDouble() - 0.5) * 0.05, 0);
        float[] depth = new float[P];
        float base = (float) (2 + rnd.nextDouble());
        for (int i = 0; i < P; i++) {
            depth[i] = rnd.nextDouble() < 0.05 ? 0f : base + (float) (rnd.nextDouble() * 0.3);
        }
        int[] superpixels = new int[P];
        int[] blockIds = rnd.ints(12, 0, 1000).toArray();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                superpixels[y * W + x] = blockIds[(y / 4) * 4 + x / 4];
            }
        }
        return new Frame(id, scene, W, H, new byte[3 * P], depth, new Intrinsics(12, 12, 7.5, 5.5), pose, null,
                superpixels);
    }

    private record Run(AcquisitionResult result, Map<String, float[]> maps) {}

    private static Run run(String method, ProbabilitySource source) throws IOException {
        Map<String, float[]> maps = new TreeMap<>();
        MapSink sink = (frame, name, values, w, h) -> maps.put(frame + "." + name, values.clone());
        Budget budget = method.startsWith("ripu") ? Budget.fraction(0.05) : Budget.pixels(300);
        try (ReferenceScoringBackend backend = new ReferenceScoringBackend()) {
            AcquisitionRequest request = new AcquisitionRequest(dataset(), POOL, source, budget, false, Map.of(),
                    LabelState.empty(), backend, sink, 3);
            return new Run(AcquisitionMethods.create(method).run(request), maps);
        }
    }

    @ParameterizedTest(name = "T = {0}")
    @ValueSource(ints = {1, 3})
    void streamedSamplesGiveTheResultsOfLoadedOnesWithOneSampleAlive(int samples) throws IOException {
        List<String> methods = new ArrayList<>(List.of("entropy", "mc-entropy", "viewal", "ripu-ra"));
        if (samples > 1) {
            methods.addAll(List.of("vote-entropy", "bald"));
        }
        for (String method : methods) {
            GeneratingSource streaming = new GeneratingSource(samples);
            Run expected = run(method, loaded(samples));
            Run actual = run(method, streaming);
            assertEquals(expected.result(), actual.result(), method);
            assertFalse(actual.result().selection().isEmpty(), method + " selected nothing");
            assertEquals(expected.maps().keySet(), actual.maps().keySet(), method);
            assertFalse(actual.maps().isEmpty(), method + " wrote no maps");
            for (String key : expected.maps().keySet()) {
                assertArrayEquals(expected.maps().get(key), actual.maps().get(key), method + " " + key);
            }
            assertEquals(0, streaming.loads, method + " called load()");
            assertEquals(1, streaming.maxAlive, method + " held more than one sample at a time");
            assertEquals(0, streaming.alive, method + " left a sample unreleased");
            assertEquals(0, streaming.openStreams, method + " left a stream open");
            assertEquals(POOL.size() * samples, streaming.generated, method + " did not read every sample once");
        }
    }

    @Test
    void mcMethodsStillRefuseASingleStreamedSample() {
        for (String method : List.of("bald", "vote-entropy")) {
            GeneratingSource streaming = new GeneratingSource(1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(method, streaming));
            assertTrue(e.getMessage().contains(POOL.getFirst()) && e.getMessage().contains("T = 1"), e.getMessage());
            assertEquals(0, streaming.openStreams, method + " left a stream open");
        }
    }
}
