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
    /** The target's (P, C) rows when made by {@link #ofRows} (the streaming layout on the heap), else null. */
    private final float[] targetRows;
    /** The target's tiles, in which row points are grouped ({@link #ofRows} only, else null). */
    private final PixelTiles tiles;
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
        this.targetRows = null;
        this.tiles = null;
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

    /** An accumulator over heap (P, C) rows whose state arrays are already cleared and hold the self terms. */
    private ViewAccumulator(int classes, PixelTiles tiles, float[] rows, float[] logRows, RowState state) {
        int pixels = tiles.pixels();
        if (rows.length != (long) classes * pixels || logRows.length != rows.length) {
            throw new IllegalArgumentException("rows hold " + rows.length + " and " + logRows.length + " floats, expected "
                    + (long) classes * pixels + " (" + pixels + " pixels x " + classes + " classes)");
        }
        if (state.sums().length != rows.length || state.divergence().length != pixels || state.count().length != pixels
                || state.self().length != pixels) {
            throw new IllegalArgumentException("state arrays of " + state.sums().length + ", " + state.divergence().length
                    + ", " + state.count().length + ", " + state.self().length + " entries for " + pixels + " pixels x "
                    + classes + " classes");
        }
        this.classes = classes;
        this.pixels = pixels;
        this.targetProbs = MemorySegment.ofArray(rows);
        this.targetBase = 0;
        this.targetClassStride = 1;
        this.targetPixelStride = classes;
        this.targetRows = rows;
        this.tiles = tiles;
        this.sums = state.sums();
        this.divergence = state.divergence();
        this.count = state.count();
        this.self = state.self();
    }

    /**
     * The arrays a row-layout accumulator keeps its state in (contents arbitrary when handed to
     * {@link #prepareRows}, which clears them), so that a streaming session can reuse an evicted frame's
     * for the next one.
     */
    public record RowState(double[] sums, double[] divergence, int[] count, double[] self) {
        /** Fresh arrays for {@code pixels} pixels of {@code classes} classes. */
        public static RowState allocate(int classes, int pixels) {
            return new RowState(new double[Math.multiplyExact(classes, pixels)], new double[pixels], new int[pixels],
                    new double[pixels]);
        }
    }

    /**
     * An empty accumulator for a target of {@code tiles}' size held as heap (P, C) rows (one pixel's
     * classes contiguous) with the matching {@link #tabulateLogs} table: the layout of a streaming
     * session, whose points are added with {@link #add(RowPoints)}, grouped by tile.
     */
    public static ViewAccumulator ofRows(int classes, PixelTiles tiles, float[] rows, float[] logRows) {
        int pixels = tiles.pixels();
        ViewAccumulator a = new ViewAccumulator(classes, tiles, rows, logRows, RowState.allocate(classes, pixels));
        for (int u = 0; u < pixels; u++) {
            int at = u * classes;
            double s = 0;
            for (int k = 0; k < classes; k++) {
                s += rows[at + k] * (double) logRows[at + k];
            }
            a.self[u] = s;
        }
        return a;
    }

    /** Pixels per block of {@link #prepareRows}: a block's rows (5 KB at 40 classes) stay in L1 while transposed. */
    private static final int PREPARE_BLOCK = 32;

    /**
     * Does for target pixels [from, to) what {@link #ofRows} and {@link #tabulateLogs} do for all of them,
     * in one pass that keeps each block of pixels in cache, so that disjoint ranges can run in parallel:
     * transposes the (C, P) probability planes {@code planes} into (P, C) {@code rows}, tabulates their
     * logs into {@code logRows}, writes the self terms {@code sum_c P_c log2(P_c + 1e-8)} (in class order,
     * the same doubles as {@link #ofRows}) and clears the sums, divergences and counts. When every range
     * of [0, pixels) is prepared, {@link #ofPreparedRows} makes the accumulator.
     */
    public static void prepareRows(int classes, int pixels, float[] planes, float[] rows, float[] logRows, RowState state,
                                   int from, int to) {
        int c = classes;
        long n = (long) classes * pixels;
        if (planes.length < n || rows.length != n || logRows.length != n || state.sums().length != n
                || state.self().length != pixels || state.divergence().length != pixels || state.count().length != pixels) {
            throw new IllegalArgumentException("arrays of " + planes.length + ", " + rows.length + ", " + logRows.length
                    + " and " + state.sums().length + " floats / doubles for " + pixels + " pixels x " + classes + " classes");
        }
        if (from < 0 || to > pixels || from > to) {
            throw new IllegalArgumentException("pixel range [" + from + ", " + to + ") outside [0, " + pixels + ")");
        }
        double[] self = state.self();
        for (int lo = from; lo < to; lo += PREPARE_BLOCK) {
            int hi = Math.min(to, lo + PREPARE_BLOCK);
            for (int k = 0; k < c; k++) {
                int plane = k * pixels;
                for (int u = lo; u < hi; u++) {
                    rows[u * c + k] = planes[plane + u];
                }
            }
            for (int u = lo; u < hi; u++) {
                int at = u * c;
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    float l = logEntry(rows[at + k]);
                    logRows[at + k] = l;
                    sum += rows[at + k] * (double) l;
                }
                self[u] = sum;
            }
        }
        java.util.Arrays.fill(state.sums(), from * c, to * c, 0.0);
        java.util.Arrays.fill(state.divergence(), from, to, 0.0);
        java.util.Arrays.fill(state.count(), from, to, 0);
    }

    /**
     * An empty accumulator for a target whose rows, logs and state {@link #prepareRows} prepared over every
     * pixel of {@code tiles}: the same accumulator as {@link #ofRows} of those rows and logs.
     */
    public static ViewAccumulator ofPreparedRows(int classes, PixelTiles tiles, float[] rows, float[] logRows,
                                                 RowState state) {
        return new ViewAccumulator(classes, tiles, rows, logRows, state);
    }

    /** The arrays of a row-layout accumulator ({@link #ofRows}, {@link #ofPreparedRows}), for reuse once it is no longer used. */
    public RowState state() {
        if (targetRows == null) {
            throw new IllegalStateException("only an accumulator made by ofRows hands out its state");
        }
        return new RowState(sums, divergence, count, self);
    }

    /** {@link #tabulateLogs} over heap arrays: {@code logs[i] = log2(probs[i] + 1e-8)}. */
    public static void tabulateLogs(float[] probs, float[] logs, int from, int count) {
        for (int i = from; i < from + count; i++) {
            logs[i] = logEntry(probs[i]);
        }
    }

    /** Fills {@code count} floats of {@code logs} from {@code from} with {@code log2(p + 1e-8)} of {@code probs}. */
    public static void tabulateLogs(MemorySegment probs, MemorySegment logs, long from, long count) {
        for (long i = from; i < from + count; i++) {
            logs.setAtIndex(F32, i, logEntry(probs.getAtIndex(F32, i)));
        }
    }

    /** One entry of the log table, the same for both layouts: {@code log2(p + 1e-8)} in double, rounded once. */
    private static float logEntry(float p) {
        return (float) (TableLog.ln(p + VD_EPS) * INV_LN2);
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

    /**
     * One source's landed points in the row layout: source pixel {@code sources[j]} on target pixel
     * {@code targets[j]}, grouped by the target's {@link PixelTiles} (tile t's points are
     * [{@code tileStarts[t]}, {@code tileStarts[t + 1]})) and in source pixel order within a tile, so
     * that every target pixel sees its points in source pixel order. The points are the {@code count}
     * entries from {@code tileStarts[0]} (the arrays may hold other sources' points around them).
     */
    public record RowPoints(int[] sources, int[] targets, int count, float[] rows, float[] logRows, int[] tileStarts) {}

    /** Adds a source's points ({@link #ofRows} targets only). Returns how many. */
    public long add(RowPoints points) {
        checkRows(points);
        accumulateRows(points, points.tileStarts()[0], points.tileStarts()[0] + points.count(), false);
        landed += points.count();
        return points.count();
    }

    /** Removes the points {@link #add(RowPoints)} added with the same argument. Returns how many. */
    public long remove(RowPoints points) {
        checkRows(points);
        accumulateRows(points, points.tileStarts()[0], points.tileStarts()[0] + points.count(), true);
        landed -= points.count();
        return points.count();
    }

    /**
     * Adds several sources' points, tile by tile on up to {@code parts} threads of the common pool (a
     * tile's sums are written by one thread only, and stay in its cache while every source's points of
     * the tile go in). The class sums take the points in list order for every pixel, as repeated
     * {@link #add(RowPoints)} calls would; the divergence takes the cross terms of all the sources at
     * once, {@code sum_j P_t . log2 P_j = P_t . sum_j log2 P_j} (the log rows summed in double, one dot
     * product per pixel instead of one per point), which differs from adding them point by point only
     * in rounding (about 1e-16 relative). Returns the points added.
     */
    public long addAll(java.util.List<RowPoints> sources, int parts) {
        for (RowPoints p : sources) {
            checkRows(p);
        }
        java.util.stream.IntStream each = java.util.stream.IntStream.range(0, tiles.count());
        (parts > 1 ? each.parallel() : each).forEach(t -> addTile(sources, t));
        long n = 0;
        for (RowPoints p : sources) {
            n += p.count();
        }
        landed += n;
        return n;
    }

    /** Per thread, a tile's summed log rows and the points each of its pixels took (by index in the tile). */
    private static final ThreadLocal<double[]> TILE_SCRATCH = ThreadLocal.withInitial(() -> new double[0]);
    private static final ThreadLocal<int[]> TILE_COUNTS = ThreadLocal.withInitial(() -> new int[PixelTiles.TILE_PIXELS]);

    private void addTile(java.util.List<RowPoints> sources, int tile) {
        int c = classes;
        double[] logSum = TILE_SCRATCH.get();
        if (logSum.length < PixelTiles.TILE_PIXELS * c) {
            logSum = new double[PixelTiles.TILE_PIXELS * c];
            TILE_SCRATCH.set(logSum);
        }
        int[] taken = TILE_COUNTS.get();
        java.util.Arrays.fill(logSum, 0, PixelTiles.TILE_PIXELS * c, 0.0);
        java.util.Arrays.fill(taken, 0);
        double[] sum = sums;
        PixelTiles g = tiles;
        for (RowPoints p : sources) {
            float[] rows = p.rows();
            float[] logRows = p.logRows();
            int[] sourcePixels = p.sources();
            int[] targetPixels = p.targets();
            int to = p.tileStarts()[tile + 1];
            for (int j = p.tileStarts()[tile]; j < to; j++) {
                int u = targetPixels[j];
                if (g.tileOf(u) != tile) {
                    throw new IllegalArgumentException("point " + j + " lands on target pixel " + u + " of tile "
                            + g.tileOf(u) + ", but is listed in tile " + tile);
                }
                int src = sourcePixels[j] * c;
                int dst = u * c;
                int local = g.localOf(u);
                int at = local * c;
                taken[local]++;
                for (int k = 0; k < c; k++) {
                    sum[dst + k] += rows[src + k];
                }
                for (int k = 0; k < c; k++) {
                    logSum[at + k] += logRows[src + k];
                }
            }
        }
        float[] t = targetRows;
        int left = g.x0(tile), top = g.y0(tile);
        for (int local = 0; local < PixelTiles.TILE_PIXELS; local++) {
            int n = taken[local];
            if (n == 0) {
                continue;
            }
            // every point counted here was checked to lie in this tile
            int u = (top + local / PixelTiles.TILE_WIDTH) * g.width() + left + local % PixelTiles.TILE_WIDTH;
            int at = local * c;
            int dst = u * c;
            double x0 = 0, x1 = 0, x2 = 0, x3 = 0;
            int k = 0;
            for (; k + 3 < c; k += 4) {
                x0 += t[dst + k] * logSum[at + k];
                x1 += t[dst + k + 1] * logSum[at + k + 1];
                x2 += t[dst + k + 2] * logSum[at + k + 2];
                x3 += t[dst + k + 3] * logSum[at + k + 3];
            }
            for (; k < c; k++) {
                x0 += t[dst + k] * logSum[at + k];
            }
            count[u] += n;
            divergence[u] += n * self[u] - ((x0 + x1) + (x2 + x3));
        }
    }

    private void checkRows(RowPoints points) {
        if (targetRows == null) {
            throw new IllegalStateException("row points need an accumulator made by ofRows");
        }
        int c = classes;
        if (points.rows().length % c != 0 || points.logRows().length != points.rows().length) {
            throw new IllegalArgumentException("source rows hold " + points.rows().length + " and "
                    + points.logRows().length + " floats, not whole rows of " + c + " classes");
        }
        int count = tiles.count();
        int[] starts = points.tileStarts();
        if (starts.length != count + 1 || starts[0] < 0 || starts[count] - starts[0] != points.count()) {
            throw new IllegalArgumentException("tile starts of " + starts.length + " entries from " + starts[0]
                    + " to " + starts[starts.length - 1] + " do not cover " + points.count() + " points in " + count
                    + " tiles of " + tiles.width() + " x " + tiles.height() + " pixels");
        }
        long end = (long) starts[0] + points.count();
        if (end > points.sources().length || end > points.targets().length) {
            throw new IllegalArgumentException("points up to " + end + " beyond arrays of " + points.sources().length
                    + " sources and " + points.targets().length + " targets");
        }
    }

    /**
     * The row layout's accumulation of points [from, to): the cross term
     * {@code sum_c P_t,c log2 P_j,c} in four partial sums (the products are exact in double; only the
     * order of the additions differs from the strided path, about 1e-16 relative), the class sums as
     * one contiguous pass the JIT vectorises.
     */
    private void accumulateRows(RowPoints points, int from, int to, boolean subtract) {
        int c = classes;
        float[] rows = points.rows();
        float[] logRows = points.logRows();
        int[] sourcePixels = points.sources();
        int[] targetPixels = points.targets();
        float[] t = targetRows;
        double[] sum = sums;
        for (int j = from; j < to; j++) {
            int u = targetPixels[j];
            int src = sourcePixels[j] * c;
            int dst = u * c;
            double x0 = 0, x1 = 0, x2 = 0, x3 = 0;
            int k = 0;
            for (; k + 3 < c; k += 4) {
                x0 += t[dst + k] * (double) logRows[src + k];
                x1 += t[dst + k + 1] * (double) logRows[src + k + 1];
                x2 += t[dst + k + 2] * (double) logRows[src + k + 2];
                x3 += t[dst + k + 3] * (double) logRows[src + k + 3];
            }
            for (; k < c; k++) {
                x0 += t[dst + k] * (double) logRows[src + k];
            }
            double cross = (x0 + x1) + (x2 + x3);
            if (subtract) {
                count[u]--;
                for (k = 0; k < c; k++) {
                    sum[dst + k] -= rows[src + k];
                }
                divergence[u] -= self[u] - cross;
            } else {
                count[u]++;
                for (k = 0; k < c; k++) {
                    sum[dst + k] += rows[src + k];
                }
                divergence[u] += self[u] - cross;
            }
        }
    }

    /** Heap bytes of the sums, divergences, counts and self terms. */
    public long bytes() {
        return 8L * sums.length + 20L * pixels;
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

    /** {@link #write} for the pixels set in {@code which}, in {@code parts} bands on the common pool. */
    public void write(MemorySegment ve, MemorySegment vd, long out, java.util.BitSet which, int parts) {
        int bands = Math.max(1, Math.min(parts, pixels));
        java.util.stream.IntStream.range(0, bands).parallel().forEach(b -> {
            int lo = (int) ((long) b * pixels / bands);
            int hi = (int) ((long) (b + 1) * pixels / bands);
            for (int u = which.nextSetBit(lo); u >= 0 && u < hi; u = which.nextSetBit(u + 1)) {
                write(u, ve, vd, out);
            }
        });
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
            h -= q * TableLog.ln(q + VE_EPS);
        }
        ve.setAtIndex(F32, out + u, (float) (h * INV_LN2));
        vd.setAtIndex(F32, out + u, (float) (divergence[u] / count[u]));
    }
}
