package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.activeseg.backend.McAccumulator;
import org.activeseg.backend.PixelEntropyConformance;
import org.activeseg.backend.PixelOps;
import org.activeseg.backend.PixelOpsConformance;
import org.activeseg.backend.PixelStatistic;
import org.activeseg.backend.Reduction;
import org.activeseg.backend.ReferencePixelOps;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.backend.SegmentMeans;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link CudaPixelOps} against the shared PixelOps cases, plus every statistic, probabilities and
 * logits, against the reference at awkward sizes (1e-5 relative + 1e-6 absolute, float on the
 * device), MC statistics of logit samples, double reductions, segment means, box sums and top-k
 * order identical to the reference. Needs a GPU: skips with the reasons printed, or fails with
 * -Dactiveseg.test.requireCuda=true.
 */
class CudaPixelOpsIT extends PixelOpsConformance {
    @RegisterExtension
    static final CudaRequirement<CudaScoringBackend> CUDA = CudaRequirement.scoringBackend();

    private static final PixelOps REFERENCE = new ReferencePixelOps();

    @Override
    protected ScoringBackend backend() {
        return CUDA.get();
    }

    private static float[] logits(int classes, int pixels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[classes * pixels];
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) r.nextDouble(-8, 8);
        }
        return v;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-5 * Math.abs(expected[i]) + 1e-6;
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                throw new AssertionError(what + " pixel " + i + ": " + actual[i] + " vs reference " + expected[i]);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "13, 2", "4098, 19", "76800, 40", "131073, 64"})
    void everyStatisticMatchesTheReference(int pixels, int classes) {
        float[] probs = PixelEntropyConformance.randomProbabilities(1, classes, pixels, pixels + 31L * classes);
        float[] logits = logits(classes, pixels, pixels * 3L + classes);
        float[] expected = new float[pixels];
        float[] actual = new float[pixels];
        try (FloatTensor p = FloatTensor.of(probs, classes, pixels); FloatTensor l = FloatTensor.of(logits, classes, pixels)) {
            for (PixelStatistic s : PixelStatistic.values()) {
                for (FloatTensor t : new FloatTensor[] {p, l}) {
                    boolean isLogits = t == l;
                    REFERENCE.statistic(t, isLogits, s, expected);
                    CUDA.get().pixels().statistic(t, isLogits, s, actual);
                    assertClose(expected, actual, s + (isLogits ? " of logits" : " of probabilities"));
                }
            }
        }
    }

    @Test
    void mcStatisticsOfLogitsMatchTheReference() {
        int classes = 19;
        int pixels = 5003;
        float[] expected = new float[pixels];
        float[] actual = new float[pixels];
        try (McAccumulator ref = REFERENCE.mcAccumulator(classes, pixels);
             McAccumulator gpu = CUDA.get().pixels().mcAccumulator(classes, pixels)) {
            for (int t = 0; t < 20; t++) {
                try (FloatTensor s = FloatTensor.of(logits(classes, pixels, 77L + t), classes, pixels)) {
                    ref.add(s, true);
                    gpu.add(s, true);
                }
            }
            ref.bald(expected);
            gpu.bald(actual);
            for (int i = 0; i < pixels; i++) {
                assertEquals(expected[i], actual[i], 1e-5, "BALD pixel " + i);
            }
            ref.voteEntropy(expected);
            gpu.voteEntropy(actual);
            assertClose(expected, actual, "vote entropy");
            for (PixelStatistic s : PixelStatistic.values()) {
                ref.meanStatistic(s, expected);
                gpu.meanStatistic(s, actual);
                assertClose(expected, actual, "mean " + s);
            }
            float[] mp = new float[classes * pixels];
            float[] mg = new float[classes * pixels];
            ref.meanProbabilities(mp);
            gpu.meanProbabilities(mg);
            assertClose(mp, mg, "mean probabilities");
        }
    }

    @Test
    void reductionsSegmentsBoxesAndTopKAgreeWithTheReferenceAtCityscapesSize() {
        CudaScoringBackend cuda = CUDA.get();
        int width = 2048;
        int height = 1024;
        SplittableRandom r = new SplittableRandom(5);
        float[] map = new float[width * height];
        int[] ids = new int[map.length];
        for (int i = 0; i < map.length; i++) {
            map[i] = r.nextInt(1000) / 999f;
            ids[i] = (i % width) / 40 + 100 * ((i / width) / 40);
        }
        for (Reduction red : Reduction.values()) {
            double e = REFERENCE.reduce(map, red);
            // both double: only the summation order differs (float accumulation would be ~1e-5 off)
            assertEquals(e, cuda.pixels().reduce(map, red), 1e-10 * Math.abs(e), red.label());
        }
        SegmentMeans se = REFERENCE.segmentMeans(map, ids);
        SegmentMeans sg = cuda.pixels().segmentMeans(map, ids);
        assertArrayEquals(se.ids(), sg.ids());
        assertArrayEquals(se.counts(), sg.counts());
        assertArrayEquals(se.means(), sg.means(), 1e-9);
        for (int window : new int[] {3, 65}) {
            float[] es = new float[map.length];
            float[] gs = new float[map.length];
            int[] ec = new int[map.length];
            int[] gc = new int[map.length];
            REFERENCE.boxSums(map, width, height, window, es, ec);
            cuda.pixels().boxSums(map, width, height, window, gs, gc);
            assertArrayEquals(ec, gc, "counts, window " + window);
            assertClose(es, gs, "box sums, window " + window);
        }
        // many ties (1000 distinct values over 2M pixels) and -0 equal to +0
        map[7] = -0f;
        map[3] = 0f;
        for (int k : new int[] {1, 1000, 100_000}) {
            assertArrayEquals(REFERENCE.topK(map, k), cuda.pixels().topK(map, k), "top-" + k);
        }
        assertTrue(cuda.pixels() instanceof CudaPixelOps);
    }
}
