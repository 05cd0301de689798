package org.activeseg.acquisition.viewal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.activeseg.backend.ViewOps.SuperpixelCoverage;

/**
 * ViewAL's superpixel selection, which the paper calls region selection (ALGORITHMS.md section 1,
 * step 8): superpixels in descending view-entropy order; for each one not labelled and not done, the
 * candidates are the not-done, not-labelled superpixels of the same scene that overlap it by more than
 * the threshold in either direction; the candidate with the largest view divergence wins (the first in
 * view-entropy order among equals), the candidates are marked done, and the winner's pixels count
 * towards the budget, until the budget is reached. (In this code base "region" is RIPU's: the s x s
 * windows of {@link org.activeseg.backend.RegionOps}.)
 *
 * <p>Default vs compat (1(f).1, 1(f).2): compat truncates VD towards zero before the pick, as the
 * reference's int32 array does; the default also marks done every superpixel that overlaps the winner,
 * using the winner's own scene, while compat marks only the candidates, which is what the reference's
 * global-index bug amounts to in practice. In both modes the winner is marked done, so a superpixel is
 * never selected twice (the reference can re-pick a winner that had no candidates, which labels nothing new).
 */
public final class SuperpixelSelection {

    /**
     * A superpixel of the pool. {@code frame} indexes the scene's frames as the coverage does;
     * {@code pixels} is its pixel count (its budget cost, ignore pixels included).
     */
    public record Superpixel(int scene, int frame, String frameId, int superpixel, double viewEntropy,
                         double viewDivergence, long pixels, boolean labelled) {}

    /** Ranking order: view entropy descending, then scene, frame and superpixel id ascending. */
    public static final Comparator<Superpixel> VIEW_ENTROPY_ORDER = Comparator
            .comparingDouble(Superpixel::viewEntropy).reversed()
            .thenComparingInt(Superpixel::scene)
            .thenComparingInt(Superpixel::frame)
            .thenComparingInt(Superpixel::superpixel);

    private final double overlapThreshold;
    private final boolean truncateVd;
    private final boolean suppressAroundWinner;

    public SuperpixelSelection(double overlapThreshold, boolean truncateVd, boolean suppressAroundWinner) {
        this.overlapThreshold = overlapThreshold;
        this.truncateVd = truncateVd;
        this.suppressAroundWinner = suppressAroundWinner;
    }

    /**
     * Selects within {@code budget} pixels (continuing while fewer are selected).
     *
     * @param superpixels every candidate superpixel of the pool, in any order
     * @param coverages   per scene index, its superpixel coverage
     * @return the winners in pick order
     */
    public List<Superpixel> select(List<Superpixel> superpixels, List<SuperpixelCoverage> coverages, long budget) {
        List<Superpixel> rows = new ArrayList<>(superpixels);
        rows.sort(VIEW_ENTROPY_ORDER);
        int n = rows.size();
        List<List<Integer>> byScene = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int s = rows.get(i).scene();
            while (byScene.size() <= s) {
                byScene.add(new ArrayList<>());
            }
            byScene.get(s).add(i);
        }
        boolean[] done = new boolean[n];
        List<Superpixel> picked = new ArrayList<>();
        long selected = 0;
        for (int ctr = 0; ctr < n && selected < budget; ctr++) {
            Superpixel r = rows.get(ctr);
            if (r.labelled() || done[ctr]) {
                continue;
            }
            SuperpixelCoverage cov = coverages.get(r.scene());
            List<Integer> scene = byScene.get(r.scene());
            int winner = -1;
            double best = Double.NEGATIVE_INFINITY;
            List<Integer> candidates = new ArrayList<>();
            for (int v : scene) {
                Superpixel o = rows.get(v);
                if (done[v] || o.labelled() || !overlaps(cov, r, o)) {
                    continue;
                }
                candidates.add(v);
                double key = divergenceKey(o.viewDivergence());
                if (winner < 0 || key > best) {
                    winner = v;
                    best = key;
                }
            }
            if (winner < 0) {
                winner = ctr;
            } else {
                if (suppressAroundWinner) {
                    Superpixel w = rows.get(winner);
                    for (int v : scene) {
                        if (!done[v] && overlaps(cov, w, rows.get(v))) {
                            done[v] = true;
                        }
                    }
                }
                for (int v : candidates) {
                    done[v] = true;
                }
            }
            done[winner] = true;
            Superpixel w = rows.get(winner);
            picked.add(w);
            selected += w.pixels();
        }
        return picked;
    }

    /** The value compared in the max-divergence pick: VD, or VD truncated towards zero (compat). */
    double divergenceKey(double vd) {
        return truncateVd ? (double) (int) vd : vd;
    }

    /** Whether a and b overlap by more than the threshold in either direction. */
    private boolean overlaps(SuperpixelCoverage cov, Superpixel a, Superpixel b) {
        return cov.fraction(a.frame(), a.superpixel(), b.frame(), b.superpixel()) > overlapThreshold
                || cov.fraction(b.frame(), b.superpixel(), a.frame(), a.superpixel()) > overlapThreshold;
    }
}
