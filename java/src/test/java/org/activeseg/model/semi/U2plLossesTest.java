package org.activeseg.model.semi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.activeseg.acquisition.u2pl.ReliabilitySplit;
import org.activeseg.model.Tensor4;
import org.activeseg.tensor.Npy;
import org.activeseg.testing.NumpyScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * U2PL's training pieces: the memory bank, CutMix, the unsupervised and contrastive losses (hand cases,
 * finite-difference gradients, and benchmarks/python/u2pl_losses.py, numpy written from the spec).
 */
class U2plLossesTest {
    @TempDir
    Path dir;

    @Test
    void theMemoryBankKeepsTheLastKeysInOrderWithinItsCapacity() {
        MemoryBank bank = new MemoryBank(2, 3, 2);
        assertEquals(0, bank.size(1));
        bank.push(1, new float[] {1, 1, 2, 2}, 2);
        bank.push(1, new float[] {3, 3, 4, 4, 5, 5}, 3);
        assertEquals(3, bank.size(1), "bounded by the capacity");
        float[] k = new float[2];
        for (int i = 0; i < 3; i++) {
            bank.key(1, i, k, 0);
            assertArrayEquals(new float[] {3 + i, 3 + i}, k, "key " + i + ": the oldest are dropped");
        }
        bank.push(0, new float[] {1, 0, 2, 0, 3, 0, 4, 0, 5, 0}, 5);
        bank.key(0, 0, k, 0);
        assertEquals(3, k[0], "a push larger than the capacity keeps its tail");
        assertEquals(0, bank.size(0) - 3);
        MemoryBank copy = new MemoryBank(2, 3, 2);
        var state = bank.state("b");
        copy.restore(state.get(0), state.get(1));
        assertEquals(bank.state("b"), copy.state("b"));
        state.get(1).data()[0] = 4;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> copy.restore(state.get(0), state.get(1)));
        assertTrue(e.getMessage().contains("class 0 count 4.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bank.push(0, new float[3], 2));
    }

    @Test
    void cutMixBoxesCoverHalfTheImageAndTakeTheNextSamplesPixels() {
        SplittableRandom r = new SplittableRandom(1);
        for (int t = 0; t < 200; t++) {
            U2plCutMix.Box b = U2plCutMix.box(15, 20, r);
            int bw = b.x1() - b.x0();
            int bh = b.y1() - b.y0();
            assertTrue(bw >= 11 && bw < 20, "width " + bw + " in [W/2 + 1, W)");
            assertEquals(Math.rint(150.0 / bw), bh, "height round(H*W/2 / width)");
            assertTrue(b.x0() >= 0 && b.x1() <= 20 && b.y0() >= 0 && b.y1() <= 15, b.toString());
        }
        int n = 3;
        int h = 6;
        int w = 8;
        float[] img = new float[n * 2 * h * w];
        for (int i = 0; i < img.length; i++) {
            img[i] = i;
        }
        int[] pseudo = new int[n * h * w];
        boolean[] take = new boolean[n * h * w];
        for (int i = 0; i < pseudo.length; i++) {
            pseudo[i] = i / (h * w);
            take[i] = (i / (h * w)) != 1;
        }
        float[] before = img.clone();
        U2plCutMix.Box[] boxes = U2plCutMix.mix(img, 2, pseudo, take, n, h, w, new SplittableRandom(4));
        for (int s = 0; s < n; s++) {
            int from = (s + 1) % n;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    U2plCutMix.Box b = boxes[s];
                    boolean in = y >= b.y0() && y < b.y1() && x >= b.x0() && x < b.x1();
                    int src = in ? from : s;
                    assertEquals(src, pseudo[s * h * w + y * w + x], "pseudo-label of sample " + s + " at " + y + "," + x);
                    assertEquals(src != 1, take[s * h * w + y * w + x]);
                    for (int c = 0; c < 2; c++) {
                        assertEquals(before[((src * 2 + c) * h + y) * w + x], img[((s * 2 + c) * h + y) * w + x]);
                    }
                }
            }
        }
    }

    @Test
    void nearestDownsamplingIsPyTorchs() {
        assertArrayEquals(new int[] {0, 4, 8, 12, 16}, U2plTraining.nearest(20, 5));
        assertArrayEquals(new int[] {0, 1, 2, 4, 5}, U2plTraining.nearest(7, 5), "floor(i * 7/5)");
    }

    private static double ce(double[] z, int k) {
        double m = Math.max(z[0], z[1]);
        return -(z[k] - m - Math.log(Math.exp(z[0] - m) + Math.exp(z[1] - m)));
    }

    @Test
    void theUnsupervisedLossKeepsTheReliablePixelsWithTheCodesNormalisation() {
        // 1 x 2 classes x 1 x 4; the last pixel is not taken
        float[] z = {2, -1, 0.5f, 0, /* class 1 */ 0, 1, 0.5f, 3};
        Tensor4 logits = new Tensor4(1, 2, 1, 4, z);
        int[] target = {0, 1, 0, 255};
        float[] entropy = {0.1f, 0.2f, 0.3f, 0.05f};
        // 80th percentile of {0.1, 0.2, 0.3} = 0.26: pixels 0 and 1 are kept
        U2plUnsupervisedLoss.Result r = U2plUnsupervisedLoss.compute(logits, target, entropy, 20);
        assertEquals(0.26, r.threshold(), 1e-6);
        assertEquals(2, r.kept());
        double mean = (ce(new double[] {2, 0}, 0) + ce(new double[] {-1, 1}, 1)) / 2;
        assertEquals(4.0 / 2 * mean, r.loss(), 1e-6);
        assertEquals(0f, r.gradLogits().data()[2], "a dropped pixel gets no gradient");
        U2plUnsupervisedLoss.Result none = U2plUnsupervisedLoss.compute(logits, new int[] {255, 255, 255, 255}, entropy, 20);
        assertEquals(0, none.loss());
        assertEquals(0, none.kept());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> U2plUnsupervisedLoss.compute(logits, new int[] {0, 7, 0, 0}, entropy, 20));
        assertTrue(e.getMessage().contains("pseudo-label 7 at pixel 1"), e.getMessage());
    }

    /** A random contrastive batch: 2 labelled and 2 unlabelled samples of 4 classes at 3 x 4, width 5. */
    private record Batch(Tensor4 rep, Tensor4 repTeacher, Tensor4 probs, int[] label, boolean[] low, boolean[] high) {}

    private static Batch batch(SplittableRandom r) {
        int n = 4;
        int c = 6;
        int h = 3;
        int w = 4;
        Tensor4 rep = SemiLossChecks.gaussian(r, n, 5, h, w, 1.0);
        Tensor4 repT = SemiLossChecks.gaussian(r, n, 5, h, w, 1.0);
        Tensor4 logits = SemiLossChecks.gaussian(r, n, c, h, w, 2.0);
        float[] p = U2plTraining.softmax(logits);
        int hw = h * w;
        int[] label = new int[n * hw];
        boolean[] low = new boolean[n * hw];
        boolean[] high = new boolean[n * hw];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < hw; i++) {
                int px = b * hw + i;
                int best = 0;
                for (int k = 1; k < c; k++) {
                    best = p[(b * c + k) * hw + i] > p[(b * c + best) * hw + i] ? k : best;
                }
                boolean ignored = r.nextInt(7) == 0;
                label[px] = ignored ? 255 : b < 2 ? r.nextInt(c) : best;
                low[px] = !ignored && (b < 2 || r.nextBoolean());
                high[px] = !ignored && (b < 2 || r.nextInt(3) == 0);
            }
        }
        return new Batch(rep, repT, new Tensor4(n, c, h, w, p), label, low, high);
    }

    private static MemoryBank prefilled(int classes, int dim, long seed) {
        MemoryBank bank = new MemoryBank(classes, 40, dim);
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < classes; k++) {
            float[] keys = new float[30 * dim];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = (float) r.nextGaussian();
            }
            bank.push(k, keys, k == 2 ? 0 : 30);
        }
        return bank;
    }

    private static U2plContrastiveLoss.Settings settings(ReliabilitySplit.NegativeMode mode) {
        return new U2plContrastiveLoss.Settings(mode, 0.3, 1, 4, 16, 5, 0.5);
    }

    @Test
    void theContrastiveGradientMatchesCentralDifferences() {
        for (ReliabilitySplit.NegativeMode mode : ReliabilitySplit.NegativeMode.values()) {
            Batch b = batch(new SplittableRandom(21));
            ToDoubleFunction<Tensor4> loss = rep -> U2plContrastiveLoss.compute(rep, b.repTeacher(), b.probs(), b.label(), 2,
                    b.low(), b.high(), prefilled(6, 5, 3), new SplittableRandom(8), settings(mode)).loss();
            U2plContrastiveLoss.Result r = U2plContrastiveLoss.compute(b.rep(), b.repTeacher(), b.probs(), b.label(), 2, b.low(),
                    b.high(), prefilled(6, 5, 3), new SplittableRandom(8), settings(mode));
            assertTrue(r.validClasses() > 1 && r.classesWithAnchors() > 0, mode + ": " + r.validClasses() + " valid classes");
            assertTrue(r.loss() > 0);
            assertTrue(SemiLossChecks.assertCentralDifferences(b.rep(), r.gradRep(), loss, 3e-3, "contrastive " + mode) > 0,
                    "some gradient is not zero");
        }
    }

    @Test
    void theUnsupervisedGradientMatchesCentralDifferences() {
        SplittableRandom r = new SplittableRandom(5);
        Tensor4 z = SemiLossChecks.gaussian(r, 2, 4, 3, 5, 1.5);
        int[] target = new int[30];
        float[] entropy = new float[30];
        for (int i = 0; i < 30; i++) {
            target[i] = r.nextInt(5) == 0 ? 255 : r.nextInt(4);
            entropy[i] = (float) r.nextDouble();
        }
        U2plUnsupervisedLoss.Result u = U2plUnsupervisedLoss.compute(z, target, entropy, 20);
        assertTrue(u.kept() > 0);
        assertTrue(SemiLossChecks.assertCentralDifferences(z, u.gradLogits(),
                t -> U2plUnsupervisedLoss.compute(t, target, entropy, 20).loss(), 3e-3, "unsupervised") > 0,
                "some gradient is not zero");
    }

    @Test
    void theUnsupervisedLossMatchesNumpy() throws Exception {
        NumpyScript.requireNumpy("U2plLossesTest");
        SplittableRandom r = new SplittableRandom(13);
        for (int trial = 0; trial < 3; trial++) {
            int n = 2;
            int c = 5;
            int h = 6;
            int w = 7;
            Tensor4 z = SemiLossChecks.gaussian(r, n, c, h, w, 3.0);
            int[] target = new int[n * h * w];
            float[] entropy = new float[n * h * w];
            for (int i = 0; i < target.length; i++) {
                target[i] = r.nextInt(6) == 0 ? 255 : r.nextInt(c);
                entropy[i] = (float) (r.nextDouble() * Math.log(c));
            }
            double pu = ReliabilitySplit.percentUnreliable(80, trial * 3, 10);
            Path d = dir.resolve("u" + trial);
            Files.createDirectories(d);
            Npy.write(d.resolve("logits.npy"), z.data(), n, c, h, w);
            Npy.write(d.resolve("target.npy"), target, (long) target.length);
            Npy.write(d.resolve("entropy.npy"), entropy, (long) entropy.length);
            String[] out = NumpyScript.output("u2pl_losses.py", "unsup", d, pu).trim().split(" ");
            U2plUnsupervisedLoss.Result u = U2plUnsupervisedLoss.compute(z, target, entropy, pu);
            assertEquals(Long.parseLong(out[1]), u.kept(), "kept pixels, trial " + trial);
            assertEquals(Double.parseDouble(out[2]), u.threshold(), 1e-7, "threshold, trial " + trial);
            assertEquals(Double.parseDouble(out[0]), u.loss(), 1e-9 * Math.max(1, u.loss()), "loss, trial " + trial);
        }
    }

    @Test
    void theContrastiveLossAndTheBankMatchNumpy() throws Exception {
        NumpyScript.requireNumpy("U2plLossesTest");
        for (ReliabilitySplit.NegativeMode mode : ReliabilitySplit.NegativeMode.values()) {
            for (int trial = 0; trial < 2; trial++) {
                Batch b = batch(new SplittableRandom(100 + trial));
                MemoryBank bank = prefilled(6, 5, trial);
                Path d = dir.resolve("c" + mode + trial);
                Files.createDirectories(d);
                var before = bank.state("b");
                Npy.write(d.resolve("bank_keys.npy"), before.get(0).data(), 6, 40, 5);
                int[] counts = new int[6];
                for (int k = 0; k < 6; k++) {
                    counts[k] = bank.size(k);
                }
                Npy.write(d.resolve("bank_count.npy"), counts, 6L);
                Npy.write(d.resolve("rep.npy"), b.rep().data(), 4, 5, 3, 4);
                Npy.write(d.resolve("rep_teacher.npy"), b.repTeacher().data(), 4, 5, 3, 4);
                Npy.write(d.resolve("probs.npy"), b.probs().data(), 4, 6, 3, 4);
                Npy.write(d.resolve("label.npy"), b.label(), (long) b.label().length);
                Npy.write(d.resolve("low.npy"), bytes(b.low()), (long) b.low().length);
                Npy.write(d.resolve("high.npy"), bytes(b.high()), (long) b.high().length);
                U2plContrastiveLoss.Settings s = settings(mode);
                U2plContrastiveLoss.Result r = U2plContrastiveLoss.compute(b.rep(), b.repTeacher(), b.probs(), b.label(), 2,
                        b.low(), b.high(), bank, new SplittableRandom(trial), s);
                for (int i = 0; i < r.anchorsDrawn().size(); i++) {
                    if (r.anchorsDrawn().get(i) != null) {
                        Npy.write(d.resolve("anchors_" + i + ".npy"), r.anchorsDrawn().get(i), (long) s.queries());
                        Npy.write(d.resolve("keys_" + i + ".npy"), r.keysDrawn().get(i), (long) s.queries() * s.negatives());
                    }
                }
                String[] out = NumpyScript.output("u2pl_losses.py", "contra", d, mode.name().toLowerCase(java.util.Locale.ROOT),
                        2, 40, s.temperature(), s.anchorThreshold(), s.lowRank(), s.highRank()).trim().split(" ");
                String what = mode + " trial " + trial;
                assertEquals(Integer.parseInt(out[1]), r.validClasses(), what + ": valid classes");
                assertEquals(Double.parseDouble(out[0]), r.loss(), 1e-6, what + ": loss");
                var after = bank.state("b");
                float[] keys;
                try (var t = Npy.readFloat(d.resolve("bank_keys_after.npy"))) {
                    keys = t.toArray();
                }
                assertArrayEquals(keys, after.get(0).data(), what + ": bank keys after the push");
                assertNotNull(r.gradRep());
            }
        }
    }

    private static byte[] bytes(boolean[] m) {
        byte[] out = new byte[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = (byte) (m[i] ? 1 : 0);
        }
        return out;
    }
}
