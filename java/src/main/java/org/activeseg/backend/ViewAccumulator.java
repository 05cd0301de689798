package org.activeseg.backend;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ViewAL's per-target accumulation (ALGORITHMS.md section 1, steps 4-5): for one target frame t, the
 * sums of the probabilities of every point that landed on each pixel, the sum of the per-point
 * divergences {@code sum_c P_t,c (log2(P_t,c + 1e-8) - log2(P_j,c + 1e-8))} and the point count; from
 * them view entropy and view divergence. {@link ReferenceViewOps} adds every source frame of a scene
 * once; a streaming scene session adds a source when it arrives and removes it when it is evicted
 * (removal subtracts the same terms, so the sums equal those of the frames held, up to rounding of
 * about 1e-16 relative).
 *
 * <p>Probabilities are (C, P) planes at {@code base} in a float segment, P contiguous; logs are the
 * matching float table of {@code log2(p + 1e-8)} from {@link #tabulateLogs}. Not thread-safe.
 */
public final class ViewAccumulator {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final double INV_LN2 = 1.0 / Math.log(2.0);
    /** Epsilon inside VE's logarithm (ALGORITHMS.md 0.1). */
    static final double VE_EPS = 1e-12;
    /** Epsilon inside VD's ratio (ALGORITHMS.md 0.1). */
    static final double VD_EPS = 1e-8;

    private final int classes;
    private final int pixels;
    private final MemorySegment targetProbs;
    private final long targetBase;
    private final double[] sums;
    private final double[] divergence;
    private final int[] count;
    private final double[] self;
    private long landed;

    /** An empty accumulator for the target whose probabilities and log table start at {@code base}. */
    public ViewAccumulator(int classes, int pixels, MemorySegment probs, MemorySegment logs, long base) {
        this.classes = classes;
        this.pixels = pixels;
        this.targetProbs = probs;
        this.targetBase = base;
        this.sums = new double[classes * pixels];
        this.divergence = new double[pixels];
        this.count = new int[pixels];
        this.self = new double[pixels];
        for (int k = 0; k < classes; k++) {
            long plane = base + (long) k * pixels;
            for (int u = 0; u < pixels; u++) {
                self[u] += probs.getAtIndex(F32, plane + u) * (double) logs.getAtIndex(F32, plane + u);
            }
        }
    }

    /** Fills {@code count} floats of {@code logs} from {@code from} with {@code log2(p + 1e-8)} of {@code probs}. */
    public static void tabulateLogs(MemorySegment probs, MemorySegment logs, long from, long count) {
        for (long i = from; i < from + count; i++) {
            double v = probs.getAtIndex(F32, i);
            logs.setAtIndex(F32, i, (float) (Math.log(v + VD_EPS) * INV_LN2));
        }
    }

    /**
     * Adds the points of a source frame: {@code corr[i]} is the target pixel source pixel i lands on, or
     * -1 ({@code Reprojection.correspondences}). Returns the number of points that landed.
     */
    public long add(int[] corr, MemorySegment probs, MemorySegment logs, long base) {
        return accumulate(corr, probs, logs, base, false);
    }

    /** Removes the points {@link #add} added for the same source and correspondences; returns their number. */
    public long remove(int[] corr, MemorySegment probs, MemorySegment logs, long base) {
        return accumulate(corr, probs, logs, base, true);
    }

    private long accumulate(int[] corr, MemorySegment probs, MemorySegment logs, long base, boolean subtract) {
        int p = pixels;
        long n = 0;
        for (int i = 0; i < corr.length; i++) {
            int u = corr[i];
            if (u < 0) {
                continue;
            }
            n++;
            double cross = 0;
            for (int k = 0; k < classes; k++) {
                long at = base + (long) k * p + i;
                cross += targetProbs.getAtIndex(F32, targetBase + (long) k * p + u) * (double) logs.getAtIndex(F32, at);
            }
            if (subtract) {
                count[u]--;
                for (int k = 0; k < classes; k++) {
                    sums[k * p + u] -= probs.getAtIndex(F32, base + (long) k * p + i);
                }
                divergence[u] -= self[u] - cross;
            } else {
                count[u]++;
                for (int k = 0; k < classes; k++) {
                    sums[k * p + u] += probs.getAtIndex(F32, base + (long) k * p + i);
                }
                divergence[u] += self[u] - cross;
            }
        }
        landed += subtract ? -n : n;
        return n;
    }

    /** Points that landed in the target so far (0: no projection reached it). */
    public long landed() {
        return landed;
    }

    /**
     * Writes VE and VD of the target's P pixels at {@code out} of two float segments: 0 where no point
     * landed, else {@code VE = -sum_c Q_c log2(Q_c + 1e-12)} of the row-normalised sums and VD the mean
     * divergence per point.
     */
    public void write(MemorySegment ve, MemorySegment vd, long out) {
        int p = pixels;
        for (int u = 0; u < p; u++) {
            if (count[u] == 0) {
                ve.setAtIndex(F32, out + u, 0f);
                vd.setAtIndex(F32, out + u, 0f);
                continue;
            }
            double row = 0;
            for (int k = 0; k < classes; k++) {
                row += sums[k * p + u];
            }
            double h = 0;
            for (int k = 0; k < classes; k++) {
                double q = sums[k * p + u] / row;
                h -= q * Math.log(q + VE_EPS);
            }
            ve.setAtIndex(F32, out + u, (float) (h * INV_LN2));
            vd.setAtIndex(F32, out + u, (float) (divergence[u] / count[u]));
        }
    }
}
