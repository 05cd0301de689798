package org.activeseg.model.layers;

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
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.tensor.Npy;
import org.activeseg.tensor.NpyArray;
import org.activeseg.testing.NumpyScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU engine's layers against PyTorch, forward and backward: for each configuration the Java
 * layer runs forward and backward with a random upstream gradient R; its input, weights (taken
 * from its Parameters), R, labels and dropout mask go to benchmarks/python/torch_layer_parity.py,
 * which builds the same torch operation in float64 (float32 for bilinear resampling) and writes back output, input gradient,
 * parameter gradients and batch-norm running statistics. Every value must agree within 1e-4
 * relative to its magnitude, or to 1e-3 of the array's largest magnitude for values below that
 * (near-cancelled sums such as weight gradients cannot be relatively exact in float32). Prints the worst difference per layer kind. Skips,
 * printing why, when python3 cannot import numpy and torch (CI has no torch).
 */
class TorchLayerParityTest {
    private static final double TOL = 1e-4;
    /**
     * Bilinear weights are computed in float by both the Java layer and PyTorch's float32 CPU kernel;
     * against float64 the worst near-zero output differs by about 9e-5 of the floor, too close to the
     * tolerance, so upsampling is compared with torch in float32 (the kernel the layer restates).
     */
    private static final String DTYPE_UPSAMPLE = "float32";
    /** Values below this fraction of an array's largest magnitude are compared relative to that fraction. */
    private static final double FLOOR = 1e-3;
    private static final String SCRIPT = "torch_layer_parity.py";

    @TempDir
    Path dir;

    private final List<String> json = new ArrayList<>();
    /** Per case: what to read back (suffix) and the Java values to compare with. */
    private final Map<String, Map<String, float[]>> expected = new LinkedHashMap<>();
    private final Map<String, String> kindOf = new LinkedHashMap<>();
    private final SplittableRandom rnd = new SplittableRandom(20240611L);

    @Test
    void layersMatchPyTorchForwardAndBackward() throws Exception {
        NumpyScript.script(SCRIPT); // a missing script fails even where torch is absent
        NumpyScript.requireTorch("TorchLayerParityTest");

        // Convolutions: stride, padding, dilation, groups, depthwise, bias on / off, odd sizes.
        conv("conv_plain", 2, 3, 5, 7, 9, 3, 3, 1, 1, 1, 1, true);
        conv("conv_stride2_pad1", 2, 4, 6, 11, 13, 3, 3, 2, 1, 1, 1, true);
        conv("conv_dilation2", 1, 3, 4, 13, 10, 3, 3, 1, 2, 2, 1, false);
        conv("conv_groups2", 2, 4, 6, 9, 7, 3, 3, 1, 1, 1, 2, true);
        conv("conv_depthwise_s2", 2, 5, 5, 9, 11, 3, 3, 2, 1, 1, 5, false);
        conv("conv_depthwise_dil", 1, 6, 6, 12, 9, 3, 3, 1, 2, 2, 6, true);
        conv("conv_1x1", 3, 7, 5, 5, 3, 1, 1, 1, 0, 1, 1, true);
        conv("conv_rect_kernel", 2, 3, 4, 8, 9, 1, 3, 2, 0, 1, 1, false);
        conv("conv_5x5_s3", 1, 2, 3, 14, 15, 5, 5, 3, 2, 1, 1, true);
        conv("conv_groups3_dil_s2", 2, 6, 9, 15, 14, 3, 3, 2, 2, 2, 3, true);
        // Linear with and without bias.
        linear("linear_bias", 4, 17, 9, true);
        linear("linear_nobias", 3, 8, 5, false);
        // Batch norm: training (batch stats, running-stat update) and evaluation.
        batchNorm("bn_train", 3, 4, 5, 7, true, 1e-5, 0.1);
        batchNorm("bn_train_mom03", 2, 3, 6, 3, true, 1e-3, 0.3);
        batchNorm("bn_train_n1", 1, 2, 4, 5, true, 1e-5, 0.1);
        batchNorm("bn_eval", 2, 4, 5, 6, false, 1e-5, 0.1);
        // Activations, including the kinks 0 and 6 exactly.
        activation("relu", Activation.relu(), "relu");
        activation("relu6", Activation.relu6(), "relu6");
        // Dropout2d with the Java layer's mask imposed on torch.
        dropout("dropout_p03", 3, 5, 4, 6, 0.3);
        dropout("dropout_p05", 2, 8, 3, 3, 0.5);
        // Pooling with padding, odd sizes, ties and all-negative input (padding must not win).
        pool("maxpool_k3s2p1", Pool2d.max(3, 2, 1), "maxpool", 3, 2, 1, 2, 3, 9, 11, false, false);
        pool("maxpool_k2s2", Pool2d.max(2, 2, 0), "maxpool", 2, 2, 0, 2, 2, 7, 8, false, false);
        pool("maxpool_negative_pad", Pool2d.max(3, 1, 1), "maxpool", 3, 1, 1, 1, 2, 6, 5, true, false);
        pool("maxpool_ties", Pool2d.max(3, 2, 1), "maxpool", 3, 2, 1, 2, 2, 7, 9, false, true);
        pool("avgpool_k3s2p1", Pool2d.avg(3, 2, 1), "avgpool", 3, 2, 1, 2, 3, 9, 11, false, false);
        pool("avgpool_k2s1", Pool2d.avg(2, 1, 0), "avgpool", 2, 1, 0, 1, 2, 5, 6, false, false);
        pool("avgpool_k5s3p2", Pool2d.avg(5, 3, 2), "avgpool", 5, 3, 2, 2, 2, 13, 10, false, false);
        // Global average pooling and concatenation.
        gap("gap", 3, 5, 7, 9);
        concat("concat3", 2, new int[] {3, 1, 4}, 5, 6);
        // Bilinear resampling, align_corners true and false, non-integer factors, down and 1-pixel.
        upsample("up_ac_false_x2", 2, 3, 5, 6, 10, 12, false);
        upsample("up_ac_true_x2", 2, 3, 5, 6, 10, 12, true);
        upsample("up_ac_false_frac", 1, 2, 7, 5, 17, 13, false);
        upsample("up_ac_true_frac", 1, 2, 7, 5, 17, 13, true);
        upsample("up_ac_false_down", 2, 2, 13, 11, 5, 4, false);
        upsample("up_ac_true_down", 2, 2, 13, 11, 5, 4, true);
        upsample("up_ac_false_from1", 1, 2, 1, 3, 4, 7, false);
        upsample("up_ac_true_to1", 1, 2, 5, 4, 1, 1, true);
        // Cross-entropy with ignore 255 and class weights.
        crossEntropy("ce_plain", 2, 5, 6, 7, null, 0.0);
        crossEntropy("ce_ignore", 3, 4, 5, 6, null, 0.3);
        crossEntropy("ce_weighted_ignore", 2, 6, 7, 5, new float[] {0.5f, 2f, 1f, 0f, 3.5f, 1.25f}, 0.25);

        Files.writeString(dir.resolve("cases.json"), "[\n" + String.join(",\n", json) + "\n]\n", StandardCharsets.UTF_8);
        String out = NumpyScript.output(SCRIPT, dir);
        System.out.print(out);

        Map<String, double[]> worst = new LinkedHashMap<>(); // kind -> {worst relative diff}
        Map<String, String> worstWhere = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Map<String, float[]>> c : expected.entrySet()) {
            String name = c.getKey();
            String kind = kindOf.get(name);
            for (Map.Entry<String, float[]> e : c.getValue().entrySet()) {
                float[] torch = read(name + "." + e.getKey());
                float[] java = e.getValue();
                String what = name + "." + e.getKey();
                if (torch.length != java.length) {
                    failures.add(what + ": torch has " + torch.length + " values, java " + java.length);
                    continue;
                }
                double floor = 0;
                for (float t : torch) {
                    floor = Math.max(floor, Math.abs(t));
                }
                floor = Math.max(floor * FLOOR, Double.MIN_NORMAL);
                double caseWorst = 0;
                int at = -1;
                for (int i = 0; i < java.length; i++) {
                    double d = Math.abs((double) torch[i] - java[i]) / Math.max(floor, Math.abs(torch[i]));
                    if (!(d <= caseWorst)) { // NaN counts as worst
                        caseWorst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                        at = i;
                    }
                }
                double[] w = worst.computeIfAbsent(kind, k -> new double[] {0});
                if (caseWorst >= w[0]) {
                    w[0] = caseWorst;
                    worstWhere.put(kind, what);
                }
                if (caseWorst > TOL) {
                    failures.add(what + " at " + at + ": torch " + torch[at] + ", java " + java[at]
                            + " (relative " + caseWorst + ")");
                }
            }
        }
        StringBuilder report = new StringBuilder("worst relative difference per layer (java float32 vs torch float64, float32 for upsample):\n");
        for (Map.Entry<String, double[]> e : worst.entrySet()) {
            report.append(String.format("  %-9s %.3e  (%s)%n", e.getKey(), e.getValue()[0], worstWhere.get(e.getKey())));
        }
        System.out.print(report);
        assertTrue(failures.isEmpty(), () -> failures.size() + " disagreements with torch:\n  "
                + String.join("\n  ", failures) + "\n" + report);
    }

    // ---- cases -------------------------------------------------------------------------------

    private void conv(String name, int n, int cin, int cout, int h, int w, int kh, int kw, int stride, int pad,
                      int dil, int groups, boolean bias) throws IOException {
        Conv2d layer = new Conv2d(name, cin, cout, kh, kw, stride, pad, dil, groups, bias, new SplittableRandom(rnd.nextLong()));
        if (bias) {
            fill(layer.bias().value(), 0.5);
        }
        Tensor4 x = tensor(n, cin, h, w, 1.0);
        Map<String, float[]> exp = runLayer(name, layer, x, true);
        writeParam(name, "w", layer.weight());
        exp.put("gw", layer.weight().grad());
        if (bias) {
            writeParam(name, "b", layer.bias());
            exp.put("gb", layer.bias().grad());
        }
        add(name, "conv", String.format("\"stride\": %d, \"padding\": %d, \"dilation\": %d, \"groups\": %d, \"bias\": %b",
                stride, pad, dil, groups, bias), exp);
    }

    private void linear(String name, int n, int in, int outF, boolean bias) throws IOException {
        Linear layer = new Linear(name, in, outF, bias, new SplittableRandom(rnd.nextLong()));
        Tensor4 x = tensor(n, in, 1, 1, 1.0);
        Map<String, float[]> exp = runLayer(name, layer, x, true);
        writeParam(name, "w", layer.weight());
        exp.put("gw", layer.weight().grad());
        if (bias) {
            writeParam(name, "b", layer.bias());
            exp.put("gb", layer.bias().grad());
        }
        add(name, "linear", "\"bias\": " + bias, exp);
    }

    private void batchNorm(String name, int n, int c, int h, int w, boolean training, double eps, double momentum)
            throws IOException {
        BatchNorm2d layer = new BatchNorm2d(name, c, eps, momentum);
        float[] g = layer.weight().value();
        float[] b = layer.bias().value();
        float[] rm = layer.runningMean().value();
        float[] rv = layer.runningVar().value();
        for (int i = 0; i < c; i++) {
            g[i] = (float) (0.5 + rnd.nextDouble());
            b[i] = (float) (rnd.nextDouble() - 0.5);
            rm[i] = (float) (rnd.nextDouble() - 0.5);
            rv[i] = (float) (0.5 + rnd.nextDouble());
        }
        writeParam(name, "w", layer.weight());
        writeParam(name, "b", layer.bias());
        writeParam(name, "rm", layer.runningMean());
        writeParam(name, "rv", layer.runningVar());
        // Per-channel offsets and scales so that batch statistics are far from (0, 1).
        Tensor4 x = tensor(n, c, h, w, 1.0);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        x.set(i, ch, y, xx, x.get(i, ch, y, xx) * (1 + ch) + 0.7f * ch - 0.4f);
                    }
                }
            }
        }
        Map<String, float[]> exp = runLayer(name, layer, x, training);
        exp.put("gw", layer.weight().grad());
        exp.put("gb", layer.bias().grad());
        exp.put("rm_out", layer.runningMean().value());
        exp.put("rv_out", layer.runningVar().value());
        add(name, "bn", String.format("\"training\": %b, \"eps\": %s, \"momentum\": %s", training, eps, momentum), exp);
    }

    private void activation(String name, Activation layer, String type) throws IOException {
        Tensor4 x = tensor(2, 3, 7, 9, 1.0);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] * 5 + 3; // spans (-2, 8)
            if (i % 11 == 0) {
                d[i] = 0f;
            } else if (i % 13 == 0) {
                d[i] = 6f;
            }
        }
        add(name, type, null, runLayer(name, layer, x, true));
    }

    private void dropout(String name, int n, int c, int h, int w, double p) throws IOException {
        Dropout2d layer = new Dropout2d(p, new SplittableRandom(rnd.nextLong()));
        Tensor4 x = tensor(n, c, h, w, 1.0);
        Map<String, float[]> exp = runLayer(name, layer, x, true);
        float[] mask = layer.lastMask();
        int[] keep = new int[mask.length];
        int kept = 0;
        for (int i = 0; i < mask.length; i++) {
            keep[i] = mask[i] != 0f ? 1 : 0;
            kept += keep[i];
        }
        assertTrue(kept > 0 && kept < mask.length, name + ": the mask should both keep and drop some channels");
        Npy.write(dir.resolve(name + ".keep.npy"), keep, n, c);
        add(name, "dropout", "\"p\": " + p, exp);
    }

    private void pool(String name, Pool2d layer, String type, int k, int s, int pad, int n, int c, int h, int w,
                      boolean negative, boolean ties) throws IOException {
        Tensor4 x = tensor(n, c, h, w, 1.0);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            if (negative) {
                d[i] = -Math.abs(d[i]) - 0.1f;
            }
            if (ties) {
                d[i] = Math.round(d[i] * 2) / 2f; // few distinct values: many tied maxima
            }
        }
        add(name, type, String.format("\"kernel\": %d, \"stride\": %d, \"padding\": %d", k, s, pad),
                runLayer(name, layer, x, true));
    }

    private void gap(String name, int n, int c, int h, int w) throws IOException {
        add(name, "gap", null, runLayer(name, new GlobalAvgPool(name), tensor(n, c, h, w, 1.0), true));
    }

    private void concat(String name, int n, int[] cs, int h, int w) throws IOException {
        Concat layer = new Concat(name);
        List<Tensor4> xs = new ArrayList<>();
        for (int i = 0; i < cs.length; i++) {
            Tensor4 x = tensor(n, cs[i], h, w, 1.0);
            xs.add(x);
            write(name + ".x" + i, x);
        }
        Tensor4 y = layer.forward(xs);
        Tensor4 r = tensor(y.n(), y.c(), y.h(), y.w(), 1.0);
        write(name + ".r", r);
        List<Tensor4> gs = layer.backward(r);
        Map<String, float[]> exp = new LinkedHashMap<>();
        exp.put("out", y.data());
        for (int i = 0; i < gs.size(); i++) {
            exp.put("gx" + i, gs.get(i).data());
        }
        add(name, "concat", "\"inputs\": " + cs.length, exp);
    }

    private void upsample(String name, int n, int c, int h, int w, int oh, int ow, boolean align) throws IOException {
        BilinearUpsample layer = new BilinearUpsample(oh, ow, align);
        add(name, "upsample", String.format("\"outH\": %d, \"outW\": %d, \"alignCorners\": %b, \"dtype\": \"%s\"", oh, ow, align,
                        DTYPE_UPSAMPLE),
                runLayer(name, layer, tensor(n, c, h, w, 1.0), true));
    }

    private void crossEntropy(String name, int n, int c, int h, int w, float[] classWeights, double ignoreFraction)
            throws IOException {
        SoftmaxCrossEntropy loss = classWeights == null ? new SoftmaxCrossEntropy() : new SoftmaxCrossEntropy(classWeights);
        Tensor4 logits = tensor(n, c, h, w, 3.0);
        int[] labels = new int[n * h * w];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rnd.nextDouble() < ignoreFraction ? SoftmaxCrossEntropy.IGNORE : rnd.nextInt(c);
        }
        write(name + ".x", logits);
        Npy.write(dir.resolve(name + ".y.npy"), labels, n, h, w);
        if (classWeights != null) {
            Npy.write(dir.resolve(name + ".cw.npy"), classWeights, classWeights.length);
        }
        SoftmaxCrossEntropy.Result res = loss.compute(logits, labels);
        assertTrue(res.counted() > 0, name + ": some pixels must be counted");
        Map<String, float[]> exp = new LinkedHashMap<>();
        exp.put("out", new float[] {(float) res.loss()});
        exp.put("gx", res.gradLogits().data());
        add(name, "ce", "\"weighted\": " + (classWeights != null), exp);
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Writes x and a random R, runs forward then backward; returns out and gx to compare. */
    private Map<String, float[]> runLayer(String name, Layer layer, Tensor4 x, boolean training) throws IOException {
        write(name + ".x", x);
        Tensor4 y = layer.forward(x.copy(), training);
        Tensor4 r = tensor(y.n(), y.c(), y.h(), y.w(), 1.0);
        write(name + ".r", r);
        Tensor4 gx = layer.backward(r);
        assertEquals(x.n(), gx.n(), name + " gx shape");
        Map<String, float[]> exp = new LinkedHashMap<>();
        exp.put("out", y.data());
        exp.put("gx", gx.data());
        return exp;
    }

    private void add(String name, String type, String fields, Map<String, float[]> exp) {
        json.add("  {\"name\": \"" + name + "\", \"type\": \"" + type + "\"" + (fields == null ? "" : ", " + fields) + "}");
        expected.put(name, exp);
        kindOf.put(name, type);
    }

    private Tensor4 tensor(int n, int c, int h, int w, double scale) {
        Tensor4 t = new Tensor4(n, c, h, w);
        fill(t.data(), scale);
        return t;
    }

    private void fill(float[] v, double scale) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
    }

    private void write(String stem, Tensor4 t) throws IOException {
        Npy.write(dir.resolve(stem + ".npy"), t.data().clone(), t.n(), t.c(), t.h(), t.w());
    }

    private void writeParam(String name, String what, Parameter p) throws IOException {
        int[] s = p.shape();
        long[] shape = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = s[i];
        }
        Npy.write(dir.resolve(name + "." + what + ".npy"), p.value().clone(), shape);
    }

    private float[] read(String stem) throws IOException {
        try (NpyArray a = Npy.read(dir.resolve(stem + ".npy"))) {
            return a.toFloatArray();
        }
    }
}
