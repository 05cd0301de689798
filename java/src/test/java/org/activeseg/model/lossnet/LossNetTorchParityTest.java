package org.activeseg.model.lossnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.tensor.Npy;
import org.activeseg.tensor.NpyArray;
import org.activeseg.testing.NumpyScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning-loss package against PyTorch (benchmarks/python/lossnet_parity.py, float64): the
 * module's prediction, tap gradients and parameter gradients at two tap configurations with
 * non-square maps; the objective's L_pred and gradient (the reference's LossPredLoss); the
 * per-image cross-entropy ({@code F.cross_entropy(reduction='none', ignore_index=255)} averaged
 * per image). Every value must agree within 1e-4 relative to its magnitude, or to 1e-3 of the
 * array's largest magnitude for values below that. Skips, printing why, when python3 cannot import
 * numpy and torch.
 */
class LossNetTorchParityTest {
    private static final double TOL = 1e-4;
    private static final double FLOOR = 1e-3;
    private static final String SCRIPT = "lossnet_parity.py";

    @TempDir
    Path dir;

    private final List<String> json = new ArrayList<>();
    private final Map<String, float[]> expected = new LinkedHashMap<>();
    private final SplittableRandom rnd = new SplittableRandom(20250117L);

    @Test
    void moduleObjectiveAndPerImageLossMatchPyTorch() throws Exception {
        NumpyScript.script(SCRIPT); // a missing script fails even where torch is absent
        NumpyScript.requireTorch("LossNetTorchParityTest");

        module("three_taps_h128", 4, new int[][] {{16, 20, 15}, {24, 10, 8}, {32, 5, 4}}, LossPredictionModule.DEFAULT_HIDDEN);
        module("four_taps_h40", 3, new int[][] {{8, 17, 11}, {12, 9, 6}, {20, 5, 3}, {40, 3, 2}}, 40);
        objective("objective_ref", 6, 1.0, 1.0, false);
        objective("objective_ties", 8, 0.3, 2.5, true);
        perImageCe("per_image_ce", 4, 5, 6, 7);

        Files.writeString(dir.resolve("cases.json"), "[\n" + String.join(",\n", json) + "\n]\n", StandardCharsets.UTF_8);
        String out = NumpyScript.output(SCRIPT, dir);
        System.out.print(out);

        List<String> failures = new ArrayList<>();
        StringBuilder report = new StringBuilder("worst relative difference (java float32 vs torch float64):\n");
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            float[] torch = read(e.getKey());
            float[] java = e.getValue();
            if (torch.length != java.length) {
                failures.add(e.getKey() + ": torch has " + torch.length + " values, java " + java.length);
                continue;
            }
            double floor = 0;
            for (float t : torch) {
                floor = Math.max(floor, Math.abs(t));
            }
            floor = Math.max(floor * FLOOR, Double.MIN_NORMAL);
            double worst = 0;
            int at = -1;
            for (int i = 0; i < java.length; i++) {
                double d = Math.abs((double) torch[i] - java[i]) / Math.max(floor, Math.abs(torch[i]));
                if (!(d <= worst)) { // NaN counts as worst
                    worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                    at = i;
                }
            }
            report.append(String.format("  %-28s %.3e%n", e.getKey(), worst));
            if (worst > TOL) {
                failures.add(e.getKey() + " at " + at + ": torch " + torch[at] + ", java " + java[at] + " (relative " + worst + ")");
            }
        }
        System.out.print(report);
        assertTrue(failures.isEmpty(), () -> failures.size() + " disagreements with torch:\n  "
                + String.join("\n  ", failures) + "\n" + report);
    }

    private void module(String name, int n, int[][] chw, int hidden) throws IOException {
        int[] channels = new int[chw.length];
        for (int i = 0; i < chw.length; i++) {
            channels[i] = chw[i][0];
        }
        LossPredictionModule m = hidden == LossPredictionModule.DEFAULT_HIDDEN
                ? new LossPredictionModule(name, channels, new SplittableRandom(rnd.nextLong()))
                : new LossPredictionModule(name, channels, hidden, new SplittableRandom(rnd.nextLong()));
        List<Tensor4> taps = LossPredictionModuleTest.taps(rnd, n, chw);
        for (int i = 0; i < taps.size(); i++) {
            write(name + ".x" + i, taps.get(i));
            writeParam(name + ".fc" + i + ".w", LossPredictionModuleTest.param(m, "tap" + i + ".fc.weight"));
            writeParam(name + ".fc" + i + ".b", LossPredictionModuleTest.param(m, "tap" + i + ".fc.bias"));
        }
        writeParam(name + ".head.w", LossPredictionModuleTest.param(m, "head.weight"));
        writeParam(name + ".head.b", LossPredictionModuleTest.param(m, "head.bias"));
        double[] pre = LossPredictionModuleTest.preActivations(m, taps);
        long off = java.util.Arrays.stream(pre).filter(v -> v < 0).count();
        assertTrue(off > 0 && off < pre.length, name + ": the ReLUs should both pass and block");

        for (Parameter p : m.parameters()) {
            p.zeroGrad();
        }
        Tensor4 y = m.forward(taps, true);
        assertEquals("[" + n + ", 1, 1, 1]", y.shapeString());
        Tensor4 r = GradientCheck.random(rnd, n, 1, 1, 1, -1, 1);
        write(name + ".r", r);
        List<Tensor4> g = m.backward(r);
        expected.put(name + ".out", y.data());
        for (int i = 0; i < taps.size(); i++) {
            expected.put(name + ".gx" + i, g.get(i).data());
            expected.put(name + ".gfc" + i + ".w", LossPredictionModuleTest.param(m, "tap" + i + ".fc.weight").grad());
            expected.put(name + ".gfc" + i + ".b", LossPredictionModuleTest.param(m, "tap" + i + ".fc.bias").grad());
        }
        expected.put(name + ".ghead.w", LossPredictionModuleTest.param(m, "head.weight").grad());
        expected.put(name + ".ghead.b", LossPredictionModuleTest.param(m, "head.bias").grad());
        json.add("  {\"name\": \"" + name + "\", \"type\": \"module\", \"taps\": " + chw.length + "}");
    }

    private void objective(String name, int n, double margin, double weight, boolean integerTargets) throws IOException {
        float[] pred = new float[n];
        float[] target = new float[n];
        for (int i = 0; i < n; i++) {
            pred[i] = (float) rnd.nextDouble(-1.5, 1.5);
            target[i] = integerTargets ? rnd.nextInt(3) : (float) rnd.nextDouble(0, 3); // integers give ties
        }
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = target[i];
        }
        LearningLossObjective.Result res = new LearningLossObjective(margin, weight).compute(new Tensor4(n, 1, 1, 1, pred), t);
        Npy.write(dir.resolve(name + ".pred.npy"), pred.clone(), n);
        Npy.write(dir.resolve(name + ".target.npy"), target.clone(), n);
        expected.put(name + ".out", new float[] {(float) res.predictionLoss(), (float) res.weightedLoss()});
        expected.put(name + ".gpred", res.gradPredicted().data());
        json.add(String.format("  {\"name\": \"%s\", \"type\": \"objective\", \"margin\": %s, \"weight\": %s}", name, margin,
                weight));
    }

    private void perImageCe(String name, int n, int c, int h, int w) throws IOException {
        Tensor4 logits = GradientCheck.random(rnd, n, c, h, w, -3, 3);
        int[] labels = new int[n * h * w];
        for (int i = 0; i < labels.length; i++) {
            int image = i / (h * w);
            // image 1: 40% ignored; image 2: all ignored (activeseg gives 0, torch 0/0)
            boolean ignored = image == 2 || (image == 1 && rnd.nextDouble() < 0.4);
            labels[i] = ignored ? 255 : rnd.nextInt(c);
        }
        double[] losses = PerImageCrossEntropy.losses(logits, labels, 255);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) losses[i];
        }
        write(name + ".x", logits);
        Npy.write(dir.resolve(name + ".y.npy"), labels, n, h, w);
        expected.put(name + ".out", f);
        json.add("  {\"name\": \"" + name + "\", \"type\": \"per_image_ce\", \"ignore\": 255}");
    }

    private void write(String stem, Tensor4 t) throws IOException {
        Npy.write(dir.resolve(stem + ".npy"), t.data().clone(), t.n(), t.c(), t.h(), t.w());
    }

    private void writeParam(String stem, Parameter p) throws IOException {
        int[] s = p.shape();
        long[] shape = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = s[i];
        }
        Npy.write(dir.resolve(stem + ".npy"), p.value().clone(), shape);
    }

    private float[] read(String stem) throws IOException {
        try (NpyArray a = Npy.read(dir.resolve(stem + ".npy"))) {
            return a.toFloatArray();
        }
    }
}
