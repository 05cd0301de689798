package org.activeseg.acquisition.ripu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.SplittableRandom;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.LabelState;
import org.activeseg.tensor.Npy;
import org.activeseg.testing.NumpyScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ripu-ra and ripu-pa methods against benchmarks/python/ripu.py (numpy, written from the spec):
 * impurity, uncertainty and score maps within 1e-5 and the exact pick sequence, with MC samples,
 * pre-labelled pixels, and quantised probabilities that produce exact score ties.
 */
class RipuNumpyCrossCheckTest {
    @TempDir
    Path dir;

    @Test
    void regionModeMatchesNumpy() throws Exception {
        check("ra", 3, 7, Map.of(), false, false);
        check("ra", 1, 8, Map.of(), true, true);
        check("ra", 2, 9, Map.of("k", "2"), false, true);
    }

    @Test
    void pixelModeMatchesNumpy() throws Exception {
        check("pa", 2, 10, Map.of("k", "4"), false, false);
        check("pa", 1, 11, Map.of(), false, true);
    }

    private void check(String mode, int t, long seed, Map<String, String> params, boolean compat, boolean quantised)
            throws Exception {
        NumpyScript.requireNumpy("RipuNumpyCrossCheckTest");
        int w = 37;
        int h = 29;
        int classes = 5;
        SplittableRandom rnd = new SplittableRandom(seed);
        PoolFixture f = new PoolFixture(w, h, classes);
        if (quantised) {
            // four probability patterns only: many exact score ties
            float[][] patterns = {{1, 0, 0, 0, 0}, {0.5f, 0.5f, 0, 0, 0}, {0, 0.25f, 0.25f, 0.5f, 0}, {0, 0, 0, 0, 1}};
            float[] v = new float[t * classes * w * h];
            for (int s = 0; s < t; s++) {
                for (int i = 0; i < w * h; i++) {
                    float[] pat = patterns[(i / 3 + (i % w) / 4 + s) % 4];
                    for (int c = 0; c < classes; c++) {
                        v[(s * classes + c) * w * h + i] = pat[c];
                    }
                }
            }
            f.add("f0", t, v);
        } else {
            f.addRandom("f0", t, rnd);
        }
        LabelState state = LabelState.empty();
        BitSet pre = new BitSet();
        int[] blocked = new int[w * h];
        for (int i = 0; i < w * h; i++) {
            if (rnd.nextInt(20) == 0) {
                pre.set(i);
                blocked[i] = 1;
            }
        }
        state.labelPixels("f0", pre);
        double fraction = 0.08;
        AcquisitionResult r = (mode.equals("ra") ? new RipuRegionMethod() : new RipuPixelMethod())
                .run(f.request(Budget.fraction(fraction), compat, params, state));
        int k = ((Number) r.parameters().get("k")).intValue();
        double norm = ((Number) r.parameters().get("normaliser")).doubleValue();
        int count = (int) Math.ceil(w * h * fraction / (mode.equals("ra") ? (2.0 * k + 1) * (2 * k + 1) : 1.0));

        Path d = dir.resolve(mode + seed);
        java.nio.file.Files.createDirectories(d);
        Npy.write(d.resolve("probs.npy"), f.probabilities.get("f0"), t, classes, (long) w * h);
        Npy.write(d.resolve("blocked.npy"), blocked, (long) w * h);
        NumpyScript.run("ripu.py", mode, d, h, w, k, norm, count);
        for (String map : new String[] {"impurity", "uncertainty", "score"}) {
            float[] expected = Npy.readFloat(d.resolve(map + ".npy")).toArray();
            float[] actual = f.maps.get("f0." + map);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5, mode + " " + map + " at pixel " + i);
            }
        }
        int[] picks = Npy.read(d.resolve("picks.npy")).toIntArray();
        int[] ours = r.selection().stream().mapToInt(AcquisitionResult.Selection::unit).toArray();
        assertArrayEquals(picks, ours, mode + " pick sequence (seed " + seed + ")");
    }
}
