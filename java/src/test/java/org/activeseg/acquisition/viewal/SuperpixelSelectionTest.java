package org.activeseg.acquisition.viewal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.acquisition.viewal.SuperpixelSelection.Superpixel;
import org.activeseg.backend.ViewOps.CoverageKey;
import org.activeseg.backend.ViewOps.SuperpixelCoverage;
import org.junit.jupiter.api.Test;

/** Step 8 on constructed scenes: the max-VD pick with and without truncation, labelled superpixels, budget, ties. */
class SuperpixelSelectionTest {

    /** One scene of two frames; superpixel 0 of frame 0 and superpixel 0 of frame 1 overlap by 0.5. */
    static List<SuperpixelCoverage> twoOverlapping(double fraction) {
        Map<CoverageKey, Double> f0 = new HashMap<>();
        Map<CoverageKey, Double> f1 = new HashMap<>();
        f0.put(new CoverageKey(0, 0, 0), 1.0);
        f0.put(new CoverageKey(1, 0, 1), 1.0);
        f1.put(new CoverageKey(0, 1, 0), 1.0);
        f0.put(new CoverageKey(0, 1, 0), fraction);
        return List.of(new SuperpixelCoverage(List.of(f0, f1)));
    }

    static Superpixel superpixel(int frame, int spx, double ve, double vd, long pixels, boolean labelled) {
        return new Superpixel(0, frame, "f" + frame, spx, ve, vd, pixels, labelled);
    }

    @Test
    void truncationChangesTheWinner() {
        // a has the higher VE, b the higher VD; both truncate to 1, so compat keeps a (first in VE order)
        Superpixel a = superpixel(0, 0, 0.9, 1.2, 10, false);
        Superpixel b = superpixel(1, 0, 0.8, 1.7, 10, false);
        Superpixel c = superpixel(0, 1, 0.5, 0.1, 10, false);
        List<Superpixel> pool = List.of(c, b, a);
        assertEquals(List.of(b, c), new SuperpixelSelection(0.25, false, true).select(pool, twoOverlapping(0.5), 20));
        assertEquals(List.of(a, c), new SuperpixelSelection(0.25, true, true).select(pool, twoOverlapping(0.5), 20));
        // the overlap test is strict: at exactly 0.25 they are no candidates of each other
        assertEquals(List.of(a, b), new SuperpixelSelection(0.25, false, true).select(pool, twoOverlapping(0.25), 20));
    }

    @Test
    void truncationTowardsZero() {
        SuperpixelSelection t = new SuperpixelSelection(0.25, true, true);
        assertEquals(1.0, t.divergenceKey(1.99));
        assertEquals(0.0, t.divergenceKey(0.99));
        assertEquals(0.0, t.divergenceKey(-0.5));
        assertEquals(0.75, new SuperpixelSelection(0.25, false, true).divergenceKey(0.75));
    }

    @Test
    void neverSelectsLabelledAndStopsAtTheBudget() {
        Superpixel a = superpixel(0, 0, 0.9, 0.1, 10, true);
        Superpixel b = superpixel(1, 0, 0.8, 0.2, 10, false);
        Superpixel c = superpixel(0, 1, 0.5, 0.1, 10, false);
        // a is labelled: it is skipped and is no candidate of b
        assertEquals(List.of(b, c), new SuperpixelSelection(0.25, false, true).select(List.of(a, b, c), twoOverlapping(0.5), 100));
        // the loop continues while fewer than the budget are selected: 1 pixel still picks one superpixel
        assertEquals(List.of(b), new SuperpixelSelection(0.25, false, true).select(List.of(a, b, c), twoOverlapping(0.5), 1));
        assertEquals(List.of(b), new SuperpixelSelection(0.25, false, true).select(List.of(a, b, c), twoOverlapping(0.5), 10));
    }

    @Test
    void equalViewEntropyTiesBreakBySceneFrameSuperpixel() {
        Superpixel x = superpixel(1, 0, 0.5, 0, 1, false);
        Superpixel y = superpixel(0, 1, 0.5, 0, 1, false);
        Superpixel z = superpixel(0, 0, 0.5, 0, 1, false);
        List<Superpixel> none = List.of();
        SuperpixelCoverage empty = new SuperpixelCoverage(List.of(Map.of(), Map.of()));
        assertEquals(List.of(z, y, x), new SuperpixelSelection(0.25, false, true).select(List.of(x, y, z), List.of(empty), 3));
        assertEquals(none, new SuperpixelSelection(0.25, false, true).select(none, List.of(empty), 3));
    }

    @Test
    void suppressionAroundTheWinnerIsTheDefaultOnly() {
        // ctr = a overlaps b only; the winner b overlaps d (a superpixel that does not overlap a)
        Map<CoverageKey, Double> f0 = new HashMap<>();
        Map<CoverageKey, Double> f1 = new HashMap<>();
        Map<CoverageKey, Double> f2 = new HashMap<>();
        f0.put(new CoverageKey(0, 0, 0), 1.0);
        f1.put(new CoverageKey(0, 1, 0), 1.0);
        f2.put(new CoverageKey(0, 2, 0), 1.0);
        f0.put(new CoverageKey(0, 1, 0), 0.6);
        f2.put(new CoverageKey(0, 1, 0), 0.6);
        List<SuperpixelCoverage> cov = List.of(new SuperpixelCoverage(List.of(f0, f1, f2)));
        Superpixel a = superpixel(0, 0, 0.9, 0.1, 10, false);
        Superpixel b = superpixel(1, 0, 0.8, 0.5, 10, false);
        Superpixel d = superpixel(2, 0, 0.7, 0.0, 10, false);
        assertEquals(List.of(b), new SuperpixelSelection(0.25, false, true).select(List.of(a, b, d), cov, 100));
        assertEquals(List.of(b, d), new SuperpixelSelection(0.25, false, false).select(List.of(a, b, d), cov, 100));
    }
}
