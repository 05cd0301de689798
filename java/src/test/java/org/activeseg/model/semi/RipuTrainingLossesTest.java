package org.activeseg.model.semi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.activeseg.model.Tensor4;
import org.activeseg.tensor.Npy;
import org.activeseg.testing.NumpyScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RIPU's negative learning and local consistency losses: hand cases, finite-difference gradient checks,
 * and benchmarks/python/ripu_losses.py (numpy, written from the spec) on random batches.
 */
class RipuTrainingLossesTest {
    @TempDir
    Path dir;

    private static Tensor4 logitsOf(double[][] probsPerPixel, int h, int w) {
        int c = probsPerPixel[0].length;
        float[] z = new float[c * h * w];
        for (int i = 0; i < h * w; i++) {
            for (int k = 0; k < c; k++) {
                z[k * h * w + i] = (float) Math.log(probsPerPixel[i][k]);
            }
        }
        return new Tensor4(1, c, h, w, z);
    }

    @Test
    void negativeLearningTakesOnlyTheUnlikelyClassesOfTakenPixels() {
        Tensor4 z = logitsOf(new double[][] {{0.9, 0.06, 0.04}, {0.02, 0.03, 0.95}}, 1, 2);
        NegativeLearningLoss nl = new NegativeLearningLoss();
        NegativeLearningLoss.Result both = nl.compute(z, null);
        assertEquals(3, both.masked());
        double expected = (-Math.log(1 - 0.04 + 1e-6) - Math.log(1 - 0.02 + 1e-6) - Math.log(1 - 0.03 + 1e-6)) / 3;
        assertEquals(expected, both.loss(), 1e-6);
        NegativeLearningLoss.Result first = nl.compute(z, new boolean[] {true, false});
        assertEquals(1, first.masked());
        assertEquals(-Math.log(1 - 0.04 + 1e-6), first.loss(), 1e-6);
        assertEquals(0f, first.gradLogits().data()[1], "a pixel not taken gets no gradient");
        NegativeLearningLoss.Result none = nl.compute(z, new boolean[] {false, false});
        assertEquals(0, none.loss());
        assertArrayEquals(new float[6], none.gradLogits().data());
        assertThrows(IllegalArgumentException.class, () -> nl.compute(z, new boolean[3]));
        assertThrows(IllegalArgumentException.class, () -> new NegativeLearningLoss(1.0));
        Tensor4 bad = new Tensor4(1, 2, 1, 1, new float[] {Float.NaN, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> nl.compute(bad, null));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void localConsistencyOfTwoPixelsIsTwoThirdsOfTheirDifference() {
        double a = 0.8;
        double b = 0.3;
        Tensor4 z = logitsOf(new double[][] {{a, 1 - a}, {b, 1 - b}}, 1, 2);
        LocalConsistencyLoss.Result r = new LocalConsistencyLoss().compute(z, new int[] {0, 1});
        assertEquals(2, r.boundaryPixels());
        assertEquals(2 * Math.abs(a - b) / 3, r.loss(), 1e-6);
        LocalConsistencyLoss.Result same = new LocalConsistencyLoss().compute(z, new int[] {255, 255});
        assertEquals(0, same.boundaryPixels());
        assertEquals(0, same.loss());
    }

    @Test
    void theBoundaryIsTheReferencesLaplacianOfTheIds() {
        int[] flat = new int[9];
        java.util.Arrays.fill(flat, 1);
        boolean[] m = LocalConsistencyLoss.boundary(flat, 1, 3, 3);
        for (int i = 0; i < 9; i++) {
            assertEquals(i != 4, m[i], "pixel " + i + ": only the border counts in a uniform 3x3 (zero padding)");
        }
        // centre 2, neighbours summing to 16 = 8 x 2: a boundary the reference's mask misses
        int[] missed = {0, 4, 0, 4, 2, 4, 0, 4, 0};
        assertFalse(LocalConsistencyLoss.boundary(missed, 1, 3, 3)[4]);
        int[] ignored = flat.clone();
        ignored[0] = 255;
        boolean[] g = LocalConsistencyLoss.boundary(ignored, 1, 3, 3);
        assertFalse(g[0], "an ignored pixel is never taken");
        assertTrue(g[4], "but its id still enters its neighbours' Laplacian");
        assertThrows(IllegalArgumentException.class, () -> new LocalConsistencyLoss().compute(
                new Tensor4(1, 2, 1, 2, new float[4]), new int[] {0, 7}));
    }

    @Test
    void gradientsMatchCentralDifferences() {
        SplittableRandom r = new SplittableRandom(3);
        NegativeLearningLoss nl = new NegativeLearningLoss();
        Tensor4 z = null;
        // logits whose probabilities stay clear of tau under the finite-difference step (the mask is not differentiated)
        // (a step of 1e-2 in one logit moves any probability by at most 5e-3)
        for (int attempt = 0; attempt < 2000 && z == null; attempt++) {
            Tensor4 candidate = SemiLossChecks.gaussian(r, 1, 4, 2, 3, 2.0);
            double[] p = PixelSoftmax.of(candidate, "test");
            boolean clear = true;
            for (double x : p) {
                clear &= Math.abs(x - NegativeLearningLoss.DEFAULT_THRESHOLD) > 0.006;
            }
            z = clear ? candidate : null;
        }
        assertTrue(z != null, "no random batch clear of tau");
        boolean[] take = {true, true, false, true, true, true};
        NegativeLearningLoss.Result nr = nl.compute(z, take);
        assertTrue(nr.masked() > 0);
        SemiLossChecks.assertCentralDifferences(z, nr.gradLogits(), t -> nl.compute(t, take).loss(), 2e-3, "negative learning");

        Tensor4 y = SemiLossChecks.gaussian(r, 2, 4, 4, 5, 1.5);
        int[] labels = new int[2 * 20];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(6) == 0 ? 255 : r.nextInt(3);
        }
        LocalConsistencyLoss lc = new LocalConsistencyLoss();
        LocalConsistencyLoss.Result lr = lc.compute(y, labels);
        assertTrue(lr.boundaryPixels() > 0);
        SemiLossChecks.assertCentralDifferences(y, lr.gradLogits(), t -> lc.compute(t, labels).loss(), 2e-3, "local consistency");
    }

    @Test
    void bothLossesMatchNumpy() throws Exception {
        NumpyScript.requireNumpy("RipuTrainingLossesTest");
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 3; trial++) {
            int n = 2;
            int c = 5;
            int h = 7;
            int w = 9;
            Tensor4 z = SemiLossChecks.gaussian(r, n, c, h, w, 3.0);
            int[] labels = new int[n * h * w];
            int[] takeInts = new int[n * h * w];
            boolean[] take = new boolean[n * h * w];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = r.nextInt(8) == 0 ? 255 : (i / 4 + r.nextInt(2)) % c;
                take[i] = labels[i] == 255 || r.nextBoolean();
                takeInts[i] = take[i] ? 1 : 0;
            }
            Path d = dir.resolve("t" + trial);
            java.nio.file.Files.createDirectories(d);
            Npy.write(d.resolve("logits.npy"), z.data(), n, c, h, w);
            Npy.write(d.resolve("labels.npy"), labels, (long) labels.length);
            Npy.write(d.resolve("take.npy"), takeInts, (long) takeInts.length);
            String[] out = NumpyScript.output("ripu_losses.py", d, NegativeLearningLoss.DEFAULT_THRESHOLD).trim().split(" ");
            NegativeLearningLoss.Result nr = new NegativeLearningLoss().compute(z, take);
            LocalConsistencyLoss.Result lr = new LocalConsistencyLoss().compute(z, labels);
            assertEquals(Long.parseLong(out[1]), nr.masked(), "negative learning: masked entries, trial " + trial);
            assertEquals(Double.parseDouble(out[0]), nr.loss(), 1e-9, "negative learning, trial " + trial);
            assertEquals(Long.parseLong(out[3]), lr.boundaryPixels(), "local consistency: boundary pixels, trial " + trial);
            assertEquals(Double.parseDouble(out[2]), lr.loss(), 1e-9, "local consistency, trial " + trial);
        }
    }
}
