package org.activeseg.acquisition.u2pl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.activeseg.acquisition.u2pl.ReliabilitySplit.NegativeMode;
import org.junit.jupiter.api.Test;

/**
 * U2PL's split: hand-computed numpy 'linear' percentiles (interpolating between two values, both
 * lerp branches), equality with a sort-based percentile on random data with ties, the schedule's
 * endpoints, the reliable / contrastive masks, and both negative modes on a hand case.
 */
class ReliabilitySplitTest {

    @Test
    void handPercentiles() {
        float[] v = {4, 1, 3, 2};
        assertEquals(2.5, ReliabilitySplit.percentile(v, null, 50), 1e-7); // index 1.5
        assertEquals(1.6, ReliabilitySplit.percentile(v, null, 20), 1e-6); // index 0.6: 1 + 0.6
        assertEquals(3.3, ReliabilitySplit.percentile(v, null, 76.66666666666667), 1e-6); // index 2.3
        assertEquals(1.0, ReliabilitySplit.percentile(v, null, 0), 0);
        assertEquals(4.0, ReliabilitySplit.percentile(v, null, 100), 0);
        boolean[] valid = {true, false, true, true}; // 4, 3, 2 -> median 3
        assertEquals(3.0, ReliabilitySplit.percentile(v, valid, 50), 0);
    }

    @Test
    void selectionEqualsSortBasedPercentile() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(500);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = trial % 2 == 0 ? (float) rnd.nextDouble() : rnd.nextInt(5);
            }
            double q = rnd.nextDouble() * 100;
            float[] s = v.clone();
            Arrays.sort(s);
            double idx = q / 100 * (n - 1);
            int lo = (int) Math.floor(idx);
            int hi = Math.min(lo + 1, n - 1);
            float t = (float) (idx - lo);
            float expected = t >= 0.5f ? s[hi] - (s[hi] - s[lo]) * (1 - t) : s[lo] + (s[hi] - s[lo]) * t;
            assertEquals(expected, ReliabilitySplit.percentile(v, null, q), 0, "trial " + trial);
        }
    }

    @Test
    void scheduleEndpointsAndSplit() {
        assertEquals(20.0, ReliabilitySplit.percentUnreliable(80, 0, 200), 1e-12);
        assertEquals(10.0, ReliabilitySplit.percentUnreliable(80, 100, 200), 1e-12);
        assertEquals(0.0, ReliabilitySplit.percentUnreliable(80, 200, 200), 1e-12);
        float[] h = {0.1f, 0.5f, 0.9f, 0.3f, 0.7f};
        double thresh = ReliabilitySplit.percentile(h, null, 100 - 20.0); // index 3.2 of (.1 .3 .5 .7 .9) -> 0.74
        assertEquals(0.74, thresh, 1e-6);
        assertArrayEquals(new boolean[] {true, true, false, true, true}, ReliabilitySplit.reliable(h, null, thresh));
        assertArrayEquals(new boolean[] {true, false, false, false, false}, ReliabilitySplit.lowEntropy(h, null, 20));
        assertArrayEquals(new boolean[] {false, false, true, false, false}, ReliabilitySplit.highEntropy(h, null, 20));
    }

    @Test
    void entropyHandValue() {
        float[] p = {0.5f, 0.25f, 0.25f};
        double expected = -(0.5 * Math.log(0.5 + 1e-10) + 0.5 * Math.log(0.25 + 1e-10));
        assertEquals(expected, ReliabilitySplit.entropy(p, 3, 1)[0], 1e-6);
    }

    @Test
    void negativeModes() {
        // 5 classes, 2 pixels (both in the high mask). Pixel 0 unlabelled, pseudo-label 0,
        // probs (0.4, 0.3, 0.15, 0.1, 0.05): ranks 0..4. Pixel 1 labelled with GT 1, probs (0.5, 0.2, 0.2, 0.05, 0.05).
        float[] probs = {0.4f, 0.5f, 0.3f, 0.2f, 0.15f, 0.2f, 0.1f, 0.05f, 0.05f, 0.05f};
        int[] label = {0, 1};
        boolean[] labelled = {false, true};
        boolean[] high = {true, true};
        boolean[] paper = ReliabilitySplit.negatives(probs, 5, 2, label, labelled, high, NegativeMode.PAPER, 3, 20);
        // pixel 0: ranks >= 3 -> classes 3, 4; pixel 1: top-3 (classes 0, 1, 2 with the tie 1 < 2) minus label 1 -> 0, 2
        assertArrayEquals(new boolean[] {false, true, false, false, false, true, true, false, true, false}, paper);
        boolean[] compat = ReliabilitySplit.negatives(probs, 5, 2, label, labelled, high, NegativeMode.COMPAT, 3, 20);
        // code: label == c and the class mask: labelled pixels never; unlabelled only if its label has rank >= 3
        assertArrayEquals(new boolean[10], compat);
        int[] disagree = {4, 1}; // pseudo-label 4 has rank 4 in the second pass: the code keeps it
        boolean[] c2 = ReliabilitySplit.negatives(probs, 5, 2, disagree, labelled, high, NegativeMode.COMPAT, 3, 20);
        boolean[] expected = new boolean[10];
        expected[4 * 2] = true;
        assertArrayEquals(expected, c2);
    }

    @Test
    void badInputs() {
        assertThrows(IllegalArgumentException.class, () -> ReliabilitySplit.percentile(new float[] {1}, new boolean[] {false}, 50));
        assertThrows(IllegalArgumentException.class, () -> ReliabilitySplit.percentile(new float[] {1}, null, 101));
        assertThrows(IllegalArgumentException.class, () -> ReliabilitySplit.percentUnreliable(80, 0, 0));
    }

    /** The ranks as first written: a stable descending sort of boxed class indices by Float.compare. */
    private static boolean[] negativesBySortedIndices(float[] probs, int classes, int pixels, int[] label, boolean[] labelledPx,
                                                      boolean[] high, NegativeMode mode, int lowRank, int highRank) {
        boolean[] out = new boolean[classes * pixels];
        Integer[] order = new Integer[classes];
        int[] rank = new int[classes];
        for (int i = 0; i < pixels; i++) {
            if (!high[i]) {
                continue;
            }
            final int px = i;
            for (int c = 0; c < classes; c++) {
                order[c] = c;
            }
            Arrays.sort(order, (x, y) -> Float.compare(probs[y * pixels + px], probs[x * pixels + px]));
            for (int r = 0; r < classes; r++) {
                rank[order[r]] = r;
            }
            for (int c = 0; c < classes; c++) {
                boolean candidate = labelledPx[i] ? rank[c] < lowRank && label[i] != c : rank[c] >= lowRank && rank[c] < highRank;
                boolean labelFactor = mode == NegativeMode.PAPER ? label[i] != c : label[i] == c;
                out[c * pixels + i] = candidate && labelFactor && probs[c * pixels + i] < 1.0f;
            }
        }
        return out;
    }

    @Test
    void primitiveRanksEqualTheStableSortOfBoxedIndicesWithTies() {
        SplittableRandom r = new SplittableRandom(29);
        int classes = 23;
        int pixels = 400;
        int tied = 0;
        for (int trial = 0; trial < 20; trial++) {
            float[] probs = new float[classes * pixels];
            for (int i = 0; i < probs.length; i++) {
                // few distinct values, exact zeros and a negative zero: many ties, ordered by class
                int q = r.nextInt(6);
                probs[i] = q == 0 ? 0f : q == 1 ? -0f : q / 8f;
            }
            probs[r.nextInt(probs.length)] = 1f;
            int[] label = new int[pixels];
            boolean[] labelledPx = new boolean[pixels];
            boolean[] high = new boolean[pixels];
            for (int i = 0; i < pixels; i++) {
                label[i] = r.nextInt(classes + 1) == classes ? 255 : r.nextInt(classes);
                labelledPx[i] = r.nextBoolean();
                high[i] = r.nextInt(5) != 0;
            }
            for (NegativeMode mode : NegativeMode.values()) {
                for (int[] window : new int[][] {{3, 20}, {0, 1}, {1, classes}, {5, 6}}) {
                    boolean[] want = negativesBySortedIndices(probs, classes, pixels, label, labelledPx, high, mode, window[0], window[1]);
                    boolean[] got = ReliabilitySplit.negatives(probs, classes, pixels, label, labelledPx, high, mode, window[0], window[1]);
                    assertArrayEquals(want, got, "trial " + trial + ", " + mode + ", ranks " + Arrays.toString(window));
                    for (boolean b : want) {
                        tied += b ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(tied > 1000, "negatives found: " + tied);
        float[] ordered = {Float.NEGATIVE_INFINITY, -1f, -0f, 0f, Float.MIN_VALUE, 0.5f, 1f, Float.POSITIVE_INFINITY, Float.NaN};
        for (int a = 0; a < ordered.length; a++) {
            for (int b = 0; b < ordered.length; b++) {
                assertEquals(Integer.signum(Float.compare(ordered[a], ordered[b])),
                        Integer.signum(Integer.compare(ReliabilitySplit.sortableBits(ordered[a]), ReliabilitySplit.sortableBits(ordered[b]))),
                        ordered[a] + " vs " + ordered[b]);
            }
        }
    }
}
