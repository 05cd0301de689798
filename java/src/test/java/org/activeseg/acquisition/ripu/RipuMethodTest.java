package org.activeseg.acquisition.ripu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.AcquisitionResult.Selection;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.Granularity;
import org.activeseg.acquisition.LabelState;
import org.junit.jupiter.api.Test;

/**
 * RIPU RA and PA as acquisition methods: per-frame region counts from a fraction budget, pixel
 * budgets split over frames and respected, windows that never overlap, labelled and excluded
 * pixels never picked across rounds, compat's ln 19 against ln C, MC means, recorded parameters.
 */
class RipuMethodTest {

    private static PoolFixture pool(int frames, int t, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        PoolFixture f = new PoolFixture(23, 17, 4);
        for (int i = 0; i < frames; i++) {
            f.addRandom("f" + i, t, rnd);
        }
        return f;
    }

    @Test
    void regionCountPerFrameFollowsTheFraction() throws IOException {
        PoolFixture f = pool(3, 1, 1);
        LabelState state = LabelState.empty();
        AcquisitionResult r = new RipuRegionMethod().run(f.request(Budget.fraction(0.1), false, Map.of(), state));
        int perFrame = (int) Math.ceil(23 * 17 * 0.1 / 9); // 5
        assertEquals(3 * perFrame, r.selection().size());
        assertEquals("ripu-ra", r.method());
        assertEquals(1, r.parameters().get("k"));
        assertEquals("ln C", r.parameters().get("normalisation"));
        for (String id : List.of("f0", "f1", "f2")) {
            BitSet seen = new BitSet();
            long pixels = 0;
            for (Selection s : r.selection()) {
                if (!s.frame().equals(id)) {
                    continue;
                }
                assertEquals(Granularity.WINDOW, s.kind());
                assertEquals(s.y() * 23 + s.x(), s.unit());
                BitSet window = window(s.x(), s.y(), 1, 23, 17);
                assertFalse(window.intersects(seen), "windows overlap in " + id);
                assertEquals(window.cardinality(), s.pixels());
                seen.or(window);
                pixels += s.pixels();
            }
            assertEquals(seen, state.labelledPixels(id));
            assertEquals(pixels, state.labelledPixels(id).cardinality());
            assertTrue(state.excludedPixels(id).cardinality() > pixels, "suppression is wider than the windows");
            float[] score = f.maps.get(id + ".score");
            float[] imp = f.maps.get(id + ".impurity");
            float[] unc = f.maps.get(id + ".uncertainty");
            double mean = 0;
            for (int i = 0; i < score.length; i++) {
                assertEquals(imp[i] * unc[i], score[i], 0f);
                mean += score[i];
            }
            double frameScore = r.frames().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().score();
            assertEquals(mean / score.length, frameScore, 1e-9);
        }
    }

    @Test
    void secondRoundNeverPicksLabelledOrExcludedPixels() throws IOException {
        PoolFixture f = pool(2, 2, 2);
        LabelState state = LabelState.empty();
        BitSet pre = new BitSet();
        pre.set(0, 23 * 4); // top four rows labelled up front
        state.labelPixels("f0", pre);
        new RipuRegionMethod().run(f.request(Budget.fraction(0.05), false, Map.of(), state));
        BitSet excludedAfterFirst = state.excludedPixels("f0");
        BitSet labelledAfterFirst = state.labelledPixels("f0");
        AcquisitionResult second = new RipuRegionMethod().run(f.request(Budget.fraction(0.05), false, Map.of(), state));
        for (Selection s : second.selection()) {
            if (s.frame().equals("f0")) {
                assertFalse(excludedAfterFirst.get(s.unit()), "re-picked an excluded centre " + s);
                assertFalse(labelledAfterFirst.get(s.unit()), "picked a labelled centre " + s);
                assertFalse(window(s.x(), s.y(), 1, 23, 17).intersects(labelledAfterFirst), "window overlaps labels " + s);
            }
        }
    }

    @Test
    void pixelBudgetIsSplitOverFramesAndRespected() throws IOException {
        PoolFixture f = pool(3, 1, 3);
        LabelState state = LabelState.empty();
        AcquisitionResult r = new RipuRegionMethod().run(f.request(Budget.pixels(40), false, Map.of(), state));
        long[] used = new long[3];
        for (Selection s : r.selection()) {
            used[Integer.parseInt(s.frame().substring(1))] += s.pixels();
        }
        long[] share = {14, 13, 13};
        for (int i = 0; i < 3; i++) {
            assertTrue(used[i] <= share[i], "frame " + i + " used " + used[i] + " of " + share[i]);
            assertTrue(used[i] > share[i] - 9, "frame " + i + " stopped early: " + used[i]);
        }
    }

    @Test
    void pixelModeLabelsCentresOnly() throws IOException {
        PoolFixture f = pool(2, 1, 4);
        LabelState state = LabelState.empty();
        AcquisitionResult r = new RipuPixelMethod().run(
                f.request(Budget.fraction(0.02), false, Map.of("k", "3"), state));
        int perFrame = (int) Math.ceil(23 * 17 * 0.02); // 8
        assertEquals(2 * perFrame, r.selection().size());
        Set<Integer> centres = new HashSet<>();
        for (Selection s : r.selection()) {
            assertEquals(Granularity.PIXEL, s.kind());
            assertEquals(1, s.pixels());
            if (s.frame().equals("f1")) {
                centres.add(s.unit());
                for (Selection o : r.selection()) {
                    if (o != s && o.frame().equals("f1")) {
                        assertTrue(Math.abs(o.x() - s.x()) > 3 || Math.abs(o.y() - s.y()) > 3, "suppression radius k");
                    }
                }
            }
        }
        assertEquals(perFrame, state.labelledPixels("f1").cardinality());
        assertEquals(3, r.parameters().get("suppression_radius"));
        assertEquals("none", r.parameters().get("normalisation"));
    }

    @Test
    void compatNormalisesByLn19() throws IOException {
        PoolFixture f = pool(1, 1, 5);
        new RipuRegionMethod().run(f.request(Budget.fraction(0.01), false, Map.of(), LabelState.empty()));
        float[] def = f.maps.get("f0.score").clone();
        float[] impDef = f.maps.get("f0.impurity").clone();
        AcquisitionResult compat = new RipuRegionMethod().run(f.request(Budget.fraction(0.01), true, Map.of(), LabelState.empty()));
        float[] impCompat = f.maps.get("f0.impurity");
        double ratio = Math.log(4) / Math.log(19);
        for (int i = 0; i < def.length; i++) {
            assertEquals(impDef[i] * ratio, impCompat[i], 1e-6);
            assertEquals(def[i] * ratio * ratio, f.maps.get("f0.score")[i], 1e-6);
        }
        assertEquals("ln 19", compat.parameters().get("normalisation"));
        assertTrue(compat.compat());
    }

    static BitSet window(int x, int y, int r, int w, int h) {
        BitSet b = new BitSet();
        for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
            for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                b.set(yy * w + xx);
            }
        }
        return b;
    }
}
