package org.activeseg.acquisition.coreset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.ripu.PoolFixture;
import org.activeseg.backend.ReferenceDiversityOps;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.tensor.Npy;
import org.activeseg.testing.NumpyScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coreset method: labelled frames act as centres, the farthest frame is picked first, the
 * pixel budget stops the greedy, the pooled embedding of a hand-made frame, an unavailable
 * embedding source is an error, and k-center greedy against benchmarks/python/coreset.py.
 */
class CoresetMethodTest {
    @TempDir
    Path dir;

    /** A 8 x 4 frame whose every pixel has probabilities (a, 1 - a). */
    private static float[] constant(float a) {
        float[] v = new float[2 * 32];
        for (int i = 0; i < 32; i++) {
            v[i] = a;
            v[32 + i] = 1 - a;
        }
        return v;
    }

    @Test
    void labelledFrameIsACentreAndTheFarthestIsPickedFirst() throws Exception {
        PoolFixture f = new PoolFixture(8, 4, 2);
        f.add("f0", 1, constant(1f)).add("f1", 1, constant(0.9f)).add("f2", 1, constant(0f)).add("f3", 1, constant(0.5f));
        LabelState state = LabelState.empty();
        BitSet one = new BitSet();
        one.set(3);
        state.labelPixels("f0", one);
        AcquisitionResult r = new CoresetMethod().run(f.request(Budget.pixels(40), false, Map.of(), state));
        // f2 (distance to f0 is the largest), then f3 (0.5 from both f0 and f2) reaches 64 >= 40 pixels
        assertEquals(List.of("f2", "f3"), r.selection().stream().map(AcquisitionResult.Selection::frame).toList());
        assertEquals(32, r.selection().get(0).pixels());
        assertEquals(32, state.labelledPixels("f2").cardinality());
        double d = Math.sqrt(2 * 32 * 1.0); // 64 dims (2 classes x 32 cells), each differing by 1
        assertEquals(d, r.frames().stream().filter(s -> s.id().equals("f2")).findFirst().orElseThrow().score(), 1e-6);
        assertEquals(3, r.frames().size(), "the labelled frame is a centre, not a candidate");
        assertEquals(1, r.parameters().get("initial_centres"));
    }

    @Test
    void pooledEmbeddingOfAHandFrame() throws Exception {
        PoolFixture f = new PoolFixture(8, 4, 2);
        float[] v = new float[64];
        for (int i = 0; i < 32; i++) {
            v[i] = (i % 8) / 8f; // class 0 grows with x
            v[32 + i] = 1 - v[i];
        }
        f.add("a", 1, v);
        float[] out = new float[2 * 2 * 4];
        try (FloatTensor probs = f.source().load("a")) {
            CoresetMethod.pool(probs, f.dataset().frame("a"), 2, 4, out, 0);
        }
        // cells of 2 x 2 pixels: columns (0,1) -> mean 1/16, (2,3) -> 5/16, (4,5) -> 9/16, (6,7) -> 13/16
        assertArrayEquals(new float[] {1 / 16f, 5 / 16f, 9 / 16f, 13 / 16f, 1 / 16f, 5 / 16f, 9 / 16f, 13 / 16f,
                15 / 16f, 11 / 16f, 7 / 16f, 3 / 16f, 15 / 16f, 11 / 16f, 7 / 16f, 3 / 16f}, out, 1e-7f);
    }

    @Test
    void unavailableEmbeddingSourceIsAnError() {
        PoolFixture f = new PoolFixture(8, 4, 2);
        f.add("f0", 1, constant(1f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CoresetMethod()
                .run(f.request(Budget.pixels(1), false, Map.of("embeddings", "decoder"), LabelState.empty())));
        assertTrue(e.getMessage().contains("decoder"), e.getMessage());
    }

    @Test
    void kCenterGreedyMatchesNumpy() throws Exception {
        NumpyScript.requireNumpy("CoresetMethodTest.kCenterGreedyMatchesNumpy");
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 3; trial++) {
            int n = 300 + trial;
            int d = 16;
            float[] v = new float[n * d];
            for (int i = 0; i < v.length; i++) {
                v[i] = trial == 2 ? rnd.nextInt(3) : (float) rnd.nextGaussian(); // trial 2: duplicates and ties
            }
            int[] centres = trial == 0 ? new int[0] : new int[] {5, 77};
            Path t = dir.resolve("t" + trial);
            Files.createDirectories(t);
            Npy.write(t.resolve("x.npy"), v, n, d);
            Npy.write(t.resolve("centres.npy"), centres, centres.length);
            NumpyScript.run("coreset.py", t, 40, 9);
            List<Double> dist = new ArrayList<>();
            int[] picks;
            try (FloatTensor x = FloatTensor.of(v, n, d)) {
                picks = new ReferenceDiversityOps().kCenterGreedy(x, centres, 9, 40, (i, dd) -> dist.add(dd));
            }
            assertArrayEquals(Npy.read(t.resolve("picks.npy")).toIntArray(), picks, "trial " + trial);
            float[] expected = Npy.readFloat(t.resolve("dist.npy")).toArray();
            for (int i = 1; i < expected.length; i++) {
                assertEquals(expected[i], dist.get(i), 1e-5, "trial " + trial + " pick " + i);
            }
        }
    }
}
