package org.activeseg.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.backend.ViewOps;
import org.activeseg.data.Frame;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticGenerator;
import org.activeseg.geometry.Camera;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.tensor.Npy;

/**
 * One synthetic scene as benchmark input for ViewAL, in the file layout of
 * benchmarks/python/viewal.py (scene0_depth.npy (N,H,W), scene0_intrinsics.npy (N,4),
 * scene0_pose.npy (N,4,4), scene0_probs.npy (N,1,C,P), scene0_spx.npy (N,P), scene0_labelled.npy,
 * params.json), so the Java benchmark and the numpy baseline time the same scene. Probabilities
 * are a noisy softmax around each pixel's label (train id mod C), superpixels a 16-pixel grid.
 *
 * <p>Usage: {@code SceneInputs DIR FRAMES WxH CLASSES}
 */
public final class SceneInputs {
    private SceneInputs() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int frames = Integer.parseInt(args[1]);
        String[] wh = args[2].split("x");
        int w = Integer.parseInt(wh[0]), h = Integer.parseInt(wh[1]), classes = Integer.parseInt(args[3]);
        write(dir, frames, w, h, classes);
    }

    static void write(Path dir, int frames, int w, int h, int classes) throws IOException {
        Files.createDirectories(dir);
        List<Frame> scene = new SyntheticGenerator(SyntheticConfig.defaults().withScenes(1, frames).withSize(w, h))
                .renderScene(0);
        int p = w * h;
        float[] depth = new float[frames * p], intr = new float[frames * 4], pose = new float[frames * 16];
        float[] probs = new float[frames * classes * p];
        int[] spx = new int[frames * p];
        SplittableRandom r = new SplittableRandom(7);
        double[] logit = new double[classes];
        for (int f = 0; f < frames; f++) {
            Frame fr = scene.get(f);
            System.arraycopy(fr.depth(), 0, depth, f * p, p);
            intr[f * 4] = (float) fr.intrinsics().fx();
            intr[f * 4 + 1] = (float) fr.intrinsics().fy();
            intr[f * 4 + 2] = (float) fr.intrinsics().cx();
            intr[f * 4 + 3] = (float) fr.intrinsics().cy();
            double[] m = fr.pose().matrix();
            for (int k = 0; k < 16; k++) {
                pose[f * 16 + k] = (float) m[k];
            }
            for (int i = 0; i < p; i++) {
                int label = fr.label(i) % classes;
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int c = 0; c < classes; c++) {
                    logit[c] = (c == label ? 3 : 0) + 1.5 * r.nextGaussian();
                    max = Math.max(max, logit[c]);
                }
                for (int c = 0; c < classes; c++) {
                    sum += logit[c] = Math.exp(logit[c] - max);
                }
                for (int c = 0; c < classes; c++) {
                    probs[(f * classes + c) * p + i] = (float) (logit[c] / sum);
                }
                spx[f * p + i] = (i / w / 16) * ((w + 15) / 16) + (i % w) / 16;
            }
        }
        Npy.write(dir.resolve("scene0_depth.npy"), depth, frames, h, w);
        Npy.write(dir.resolve("scene0_intrinsics.npy"), intr, frames, 4);
        Npy.write(dir.resolve("scene0_pose.npy"), pose, frames, 4, 4);
        Npy.write(dir.resolve("scene0_probs.npy"), probs, frames, 1, classes, p);
        Npy.write(dir.resolve("scene0_spx.npy"), spx, frames, p);
        Npy.write(dir.resolve("scene0_labelled.npy"), new int[0], 0, 2);
        Files.writeString(dir.resolve("params.json"), "{\"scenes\": 1, \"world_distance_threshold\": 1.0, "
                + "\"overlap_threshold\": 0.25, \"truncate_vd\": false, \"project_invalid_depth\": false, "
                + "\"suppress_around_winner\": true, \"budget\": " + p + "}\n", StandardCharsets.UTF_8);
    }

    /** The scene as the Java side uses it: geometry, (N, C, P) probabilities and superpixels. */
    record Loaded(ViewOps.SceneGeometry geometry, FloatTensor probs, List<int[]> superpixels) {}

    static Loaded load(Path dir) throws IOException {
        float[] depth, intr, pose;
        int[] spx;
        long[] ds;
        try (var a = Npy.read(dir.resolve("scene0_depth.npy"))) {
            depth = a.toFloatArray();
            ds = a.shape();
        }
        try (var a = Npy.read(dir.resolve("scene0_intrinsics.npy"))) {
            intr = a.toFloatArray();
        }
        try (var a = Npy.read(dir.resolve("scene0_pose.npy"))) {
            pose = a.toFloatArray();
        }
        try (var a = Npy.read(dir.resolve("scene0_spx.npy"))) {
            spx = a.toIntArray();
        }
        int n = (int) ds[0], h = (int) ds[1], w = (int) ds[2], p = w * h;
        List<Camera> cams = new java.util.ArrayList<>();
        List<float[]> depths = new java.util.ArrayList<>();
        List<int[]> sps = new java.util.ArrayList<>();
        for (int f = 0; f < n; f++) {
            double[] m = new double[16];
            for (int k = 0; k < 16; k++) {
                m[k] = pose[f * 16 + k];
            }
            cams.add(new Camera(new org.activeseg.geometry.Intrinsics(intr[f * 4], intr[f * 4 + 1], intr[f * 4 + 2],
                    intr[f * 4 + 3]), org.activeseg.geometry.Pose.cameraToWorld(m, "scene0_pose.npy[" + f + "]"), w, h));
            depths.add(java.util.Arrays.copyOfRange(depth, f * p, (f + 1) * p));
            sps.add(java.util.Arrays.copyOfRange(spx, f * p, (f + 1) * p));
        }
        FloatTensor probs;
        try (var a = Npy.read(dir.resolve("scene0_probs.npy"))) {
            long[] s = a.shape();
            probs = a.toFloatTensor(s[0], s[2], s[3]);
        }
        return new Loaded(new ViewOps.SceneGeometry(cams, depths), probs, sps);
    }
}
