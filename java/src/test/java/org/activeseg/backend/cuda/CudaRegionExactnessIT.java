package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.acquisition.u2pl.ReliabilitySplit;
import org.activeseg.backend.ReferenceDiversityOps;
import org.activeseg.backend.ReferenceRegionOps;
import org.activeseg.backend.RegionOps;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The GPU region, percentile and k-center paths against the Java references on many random inputs:
 * greedy picks and the returned blocked masks identical on dense, quantised (many exact ties) and
 * all-equal maps with pre-blocked pixels, from tiny maps to Cityscapes size with chunk-straddling
 * suppression; impurity/uncertainty within 1e-5 at several radii; U2PL percentiles identical to
 * ReliabilitySplit.percentile with ties, -0/+0 and invalid pixels; k-center picks identical. Needs a
 * GPU: skips with the reasons printed, or fails with -Dactiveseg.test.requireCuda=true.
 */
class CudaRegionExactnessIT {
    @RegisterExtension
    static final CudaRequirement<CudaScoringBackend> CUDA = CudaRequirement.scoringBackend();

    private static final ReferenceRegionOps REFERENCE = new ReferenceRegionOps();

    private static RegionOps gpu() {
        return CUDA.get().regions();
    }

    private static float[] map(SplittableRandom rnd, int pixels, int kind) {
        float[] s = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            s[i] = switch (kind) {
                case 0 -> (float) rnd.nextDouble();
                case 1 -> rnd.nextInt(5) * 0.25f;
                case 2 -> 0.5f;
                default -> rnd.nextInt(50) == 0 ? Float.NEGATIVE_INFINITY : (rnd.nextBoolean() ? -0f : 0f);
            };
        }
        return s;
    }

    @Test
    void greedyPicksAreIdenticalOnManyMaps() {
        SplittableRandom rnd = new SplittableRandom(2024);
        for (int trial = 0; trial < 120; trial++) {
            int w = 1 + rnd.nextInt(trial < 60 ? 40 : 300);
            int h = 1 + rnd.nextInt(trial < 60 ? 40 : 300);
            int r = rnd.nextInt(6);
            int kind = trial % 4;
            float[] s = map(rnd, w * h, kind);
            boolean[] blocked = new boolean[w * h];
            for (int i = 0; i < blocked.length; i++) {
                blocked[i] = rnd.nextInt(8) == 0;
            }
            int count = 1 + rnd.nextInt(Math.max(1, w * h / 2));
            boolean[] refMask = blocked.clone();
            boolean[] gpuMask = blocked.clone();
            int[] expected = REFERENCE.greedySelect(s, w, h, r, count, refMask);
            int[] got = gpu().greedySelect(s, w, h, r, count, gpuMask);
            String where = "trial " + trial + " kind " + kind + " " + w + "x" + h + " r=" + r + " count=" + count;
            assertArrayEquals(expected, got, where);
            assertArrayEquals(refMask, gpuMask, where + ": blocked mask");
        }
    }

    @Test
    void greedyAtCityscapesSize() {
        SplittableRandom rnd = new SplittableRandom(7);
        int w = 2048;
        int h = 1024;
        for (int kind = 0; kind < 3; kind++) {
            float[] s = map(rnd, w * h, kind);
            boolean[] a = new boolean[w * h];
            boolean[] b = new boolean[w * h];
            int[] expected = REFERENCE.greedySelect(s, w, h, 12, 1026, a);
            int[] got = gpu().greedySelect(s, w, h, 12, 1026, b);
            assertArrayEquals(expected, got, "kind " + kind);
            assertArrayEquals(a, b, "kind " + kind + ": blocked mask");
        }
    }

    @Test
    void regionScoresMatchTheReference() {
        SplittableRandom rnd = new SplittableRandom(3);
        int[][] sizes = {{1, 1}, {7, 3}, {257, 13}, {300, 517}, {2048, 64}};
        for (int[] size : sizes) {
            int w = size[0];
            int h = size[1];
            int classes = 1 + rnd.nextInt(19);
            int[] label = new int[w * h];
            float[] e = new float[w * h];
            for (int i = 0; i < label.length; i++) {
                label[i] = rnd.nextInt(classes);
                e[i] = (float) rnd.nextDouble(3);
            }
            for (int k : new int[] {0, 1, 2, 7, 40}) {
                float[] i1 = new float[w * h];
                float[] u1 = new float[w * h];
                float[] i2 = new float[w * h];
                float[] u2 = new float[w * h];
                REFERENCE.impurityUncertainty(label, e, w, h, classes, k, 1e-6, Math.log(19), i1, u1);
                gpu().impurityUncertainty(label, e, w, h, classes, k, 1e-6, Math.log(19), i2, u2);
                for (int i = 0; i < w * h; i++) {
                    assertEquals(i1[i], i2[i], 1e-5, w + "x" + h + " k=" + k + " impurity at " + i);
                    assertEquals(u1[i], u2[i], 1e-5 * Math.max(1, Math.abs(u1[i])), w + "x" + h + " k=" + k + " uncertainty at " + i);
                }
            }
        }
    }

    @Test
    void meanEntropyArgmaxMatchesTheReference() {
        SplittableRandom rnd = new SplittableRandom(4);
        int t = 3;
        int c = 19;
        int p = 4099;
        try (FloatTensor probs = FloatTensor.allocate(t, c, p)) {
            for (long i = 0; i < probs.size(); i++) {
                probs.set(i, rnd.nextInt(10) == 0 ? 0.25f : (float) rnd.nextDouble());
            }
            float[] e1 = new float[p];
            float[] e2 = new float[p];
            int[] a1 = new int[p];
            int[] a2 = new int[p];
            REFERENCE.meanEntropyArgmax(probs, 1e-6, Math.log(c), e1, a1);
            gpu().meanEntropyArgmax(probs, 1e-6, Math.log(c), e2, a2);
            assertArrayEquals(a1, a2);
            for (int i = 0; i < p; i++) {
                assertEquals(e1[i], e2[i], 1e-5, "pixel " + i);
            }
        }
    }

    @Test
    void percentileMatchesReliabilitySplit() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int trial = 0; trial < 80; trial++) {
            int n = 1 + rnd.nextInt(trial < 40 ? 50 : 2 * 769 * 769 / 8);
            float[] v = new float[n];
            boolean[] valid = new boolean[n];
            int kind = trial % 4;
            for (int i = 0; i < n; i++) {
                v[i] = switch (kind) {
                    case 0 -> (float) (rnd.nextDouble() * Math.log(19));
                    case 1 -> rnd.nextInt(6) * 0.125f;
                    case 2 -> (float) ((rnd.nextDouble() - 0.5) * 1e6);
                    default -> rnd.nextBoolean() ? -0f : 1f;
                };
                valid[i] = rnd.nextInt(3) != 0;
            }
            valid[rnd.nextInt(n)] = true;
            boolean[] mask = trial % 5 == 0 ? null : valid;
            for (double q : new double[] {0, 20, 50, 80 - rnd.nextDouble(), 100}) {
                float expected = (float) ReliabilitySplit.percentile(v, mask, q);
                assertEquals(expected, gpu().percentile(v, mask, q), 0f, "trial " + trial + " n=" + n + " q=" + q);
            }
        }
        float[] nan = {1, Float.NaN};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gpu().percentile(nan, null, 50));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertEquals(1f, gpu().percentile(nan, new boolean[] {true, false}, 50));
    }

    @Test
    void kCenterPicksMatchTheReference() {
        SplittableRandom rnd = new SplittableRandom(6);
        int n = 20_000;
        int d = 37;
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        try (FloatTensor x = FloatTensor.of(v, n, d)) {
            List<Double> refDist = new ArrayList<>();
            List<Double> gpuDist = new ArrayList<>();
            int[] expected = new ReferenceDiversityOps().kCenterGreedy(x, new int[] {5, 77}, -1, 50, (i, dist) -> refDist.add(dist));
            int[] got = CUDA.get().diversity().kCenterGreedy(x, new int[] {5, 77}, -1, 50,
                    (i, dist) -> gpuDist.add(dist));
            assertArrayEquals(expected, got);
            for (int i = 0; i < refDist.size(); i++) {
                assertEquals(refDist.get(i), gpuDist.get(i), 1e-9 * Math.max(1, refDist.get(i)));
            }
        }
    }
}
