package org.activeseg.acquisition.u2pl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.activeseg.acquisition.u2pl.ReliabilitySplit.NegativeMode;
import org.activeseg.tensor.Npy;
import org.activeseg.tensor.NpyArray;
import org.activeseg.testing.NumpyScript;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ReliabilitySplit} against benchmarks/python/u2pl.py (numpy, written from ALGORITHMS.md
 * 5(a) and 5(f)): entropy within 1e-6, the three np.percentile thresholds within 1e-6 relative, and
 * the reliable / low / high masks and both negative modes exactly. Random probabilities at awkward
 * sizes, with invalid pixels, labelled and unlabelled pixels, pseudo-labels that disagree with the
 * argmax, duplicated pixels (exact entropy ties), quantised pixels (exact probability ties, so the
 * rank order matters) and one-hot pixels (p = 1).
 */
class ReliabilitySplitNumpyCrossCheckTest {
    private static final double DROP_PERCENT = 80;
    private static final double ALPHA0 = 20;
    private static final int LOW_RANK = 3;
    private static final int HIGH_RANK = 20;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"1, 2, 0, 80", "1, 19, 7, 80", "13, 2, 3, 10", "13, 5, 7, 80", "13, 19, 1, 3",
            "4098, 2, 11, 80", "4098, 5, 0, 200", "4098, 19, 7, 80"})
    void matchesNumpy(int pixels, int classes, int epoch, int epochs) throws Exception {
        NumpyScript.script("u2pl.py"); // a missing script fails even where numpy is absent
        NumpyScript.requireNumpy("ReliabilitySplitNumpyCrossCheckTest");
        SplittableRandom rnd = new SplittableRandom(31L * pixels + classes + epoch);
        float[] probs = randomProbabilities(rnd, classes, pixels);
        boolean[] valid = new boolean[pixels];
        boolean[] labelled = new boolean[pixels];
        int[] label = new int[pixels];
        for (int i = 0; i < pixels; i++) {
            valid[i] = i == 0 || rnd.nextInt(10) != 0;
            labelled[i] = i != 0 && rnd.nextInt(4) == 0;
            if (!valid[i]) {
                label[i] = 255;
            } else if (labelled[i] || rnd.nextInt(5) == 0) {
                label[i] = rnd.nextInt(classes); // GT, or a pseudo-label from a teacher pass that disagrees
            } else {
                label[i] = argmax(probs, classes, pixels, i);
            }
        }
        Npy.write(dir.resolve("probs.npy"), probs, classes, pixels);
        Npy.write(dir.resolve("valid.npy"), bytes(valid), pixels);
        Npy.write(dir.resolve("labelled.npy"), bytes(labelled), pixels);
        Npy.write(dir.resolve("label.npy"), label, pixels);
        NumpyScript.run("u2pl.py", dir, epoch, epochs);

        String at = "P=" + pixels + " C=" + classes + " epoch " + epoch + "/" + epochs;
        boolean[] validU = new boolean[pixels];
        for (int i = 0; i < pixels; i++) {
            validU[i] = valid[i] && !labelled[i];
        }
        float[] h = ReliabilitySplit.entropy(probs, classes, pixels);
        float[] hNumpy = floats("entropy.npy");
        assertEquals(pixels, hNumpy.length, at);
        for (int i = 0; i < pixels; i++) {
            assertEquals(hNumpy[i], h[i], 1e-6, at + ": entropy of pixel " + i);
        }

        double percentUnreliable = ReliabilitySplit.percentUnreliable(DROP_PERCENT, epoch, epochs);
        double alphaT = ALPHA0 * (1 - (double) epoch / epochs);
        double thresh = ReliabilitySplit.percentile(h, validU, 100 - percentUnreliable);
        double[] java = {thresh, ReliabilitySplit.percentile(h, validU, alphaT),
            ReliabilitySplit.percentile(h, validU, 100 - alphaT)};
        float[] expected = floats("thresholds.npy");
        String[] names = {"thresh", "low threshold", "high threshold"};
        for (int k = 0; k < 3; k++) {
            assertEquals(expected[k], java[k], 1e-6 * Math.max(Math.abs(expected[k]), Float.MIN_NORMAL), at + ": " + names[k]);
        }

        boolean[] high = ReliabilitySplit.highEntropy(h, validU, alphaT);
        assertArrayEquals(booleans("reliable.npy"), ReliabilitySplit.reliable(h, validU, thresh), at + ": reliable mask");
        assertArrayEquals(booleans("low.npy"), ReliabilitySplit.lowEntropy(h, validU, alphaT), at + ": low mask");
        assertArrayEquals(booleans("high.npy"), high, at + ": high mask");

        boolean[] highAll = new boolean[pixels]; // labelled pixels: every valid one (5(a))
        for (int i = 0; i < pixels; i++) {
            highAll[i] = labelled[i] ? valid[i] : high[i];
        }
        boolean[] paper = ReliabilitySplit.negatives(probs, classes, pixels, label, labelled, highAll, NegativeMode.PAPER,
                LOW_RANK, HIGH_RANK);
        boolean[] compat = ReliabilitySplit.negatives(probs, classes, pixels, label, labelled, highAll,
                NegativeMode.COMPAT, LOW_RANK, HIGH_RANK);
        assertArrayEquals(booleans("neg_paper.npy"), paper, at + ": paper negatives");
        assertArrayEquals(booleans("neg_compat.npy"), compat, at + ": compat negatives");
        if (pixels > 1000) {
            assertTrue(count(paper) > 0, at + ": the check needs some paper negatives");
        }
    }

    /**
     * (C, P) probabilities: softmax of random logits, except every 7th pixel quantised (k / sum with
     * small integer k, exact ties between classes), every 11th one-hot, every 5th a copy of the
     * previous pixel (exact entropy ties).
     */
    private static float[] randomProbabilities(SplittableRandom rnd, int classes, int pixels) {
        float[] p = new float[classes * pixels];
        double[] v = new double[classes];
        for (int i = 0; i < pixels; i++) {
            if (i % 5 == 4) {
                for (int c = 0; c < classes; c++) {
                    p[c * pixels + i] = p[c * pixels + i - 1];
                }
                continue;
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                if (i % 11 == 10) {
                    v[c] = c == rnd.nextInt(classes) ? 1 : 0;
                } else if (i % 7 == 6) {
                    v[c] = rnd.nextInt(4);
                } else {
                    v[c] = Math.exp(rnd.nextGaussian() * 3);
                }
                sum += v[c];
            }
            if (sum == 0) {
                v[0] = 1;
                sum = 1;
            }
            for (int c = 0; c < classes; c++) {
                p[c * pixels + i] = (float) (v[c] / sum);
            }
        }
        return p;
    }

    private static int argmax(float[] probs, int classes, int pixels, int i) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (probs[c * pixels + i] > probs[best * pixels + i]) {
                best = c;
            }
        }
        return best;
    }

    private static byte[] bytes(boolean[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) (b[i] ? 1 : 0);
        }
        return out;
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    private float[] floats(String name) throws IOException {
        try (NpyArray a = Npy.read(dir.resolve(name))) {
            return a.toFloatArray();
        }
    }

    private boolean[] booleans(String name) throws IOException {
        try (NpyArray a = Npy.read(dir.resolve(name))) {
            byte[] raw = a.toByteArray();
            boolean[] out = new boolean[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = raw[i] != 0;
            }
            return out;
        }
    }
}
