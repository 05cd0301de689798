package org.activeseg.acquisition.viewal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.activeseg.acquisition.ProbabilitySource;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;
import org.activeseg.tensor.FloatTensor;

/**
 * Small random in-memory scenes for ViewAL tests: frames 16x12 looking at a noisy wall 2-3 m away
 * from nearby, slightly rotated poses (so they overlap), a few depth holes, block superpixels with
 * random ids, and random MC samples. Every number is exactly representable in float32, so the numpy
 * cross-check sees the same poses, intrinsics and depths.
 */
final class SyntheticScenes {
    static final int W = 16;
    static final int H = 12;
    static final Intrinsics K = new Intrinsics(12, 12, 7.5, 5.5);

    final Dataset dataset;
    final Map<String, float[]> samples = new HashMap<>();
    final int classes;
    final int mcSamples;

    SyntheticScenes(long seed, int[] framesPerScene, int classes, int mcSamples) {
        this.classes = classes;
        this.mcSamples = mcSamples;
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Scene> scenes = new ArrayList<>();
        Map<String, Frame> frames = new HashMap<>();
        for (int s = 0; s < framesPerScene.length; s++) {
            String sceneId = "scene" + String.format("%04d", s) + "_00";
            List<String> ids = new ArrayList<>();
            for (int f = 0; f < framesPerScene[s]; f++) {
                String id = sceneId + String.format("_%06d", f);
                ids.add(id);
                frames.put(id, frame(id, sceneId, f, rnd));
                samples.put(id, probabilities(rnd));
            }
            scenes.add(new Scene(sceneId, ids));
        }
        List<String> all = scenes.stream().flatMap(sc -> sc.frameIds().stream()).toList();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        dataset = new Dataset(Path.of("synthetic"), scenes, new Splits(all, List.of(), List.of(), List.of()), names,
                id -> {
                    Frame f = frames.get(id);
                    if (f == null) {
                        throw new IOException("no frame " + id);
                    }
                    return f;
                });
    }

    private Frame frame(String id, String sceneId, int index, SplittableRandom rnd) {
        double angle = (rnd.nextDouble() - 0.5) * 0.1;
        float cs = (float) Math.cos(angle);
        float sn = (float) Math.sin(angle);
        double[] rot = {cs, 0, sn, 0, 1, 0, -sn, 0, cs};
        float tx = (float) (index * 0.125 + rnd.nextDouble() * 0.05);
        float ty = (float) ((rnd.nextDouble() - 0.5) * 0.05);
        Pose pose = Pose.of(rot, tx, ty, 0);
        float[] depth = new float[W * H];
        float base = (float) (2 + rnd.nextDouble());
        for (int i = 0; i < depth.length; i++) {
            depth[i] = rnd.nextDouble() < 0.05 ? 0f : base + (float) (rnd.nextDouble() * 0.3);
        }
        int[] spx = new int[W * H];
        int[] blockIds = rnd.ints(12, 0, 1000).toArray();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                spx[y * W + x] = blockIds[(y / 4) * 4 + x / 4];
            }
        }
        byte[] labels = new byte[W * H];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (rnd.nextDouble() < 0.1 ? 255 : rnd.nextInt(classes));
        }
        return new Frame(id, sceneId, W, H, new byte[3 * W * H], depth, K, pose, labels, spx);
    }

    private float[] probabilities(SplittableRandom rnd) {
        int p = W * H;
        float[] v = new float[mcSamples * classes * p];
        double[] w = new double[classes];
        for (int t = 0; t < mcSamples; t++) {
            for (int i = 0; i < p; i++) {
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    w[c] = Math.pow(rnd.nextDouble(), 3);
                    sum += w[c];
                }
                for (int c = 0; c < classes; c++) {
                    v[(t * classes + c) * p + i] = (float) (w[c] / sum);
                }
            }
        }
        return v;
    }

    ProbabilitySource source() {
        return new ProbabilitySource() {
            @Override
            public FloatTensor load(String frameId) {
                return FloatTensor.of(samples.get(frameId), mcSamples, classes, W * H);
            }

            @Override
            public int classes() {
                return classes;
            }
        };
    }
}
