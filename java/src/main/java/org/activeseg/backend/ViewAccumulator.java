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
 * <p>Probabilities are read at {@code base + k * classStride + i * pixelStride} of a float segment:
 * (C, P) planes (class stride P, pixel stride 1, the batch layout) or (P, C) rows (class stride 1, pixel
 * stride C, the streaming layout, where one point's classes are contiguous); logs are the matching float
 * table of {@code log2(p + 1e-8)} from {@link #tabulateLogs}. The sums are kept pixel-major (a pixel's
 * classes contiguous). Not thread-safe.
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
    private final long targetClassStride;
    private final long targetPixelStride;
    private final double[] sums;
    private final double[] divergence;
    private final int[] count;
    private final double[] self;
    private long landed;

    /** An empty accumulator for the target whose (C, P) probabilities and log table start at {@code base}. */
    public ViewAccumulator(int classes, int pixels, MemorySegment probs, MemorySegment logs, long base) {
        this(classes, pixels, probs, logs, base, pixels, 1);
    }

    /** An empty accumulator for a target laid out with the given strides (in floats). */
    public ViewAccumulator(int classes, int pixels, MemorySegment probs, MemorySegment logs, long base, long classStride,
                           long pixelStride) {
        this.classes = classes;
        this.pixels = pixels;
        this.targetProbs = probs;
        this.targetBase = base;
        this.targetClassStride = classStride;
        this.targetPixelStride = pixelStride;
        this.sums = new double[classes * pixels];
        this.divergence = new double[pixels];
        this.count = new int[pixels];
        this.self = new double[pixels];
        for (int k = 0; k < classes; k++) {
            for (int u = 0; u < pixels; u++) {
                long at = base + k * classStride + u * pixelStride;
                self[u] += probs.getAtIndex(F32, at) * (double) logs.getAtIndex(F32, at);
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
     * Adds the points of a source frame laid out as (C, P) at {@code base}: {@code corr[i]} is the target
     * pixel source pixel i lands on, or -1 ({@code Reprojection.correspondences}). Returns the number of
     * points that landed.
     */
    public long add(int[] corr, MemorySegment probs, MemorySegment logs, long base) {
        return accumulate(corr, probs, logs, base, pixels, 1, false);
    }

    /** {@link #add} for a source laid out with the given strides (in floats). */
    public long add(int[] corr, MemorySegment probs, MemorySegment logs, long base, long classStride, long pixelStride) {
        return accumulate(corr, probs, logs, base, classStride, pixelStride, false);
    }

    /** Removes the points {@link #add} added for the same source and correspondences; returns their number. */
    public long remove(int[] corr, MemorySegment probs, MemorySegment logs, long base, long classStride, long pixelStride) {
        return accumulate(corr, probs, logs, base, classStride, pixelStride, true);
    }

    private long accumulate(int[] corr, MemorySegment probs, MemorySegment logs, long base, long classStride,
                            long pixelStride, boolean subtract) {
        int c = classes;
        long n = 0;
        for (int i = 0; i < corr.length; i++) {
            int u = corr[i];
            if (u < 0) {
                continue;
            }
            n++;
            long source = base + i * pixelStride;
            long target = targetBase + u * targetPixelStride;
            double cross = 0;
            for (int k = 0; k < c; k++) {
                cross += targetProbs.getAtIndex(F32, target + k * targetClassStride)
                        * (double) logs.getAtIndex(F32, source + k * classStride);
            }
            int row = u * c;
            if (subtract) {
                count[u]--;
                for (int k = 0; k < c; k++) {
                    sums[row + k] -= probs.getAtIndex(F32, source + k * classStride);
                }
                divergence[u] -= self[u] - cross;
            } else {
                count[u]++;
                for (int k = 0; k < c; k++) {
                    sums[row + k] += probs.getAtIndex(F32, source + k * classStride);
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
        for (int u = 0; u < pixels; u++) {
            write(u, ve, vd, out);
        }
    }

    /** {@link #write} for the pixels set in {@code which} only. */
    public void write(MemorySegment ve, MemorySegment vd, long out, java.util.BitSet which) {
        for (int u = which.nextSetBit(0); u >= 0 && u < pixels; u = which.nextSetBit(u + 1)) {
            write(u, ve, vd, out);
        }
    }

    private void write(int u, MemorySegment ve, MemorySegment vd, long out) {
        if (count[u] == 0) {
            ve.setAtIndex(F32, out + u, 0f);
            vd.setAtIndex(F32, out + u, 0f);
            return;
        }
        int c = classes;
        int at = u * c;
        double row = 0;
        for (int k = 0; k < c; k++) {
            row += sums[at + k];
        }
        double h = 0;
        for (int k = 0; k < c; k++) {
            double q = sums[at + k] / row;
            h -= q * Math.log(q + VE_EPS);
        }
        ve.setAtIndex(F32, out + u, (float) (h * INV_LN2));
        vd.setAtIndex(F32, out + u, (float) (divergence[u] / count[u]));
    }
}
