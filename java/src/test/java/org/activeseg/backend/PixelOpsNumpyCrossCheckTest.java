package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.tensor.Npy;
import org.activeseg.tensor.NpyArray;
import org.activeseg.testing.NumpyScript;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reference {@link PixelOps} against the independent numpy implementations in
 * benchmarks/python/heuristics.py (written from the spec), on random probabilities and logits at
 * awkward sizes, within 1e-5 (relative for sums). Skips, printing why, when python3 with numpy is
 * not available; fails when the script is missing.
 */
class PixelOpsNumpyCrossCheckTest {
    private static final double TOL = 1e-5;
    private static final String SCRIPT = "heuristics.py";
    private final PixelOps ops = new ReferencePixelOps();

    @TempDir
    Path dir;

    @BeforeAll
    static void locate() {
        NumpyScript.script(SCRIPT); // a missing script fails even where numpy is absent
    }

    private Path python(String stat, List<Path> inputs, String... extra) throws Exception {
        Path out = dir.resolve(stat + "-" + System.nanoTime() + ".npy");
        List<Object> args = new ArrayList<>(List.of(stat, out));
        args.addAll(inputs);
        args.addAll(List.of(extra));
        NumpyScript.run(SCRIPT, args.toArray());
        return out;
    }

    private static void close(float[] expected, float[] got, String what) {
        assertEquals(expected.length, got.length, what + " length");
        for (int i = 0; i < got.length; i++) {
            double tol = TOL * Math.max(1, Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - got[i]) <= tol)) {
                throw new AssertionError(what + " at " + i + ": numpy " + expected[i] + ", java " + got[i]);
            }
        }
    }

    private static float[] random(int n, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * scale);
        }
        return v;
    }

    @ParameterizedTest
    @CsvSource({"1, 3", "4098, 5"})
    void singleMapStatisticsMatchNumpy(int pixels, int classes) throws Exception {
        NumpyScript.requireNumpy("PixelOpsNumpyCrossCheckTest");
        float[] probs = PixelEntropyConformance.randomProbabilities(1, classes, pixels, pixels + 11L * classes);
        float[] logits = random(classes * pixels, pixels, 20.0);
        Path in = dir.resolve("probs.npy");
        Path lin = dir.resolve("logits.npy");
        Npy.write(in, probs, classes, pixels);
        Npy.write(lin, logits, classes, pixels);
        Map<String, PixelStatistic> stats = Map.of("entropy-log2", PixelStatistic.ENTROPY_LOG2_VIEWAL,
                "entropy-ln-u2pl", PixelStatistic.ENTROPY_LN_U2PL, "entropy-ln-ripu", PixelStatistic.ENTROPY_LN_RIPU,
                "entropy-xlogy", PixelStatistic.ENTROPY_LN_XLOGY, "max-prob", PixelStatistic.MAX_PROBABILITY,
                "least-confidence", PixelStatistic.LEAST_CONFIDENCE, "margin", PixelStatistic.MARGIN);
        for (Map.Entry<String, PixelStatistic> e : stats.entrySet()) {
            float[] got = new float[pixels];
            try (FloatTensor t = FloatTensor.of(probs, classes, pixels)) {
                ops.statistic(t, e.getValue(), got);
            }
            close(Npy.readFloat(python(e.getKey(), List.of(in))).toArray(), got, e.getKey());
        }
        for (String s : List.of("entropy-log2", "margin")) {
            float[] got = new float[pixels];
            try (FloatTensor t = FloatTensor.of(logits, classes, pixels)) {
                ops.statistic(t, true, stats.get(s), got);
            }
            close(Npy.readFloat(python(s, List.of(lin), "--logits")).toArray(), got, s + " of logits");
        }
    }

    @ParameterizedTest
    @CsvSource({"13, 4, 5", "4098, 19, 3"})
    void mcStatisticsMatchNumpy(int pixels, int classes, int samples) throws Exception {
        NumpyScript.requireNumpy("PixelOpsNumpyCrossCheckTest");
        float[] all = PixelEntropyConformance.randomProbabilities(samples, classes, pixels, 5L * pixels + samples);
        Path in = dir.resolve("mc.npy");
        Npy.write(in, all, samples, classes, pixels);
        float[] mean = new float[pixels];
        float[] vote = new float[pixels];
        float[] bald = new float[pixels];
        try (FloatTensor t = FloatTensor.of(all, samples, classes, pixels);
             McAccumulator acc = ops.mcAccumulator(classes, pixels)) {
            long bytes = (long) classes * pixels * Float.BYTES;
            for (int s = 0; s < samples; s++) {
                try (FloatTensor one = FloatTensor.wrap(t.segment().asSlice(s * bytes, bytes), classes, pixels)) {
                    acc.add(one);
                }
            }
            acc.meanStatistic(PixelStatistic.ENTROPY_LOG2_VIEWAL, mean);
            acc.voteEntropy(vote);
            acc.bald(bald);
        }
        close(Npy.readFloat(python("mc-entropy", List.of(in))).toArray(), mean, "mc-entropy");
        close(Npy.readFloat(python("vote-entropy", List.of(in))).toArray(), vote, "vote-entropy");
        close(Npy.readFloat(python("bald", List.of(in))).toArray(), bald, "bald");
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1", "13, 1, 3", "64, 48, 5"})
    void reductionsBoxSumsAndTopKMatchNumpy(int width, int height, int window) throws Exception {
        NumpyScript.requireNumpy("PixelOpsNumpyCrossCheckTest");
        int pixels = width * height;
        float[] map = random(pixels, pixels + window, 3.0);
        for (int i = 0; i < pixels; i += 5) {
            map[i] = map[Math.max(0, i - 1)]; // some exact ties for top-k
        }
        Path in = dir.resolve("map.npy");
        Npy.write(in, map, pixels);
        for (Reduction r : Reduction.values()) {
            float expected = Npy.readFloat(python("reduce-" + r.label(), List.of(in))).get(0);
            close(new float[] {expected}, new float[] {(float) ops.reduce(map, r)}, "reduce " + r.label());
        }
        int[] ids = new int[pixels];
        SplittableRandom rnd = new SplittableRandom(pixels);
        for (int i = 0; i < pixels; i++) {
            ids[i] = rnd.nextInt(7) * 1000;
        }
        Path idPath = dir.resolve("ids.npy");
        Npy.write(idPath, ids, pixels);
        double[] means = ops.segmentMeans(map, ids).means();
        float[] got = new float[means.length];
        for (int i = 0; i < means.length; i++) {
            got[i] = (float) means[i];
        }
        close(Npy.readFloat(python("segment-mean", List.of(in, idPath))).toArray(), got, "segment mean");

        Path grid = dir.resolve("grid.npy");
        Npy.write(grid, map, height, width);
        float[] sums = new float[pixels];
        int[] counts = new int[pixels];
        ops.boxSums(map, width, height, window, sums, counts);
        float[] both = Npy.readFloat(python("box-sum", List.of(grid), "--window", String.valueOf(window))).toArray();
        float[] expectedSums = java.util.Arrays.copyOfRange(both, 0, pixels);
        float[] expectedCounts = java.util.Arrays.copyOfRange(both, pixels, 2 * pixels);
        close(expectedSums, sums, "box sums");
        float[] countsF = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            countsF[i] = counts[i];
        }
        assertArrayEquals(expectedCounts, countsF, "box counts");

        int k = Math.max(1, pixels / 3);
        try (NpyArray top = Npy.read(python("topk", List.of(in), "--k", String.valueOf(k)))) {
            assertArrayEquals(top.toIntArray(), ops.topK(map, k), "top-k");
        }
    }
}
