package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

/**
 * RIPU region cases every backend must pass (ALGORITHMS.md 3(a)): a hand-computed 5 x 5 impurity
 * and uncertainty map, pure windows slightly below zero, MC means, box statistics against a
 * per-window brute force at awkward sizes, and greedy selection against the literal serial
 * argmax loop (column-major first maximum, -inf suppression) on dense, quantised and all-equal
 * maps, with blocked pixels never picked. Subclasses supply the backend.
 */
public abstract class RegionOpsConformance {
    private static final double EPS = 1e-6;

    protected abstract ScoringBackend backend();

    private RegionOps ops() {
        return backend().regions();
    }

    /** Columns 0-1 are class 0, columns 2-4 class 1; entropy[i] = i. */
    @Test
    void handComputedFiveByFive() {
        int w = 5;
        int h = 5;
        int[] label = new int[25];
        float[] entropy = new float[25];
        for (int i = 0; i < 25; i++) {
            label[i] = i % w < 2 ? 0 : 1;
            entropy[i] = i;
        }
        float[] imp = new float[25];
        float[] unc = new float[25];
        double ln2 = Math.log(2);
        ops().impurityUncertainty(label, entropy, w, h, 2, 1, EPS, ln2, imp, unc);
        double pure = -Math.log(1 + EPS) / ln2;
        // corner (0,0): 4 pixels, all class 0
        assertEquals(pure, imp[0], 1e-9);
        assertTrue(imp[0] < 0, "a pure window is slightly negative");
        assertEquals((0 + 1 + 5 + 6) / 4.0, unc[0], 1e-6);
        // top edge (x=1,y=0): x 0..2, y 0..1: 6 pixels, 4 of class 0, 2 of class 1
        double edge = -(4 / 6.0 * Math.log(4 / 6.0 + EPS) + 2 / 6.0 * Math.log(2 / 6.0 + EPS)) / ln2;
        assertEquals(edge, imp[1], 1e-6);
        assertEquals((0 + 1 + 2 + 5 + 6 + 7) / 6.0, unc[1], 1e-6);
        // centre (2,2): x 1..3: 3 of class 0, 6 of class 1
        double centre = -(1 / 3.0 * Math.log(1 / 3.0 + EPS) + 2 / 3.0 * Math.log(2 / 3.0 + EPS)) / ln2;
        assertEquals(centre, imp[12], 1e-6);
        assertEquals(108 / 9.0, unc[12], 1e-6);
        // (x=3,y=2): x 2..4 all class 1: pure although the image is mixed
        assertEquals(pure, imp[13], 1e-9);
        // far corner (4,4): 4 pixels 18,19,23,24
        assertEquals(pure, imp[24], 1e-9);
        assertEquals((18 + 19 + 23 + 24) / 4.0, unc[24], 1e-6);
        // left edge (x=0,y=2): x 0..1 class 0 only, 6 pixels 5,6,10,11,15,16
        assertEquals(pure, imp[10], 1e-9);
        assertEquals(63 / 6.0, unc[10], 1e-6);
    }

    @Test
    void meanOverSamplesThenEntropyAndFirstArgmax() {
        // pixel 0: samples (0.2, 0.8) and (0.6, 0.4) -> mean (0.4, 0.6); pixel 1: a tie -> class 0
        float[] v = {0.2f, 0.5f, 0.8f, 0.5f, 0.6f, 0.5f, 0.4f, 0.5f};
        try (FloatTensor probs = FloatTensor.of(v, 2, 2, 2)) {
            float[] e = new float[2];
            int[] arg = new int[2];
            ops().meanEntropyArgmax(probs, EPS, Math.log(2), e, arg);
            double expected = -(0.4 * Math.log(0.4 + EPS) + 0.6 * Math.log(0.6 + EPS)) / Math.log(2);
            assertEquals(expected, e[0], 1e-6);
            assertEquals(1, arg[0]);
            assertEquals(0, arg[1]);
            assertEquals(-Math.log(0.5 + EPS) / Math.log(2), e[1], 1e-6);
        }
    }

    @Test
    void boxStatisticsMatchBruteForceAtAwkwardSizes() {
        SplittableRandom rnd = new SplittableRandom(7);
        int[][] sizes = {{1, 1}, {1, 13}, {13, 1}, {7, 5}, {31, 17}, {64, 48}};
        for (int[] s : sizes) {
            for (int k : new int[] {0, 1, 2, 32}) {
                int w = s[0];
                int h = s[1];
                int classes = 1 + rnd.nextInt(5);
                int[] label = new int[w * h];
                float[] e = new float[w * h];
                for (int i = 0; i < label.length; i++) {
                    label[i] = rnd.nextInt(classes);
                    e[i] = (float) rnd.nextDouble();
                }
                float[] imp = new float[w * h];
                float[] unc = new float[w * h];
                ops().impurityUncertainty(label, e, w, h, classes, k, EPS, 1.7, imp, unc);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int[] n = new int[classes];
                        double sum = 0;
                        int count = 0;
                        for (int yy = y - k; yy <= y + k; yy++) {
                            for (int xx = x - k; xx <= x + k; xx++) {
                                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                    n[label[yy * w + xx]]++;
                                    sum += e[yy * w + xx];
                                    count++;
                                }
                            }
                        }
                        double p = 0;
                        for (int c = 0; c < classes; c++) {
                            double q = (double) n[c] / count;
                            p -= q * Math.log(q + EPS);
                        }
                        String at = w + "x" + h + " k=" + k + " at (" + x + "," + y + ")";
                        assertEquals(p / 1.7, imp[y * w + x], 1e-6, at);
                        assertEquals(sum / count, unc[y * w + x], 1e-6, at);
                    }
                }
            }
        }
    }

    /** The reference's loop, literally: count full-map argmaxes in column-major order. */
    static int[] serialGreedy(float[] score, int w, int h, int r, int count, boolean[] blocked) {
        float[] s = score.clone();
        for (int i = 0; i < s.length; i++) {
            if (blocked[i]) {
                s[i] = Float.NEGATIVE_INFINITY;
            }
        }
        int[] picks = new int[count];
        int n = 0;
        for (; n < count; n++) {
            int best = -1;
            float bestValue = Float.NEGATIVE_INFINITY;
            for (int x = 0; x < w; x++) {
                for (int y = 0; y < h; y++) {
                    float v = s[y * w + x];
                    if (v > bestValue) {
                        bestValue = v;
                        best = y * w + x;
                    }
                }
            }
            if (best < 0) {
                break;
            }
            picks[n] = best;
            int bx = best % w;
            int by = best / w;
            for (int y = Math.max(0, by - r); y <= Math.min(h - 1, by + r); y++) {
                for (int x = Math.max(0, bx - r); x <= Math.min(w - 1, bx + r); x++) {
                    s[y * w + x] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return Arrays.copyOf(picks, n);
    }

    @Test
    void exactTieGoesToSmallestColumnThenRow() {
        // 4 wide, 3 high: equal maxima at (x=2,y=0), (x=1,y=2) and (x=1,y=1): column 1 first, row 1 first
        float[] s = new float[12];
        s[2] = 5f;
        s[2 * 4 + 1] = 5f;
        s[4 + 1] = 5f;
        int[] picks = ops().greedySelect(s, 4, 3, 0, 3, new boolean[12]);
        assertArrayEquals(new int[] {4 + 1, 2 * 4 + 1, 2}, picks);
        // -0 and +0 tie too: column-major order decides
        float[] z = {-0f, 0f, 0f, -0f};
        assertArrayEquals(new int[] {0, 2, 1, 3}, ops().greedySelect(z, 2, 2, 0, 4, new boolean[4]));
    }

    @Test
    void fastGreedyEqualsSerialLoop() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            int w = 1 + rnd.nextInt(40);
            int h = 1 + rnd.nextInt(40);
            int r = rnd.nextInt(5);
            int kind = trial % 3;
            float[] s = new float[w * h];
            for (int i = 0; i < s.length; i++) {
                s[i] = switch (kind) {
                    case 0 -> (float) rnd.nextGaussian();
                    case 1 -> rnd.nextInt(4) * 0.25f - 0.5f; // quantised: many exact ties
                    default -> 0.125f; // all equal
                };
            }
            boolean[] blocked = new boolean[w * h];
            for (int i = 0; i < blocked.length; i++) {
                blocked[i] = rnd.nextInt(10) == 0;
            }
            int count = 1 + rnd.nextInt(w * h);
            int[] expected = serialGreedy(s, w, h, r, count, blocked);
            boolean[] mask = blocked.clone();
            int[] picks = ops().greedySelect(s, w, h, r, count, mask);
            assertArrayEquals(expected, picks, "trial " + trial + " " + w + "x" + h + " r=" + r);
            for (int p : picks) {
                assertFalse(blocked[p], "picked a blocked pixel " + p);
                assertTrue(mask[p], "a pick is suppressed afterwards");
            }
        }
    }

    @Test
    void stopsWhenEverythingIsBlocked() {
        float[] s = {1, 2, 3, 4};
        boolean[] blocked = {true, false, true, true};
        assertArrayEquals(new int[] {1}, ops().greedySelect(s, 2, 2, 0, 4, blocked));
        assertArrayEquals(new int[0], ops().greedySelect(s, 2, 2, 0, 4, blocked));
        float[] inf = {Float.NEGATIVE_INFINITY, 1f};
        assertArrayEquals(new int[] {1}, ops().greedySelect(inf, 2, 1, 0, 2, new boolean[2]));
    }

    @Test
    void badInputsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ops().greedySelect(new float[5], 2, 2, 0, 1, new boolean[4]));
        assertTrue(e.getMessage().contains("score has 5 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ops().greedySelect(new float[] {0, Float.NaN}, 2, 1, 0, 1, new boolean[2]));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ops().impurityUncertainty(new int[] {0, 3}, new float[2], 2, 1, 2, 1, EPS, 1, new float[2], new float[2]));
        assertTrue(e.getMessage().contains("argmax[1] = 3"), e.getMessage());
        try (FloatTensor probs = FloatTensor.allocate(1, 2, 3)) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> ops().meanEntropyArgmax(probs, EPS, 1, new float[2], new int[3]));
            assertTrue(e.getMessage().contains("entropy has 2 values"), e.getMessage());
        }
    }
}
