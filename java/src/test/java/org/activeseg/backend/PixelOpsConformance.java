package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PixelOps} cases every backend must pass: hand-computed statistics of one 3-class pixel,
 * MC statistics of known samples (BALD, vote counts, argmax ties), properties on random maps
 * (entropy bounds, class-permutation invariance, BALD >= 0 up to rounding, accumulator memory
 * independent of T), segment means with zeros included, box sums against a brute-force loop,
 * top-k ties, and shape errors. Subclasses supply the backend.
 */
public abstract class PixelOpsConformance {

    protected abstract ScoringBackend backend();

    private PixelOps ops() {
        return backend().pixels();
    }

    private float[] stat(float[] values, int classes, PixelStatistic s) {
        return stat(values, classes, s, false);
    }

    private float[] stat(float[] values, int classes, PixelStatistic s, boolean logits) {
        int p = values.length / classes;
        float[] out = new float[p];
        try (FloatTensor t = FloatTensor.of(values, classes, p)) {
            ops().statistic(t, logits, s, out);
        }
        return out;
    }

    @Test
    void handComputedThreeClassPixel() {
        float[] p = {0.5f, 0.25f, 0.25f};
        assertEquals(1.5, stat(p, 3, PixelStatistic.ENTROPY_LOG2_VIEWAL)[0], 1e-6);
        assertEquals(1.5 * Math.log(2), stat(p, 3, PixelStatistic.ENTROPY_LN_XLOGY)[0], 1e-6);
        assertEquals(1.5 * Math.log(2), stat(p, 3, PixelStatistic.ENTROPY_LN_U2PL)[0], 1e-6);
        double ripu = -(0.5 * Math.log(0.5 + 1e-6) + 0.5 * Math.log(0.25 + 1e-6));
        assertEquals(ripu, stat(p, 3, PixelStatistic.ENTROPY_LN_RIPU)[0], 1e-7);
        assertEquals(0.5, stat(p, 3, PixelStatistic.MAX_PROBABILITY)[0], 1e-7);
        assertEquals(0.5, stat(p, 3, PixelStatistic.LEAST_CONFIDENCE)[0], 1e-7);
        assertEquals(0.25, stat(p, 3, PixelStatistic.MARGIN)[0], 1e-7);
        // the same pixel as logits: softmax(ln 2, 0, 0) = (0.5, 0.25, 0.25)
        float[] logits = {(float) Math.log(2), 0f, 0f};
        assertEquals(1.5, stat(logits, 3, PixelStatistic.ENTROPY_LOG2_VIEWAL, true)[0], 1e-6);
        assertEquals(0.25, stat(logits, 3, PixelStatistic.MARGIN, true)[0], 1e-6);
    }

    @Test
    void zerosFollowXlogyAndEpsilonSemantics() {
        float[] p = {1f, 0f};
        assertEquals(0.0, stat(p, 2, PixelStatistic.ENTROPY_LN_XLOGY)[0], 0.0);
        assertEquals(-Math.log(1 + 1e-6), stat(p, 2, PixelStatistic.ENTROPY_LN_RIPU)[0], 1e-9);
        assertEquals(0.0, stat(p, 2, PixelStatistic.ENTROPY_LOG2_VIEWAL)[0], 1e-9);
        assertEquals(1.0, stat(p, 2, PixelStatistic.MARGIN)[0], 0.0);
        // a single class: the second probability is 0, so the margin is p(1) = 1
        assertEquals(1.0, stat(new float[] {1f}, 1, PixelStatistic.MARGIN)[0], 0.0);
        // equal top two: margin 0
        assertEquals(0.0, stat(new float[] {0.4f, 0.4f, 0.2f}, 3, PixelStatistic.MARGIN)[0], 0.0);
    }

    @Test
    void logitsSoftmaxIsStableForHugeValues() {
        float[] logits = {1000f, 1000f, -1000f};
        float[] h = stat(logits, 3, PixelStatistic.ENTROPY_LOG2_VIEWAL, true);
        assertEquals(1.0, h[0], 1e-6);
        assertEquals(0.5, stat(logits, 3, PixelStatistic.MAX_PROBABILITY, true)[0], 1e-7);
    }

    @Test
    void baldOfKnownSamples() {
        // one pixel, C = 2: opposite one-hot samples -> H[mean] = ln 2, each H = 0
        assertEquals(Math.log(2), bald(new float[][] {{1f, 0f}, {0f, 1f}}), 1e-7);
        // identical samples -> 0
        assertEquals(0.0, bald(new float[][] {{0.3f, 0.7f}, {0.3f, 0.7f}}), 1e-7);
        // (0.8, 0.2) and (0.2, 0.8): ln 2 - H(0.8, 0.2)
        double h = -(0.8 * Math.log(0.8) + 0.2 * Math.log(0.2));
        assertEquals(Math.log(2) - h, bald(new float[][] {{0.8f, 0.2f}, {0.2f, 0.8f}}), 1e-6);
    }

    private double bald(float[][] samples) {
        int c = samples[0].length;
        float[] out = new float[1];
        try (McAccumulator acc = ops().mcAccumulator(c, 1)) {
            for (float[] s : samples) {
                try (FloatTensor t = FloatTensor.of(s, c, 1)) {
                    acc.add(t);
                }
            }
            acc.bald(out);
        }
        return out[0];
    }

    @Test
    void voteEntropyCountsArgmaxVotesWithTiesToTheLowestClass() {
        // four samples of one pixel, C = 3: votes 0, 0 (a tie between 0 and 1), 1, 2 -> (0.5, 0.25, 0.25) -> 1.5 bits
        float[][] samples = {{0.6f, 0.3f, 0.1f}, {0.4f, 0.4f, 0.2f}, {0.1f, 0.8f, 0.1f}, {0.2f, 0.2f, 0.6f}};
        float[] vote = new float[1];
        float[] mean = new float[1];
        float[] meanProbs = new float[3];
        try (McAccumulator acc = ops().mcAccumulator(3, 1)) {
            for (float[] s : samples) {
                try (FloatTensor t = FloatTensor.of(s, 3, 1)) {
                    acc.add(t);
                }
            }
            assertEquals(4, acc.samples());
            acc.voteEntropy(vote);
            acc.meanStatistic(PixelStatistic.ENTROPY_LOG2_VIEWAL, mean);
            acc.meanProbabilities(meanProbs);
        }
        assertEquals(1.5, vote[0], 1e-6);
        assertArrayEquals(new float[] {0.325f, 0.425f, 0.25f}, meanProbs, 1e-6f);
        double h = 0;
        for (double q : new double[] {0.325, 0.425, 0.25}) {
            h -= q * Math.log(q + 1e-12) / Math.log(2);
        }
        assertEquals(h, mean[0], 1e-6);
        // all four samples voting the same class: vote entropy 0 (eps visible only at 1e-12)
        try (McAccumulator acc = ops().mcAccumulator(3, 1)) {
            for (int t = 0; t < 4; t++) {
                try (FloatTensor s = FloatTensor.of(new float[] {0.34f, 0.33f, 0.33f}, 3, 1)) {
                    acc.add(s);
                }
            }
            acc.voteEntropy(vote);
        }
        assertEquals(0.0, vote[0], 1e-9);
    }

    @ParameterizedTest
    @CsvSource({"1, 2", "13, 3", "4098, 19", "70001, 4"})
    void entropyBoundsAndClassPermutationInvariance(int pixels, int classes) {
        float[] p = PixelEntropyConformance.randomProbabilities(1, classes, pixels, pixels * 7L + classes);
        int[] perm = IntStream.range(0, classes).map(k -> classes - 1 - k).toArray();
        float[] q = new float[p.length];
        for (int k = 0; k < classes; k++) {
            System.arraycopy(p, k * pixels, q, perm[k] * pixels, pixels);
        }
        for (PixelStatistic s : PixelStatistic.values()) {
            float[] a = stat(p, classes, s);
            float[] b = stat(q, classes, s);
            assertArrayEquals(a, b, 1e-6f, s + " must not depend on the class order");
            for (int i = 0; i < pixels; i++) {
                double bound = s.isEntropy() ? Math.log(classes) / (s == PixelStatistic.ENTROPY_LOG2_VIEWAL ? Math.log(2) : 1) : 1;
                assertTrue(a[i] >= -2e-6 && a[i] <= bound + 1e-5, s + " pixel " + i + " = " + a[i] + " outside [0, " + bound + "]");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 3, 2", "13, 5, 3", "4098, 19, 7"})
    void mcStatisticsMatchAPlainLoopAndBaldIsNonNegative(int pixels, int classes, int samples) {
        float[][] s = new float[samples][];
        float[] bald = new float[pixels];
        float[] vote = new float[pixels];
        float[] mean = new float[pixels];
        try (McAccumulator acc = ops().mcAccumulator(classes, pixels)) {
            for (int t = 0; t < samples; t++) {
                s[t] = PixelEntropyConformance.randomProbabilities(1, classes, pixels, 100L * t + pixels);
                try (FloatTensor x = FloatTensor.of(s[t], classes, pixels)) {
                    acc.add(x);
                }
            }
            acc.bald(bald);
            acc.voteEntropy(vote);
            acc.meanStatistic(PixelStatistic.ENTROPY_LOG2_VIEWAL, mean);
        }
        for (int i = 0; i < pixels; i++) {
            double[] m = new double[classes];
            int[] votes = new int[classes];
            double meanH = 0;
            for (int t = 0; t < samples; t++) {
                int arg = 0;
                for (int k = 0; k < classes; k++) {
                    double v = s[t][k * pixels + i];
                    m[k] += v / samples;
                    meanH -= (v == 0 ? 0 : v * Math.log(v)) / samples;
                    if (v > s[t][arg * pixels + i]) {
                        arg = k;
                    }
                }
                votes[arg]++;
            }
            double hm = 0;
            double h2 = 0;
            double hv = 0;
            for (int k = 0; k < classes; k++) {
                hm -= m[k] == 0 ? 0 : m[k] * Math.log(m[k]);
                h2 -= m[k] * Math.log(m[k] + 1e-12) / Math.log(2);
                double pv = (double) votes[k] / samples;
                hv -= pv * Math.log(pv + 1e-12) / Math.log(2);
            }
            assertEquals(hm - meanH, bald[i], 1e-5, "BALD pixel " + i);
            assertTrue(bald[i] >= -1e-6, "BALD pixel " + i + " = " + bald[i]);
            assertEquals(h2, mean[i], 1e-5, "mean entropy pixel " + i);
            assertEquals(hv, vote[i], 1e-5, "vote entropy pixel " + i);
        }
    }

    @Test
    void accumulatorMemoryDoesNotGrowWithSamples() {
        try (McAccumulator acc = ops().mcAccumulator(4, 100);
             FloatTensor s = FloatTensor.of(PixelEntropyConformance.randomProbabilities(1, 4, 100, 5), 4, 100)) {
            acc.add(s);
            long one = acc.footprintBytes();
            for (int t = 0; t < 200; t++) {
                acc.add(s);
            }
            assertEquals(one, acc.footprintBytes());
            assertEquals(201, acc.samples());
            assertTrue(one > 0);
        }
    }

    @Test
    void accumulatorRefusesUseWithoutSamplesOrAfterClose() {
        McAccumulator acc = ops().mcAccumulator(2, 3);
        assertThrows(IllegalStateException.class, () -> acc.bald(new float[3]));
        acc.close();
        try (FloatTensor s = FloatTensor.allocate(2, 3)) {
            assertThrows(IllegalStateException.class, () -> acc.add(s));
        }
    }

    @Test
    void reductionsAndMasks() {
        float[] map = {1f, 2f, 3f, 6f};
        assertEquals(3.0, ops().reduce(map, Reduction.MEAN), 0.0);
        assertEquals(12.0, ops().reduce(map, Reduction.SUM), 0.0);
        assertEquals(6.0, ops().reduce(map, Reduction.MAX), 0.0);
        BitSet mask = new BitSet();
        mask.set(1);
        mask.set(3);
        ops().fill(map, mask, 0f);
        assertArrayEquals(new float[] {1f, 0f, 3f, 0f}, map);
        BitSet outside = new BitSet();
        outside.set(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ops().fill(map, outside, 1f));
        assertTrue(e.getMessage().contains("pixel 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ops().reduce(new float[0], Reduction.MEAN));
    }

    @Test
    void segmentMeansIncludeZeros() {
        float[] map = {1f, 0f, 0f, 3f, 0f, 2f};
        int[] ids = {5, 5, 7, 7, 0, 0};
        SegmentMeans m = ops().segmentMeans(map, ids);
        assertArrayEquals(new int[] {0, 5, 7}, m.ids());
        assertArrayEquals(new long[] {2, 2, 2}, m.counts());
        assertArrayEquals(new double[] {1.0, 0.5, 1.5}, m.means(), 1e-12);
        assertEquals(1, m.indexOf(5));
        assertEquals(-1, m.indexOf(6));
        // sparse, huge ids take the compacting path and give the same answer
        int[] sparse = {2_000_000_000, 2_000_000_000, 7, 7, 0, 0};
        SegmentMeans s = ops().segmentMeans(map, sparse);
        assertArrayEquals(new int[] {0, 7, 2_000_000_000}, s.ids());
        assertArrayEquals(new double[] {1.0, 1.5, 0.5}, s.means(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ops().segmentMeans(map, new int[] {0, 0, -3, 0, 0, 0}));
        assertTrue(e.getMessage().contains("pixel 2") && e.getMessage().contains("-3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ops().segmentMeans(map, new int[5]));
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1", "1, 1, 3", "5, 4, 3", "13, 7, 5", "9, 11, 65", "64, 48, 9"})
    void boxSumsMatchABruteForceLoop(int width, int height, int window) {
        SplittableRandom rnd = new SplittableRandom(width * 31L + height * 7L + window);
        float[] map = new float[width * height];
        for (int i = 0; i < map.length; i++) {
            map[i] = (float) rnd.nextDouble();
        }
        float[] sums = new float[map.length];
        int[] counts = new int[map.length];
        ops().boxSums(map, width, height, window, sums, counts);
        int r = window / 2;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double s = 0;
                int n = 0;
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < height && xx >= 0 && xx < width) {
                            s += map[yy * width + xx];
                            n++;
                        }
                    }
                }
                assertEquals(s, sums[y * width + x], 1e-4, "sum at (" + x + ", " + y + ")");
                assertEquals(n, counts[y * width + x], "count at (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void boxCountsAtCornersEdgesAndInside() {
        float[] map = new float[25];
        Arrays.fill(map, 1f);
        float[] sums = new float[25];
        int[] counts = new int[25];
        ops().boxSums(map, 5, 5, 3, sums, counts);
        assertEquals(4, counts[0]);
        assertEquals(6, counts[2]);
        assertEquals(9, counts[12]);
        assertEquals(4f, sums[24]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ops().boxSums(map, 5, 5, 4, sums, counts));
        assertTrue(e.getMessage().contains("odd"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ops().boxSums(map, 4, 5, 3, sums, counts));
        assertTrue(e.getMessage().contains("4x5"), e.getMessage());
    }

    @Test
    void topKBreaksTiesByLowerIndex() {
        float[] v = {1f, 3f, 3f, 2f, 3f};
        assertArrayEquals(new int[] {1, 2}, ops().topK(v, 2));
        assertArrayEquals(new int[] {1, 2, 4, 3, 0}, ops().topK(v, 10));
        assertArrayEquals(new int[0], ops().topK(v, 0));
        assertThrows(IllegalArgumentException.class, () -> ops().topK(new float[] {1f, Float.NaN}, 1));
        assertThrows(IllegalArgumentException.class, () -> ops().topK(v, -1));
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "13, 4", "4098, 100", "4098, 4098"})
    void topKMatchesAFullSort(int n, int k) {
        SplittableRandom rnd = new SplittableRandom(n + k);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(50) / 7f;
        }
        int[] expected = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -v[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, ops().topK(v, k));
    }

    @Test
    void badShapesAreNamed() {
        try (FloatTensor rank3 = FloatTensor.allocate(1, 3, 4);
             FloatTensor map = FloatTensor.allocate(3, 4)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ops().statistic(rank3, PixelStatistic.MARGIN, new float[4]));
            assertTrue(e.getMessage().contains("[1, 3, 4]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ops().statistic(map, PixelStatistic.MARGIN, new float[5]));
            assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("5"), e.getMessage());
            try (McAccumulator acc = ops().mcAccumulator(3, 5)) {
                e = assertThrows(IllegalArgumentException.class, () -> acc.add(map));
                assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[3, 5]"), e.getMessage());
            }
        }
    }
}
