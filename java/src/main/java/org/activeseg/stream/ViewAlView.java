package org.activeseg.stream;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;
import org.activeseg.acquisition.SampleStream;
import org.activeseg.acquisition.viewal.ViewAlMethod;
import org.activeseg.acquisition.viewal.ViewAlMethod.SuperpixelMeans;
import org.activeseg.backend.PixelTiles;
import org.activeseg.backend.ViewAccumulator;
import org.activeseg.data.Frame;
import org.activeseg.geometry.ViewOverlap;

/**
 * One held frame in an incremental ViewAL scene, as a target of the other frames' projections: its
 * MC-averaged probabilities and their log table as heap (P, C) rows, one point's classes contiguous
 * (what it contributes as a source), its {@link ViewOverlap.Footprint} (which of its tiles can land
 * where), its {@link ViewAccumulator} (what the held frames contributed to it), per source frame the
 * points that landed here (so that evicting the source subtracts them without projecting again) and
 * the superpixel coverage counts, its VE and VD maps with the pixels whose accumulators changed since
 * they were last written, and its superpixel means and score.
 */
final class ViewAlView {
    final Frame frame;
    /** The frame's tiles, in which the points landing in it are grouped. */
    final PixelTiles tiles;
    final int samples;
    /** Null once retired. */
    ViewOverlap.Footprint footprint;
    private ViewAccumulator accumulator;
    /** Superpixel ids ascending, and each pixel's index into them. */
    final int[] superpixelIds;
    final int[] dense;
    /** Per source frame id: how many points of each source superpixel landed in each of this frame's. */
    final Map<String, Coverage> coverageCounts = new HashMap<>();

    /**
     * Sparse coverage counts of one (target, source) pair: {@code counts[j]} points of source superpixel
     * {@code keys[j] % sourceSuperpixels} landed in target superpixel {@code keys[j] / sourceSuperpixels},
     * keys ascending, zero counts left out (a target superpixel meets a few source superpixels, not all).
     */
    record Coverage(int[] keys, int[] counts) {
        long bytes() {
            return 8L * keys.length;
        }
    }
    /** Per source frame id: the source's points that landed here. */
    private final Map<String, Landings> landings = new HashMap<>();
    /**
     * Where the landings of this frame's pairs with the frames that arrived after it (both directions)
     * and with itself are kept; released with the rows, when nothing reads them any more.
     */
    final LandingArena arena;
    /**
     * Sources whose points are to enter or leave the accumulator when this frame's scores are next
     * needed, in the order they arrived or left (keyed by the source view itself: an evicted id may
     * arrive again). A pending removal keeps the evicted source's rows alive until then or until this
     * frame is evicted itself, so at most a window of evicted frames is kept.
     */
    private final Map<ViewAlView, Pending> pending = new java.util.LinkedHashMap<>();

    private record Pending(ViewAlView source, Landings landed, boolean remove) {}
    private final ViewBuffers buffers;
    private final float[] rows;
    private final float[] logRows;
    /** Pending removals in held views that still need this (evicted) view's rows and logs. */
    private final java.util.concurrent.atomic.AtomicInteger retainers = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean retired;
    private final java.util.concurrent.atomic.AtomicBoolean rowsReleased = new java.util.concurrent.atomic.AtomicBoolean();
    private final boolean maskGtIgnore;
    private final int classes;
    private final float[] ve;
    private final float[] vd;
    private final BitSet stale;
    SuperpixelMeans means;
    FrameScore score;
    /** Threads that share one frame's accumulation and VE / VD writing. */
    static final int WRITE_PARTS = Math.max(1, Runtime.getRuntime().availableProcessors());

    /**
     * Averages the held frame's samples as batch ViewAL does (double, in sample order, rounded once; one
     * sample is taken as it is, which is the same number), taking its arrays from {@code buffers}.
     */
    ViewAlView(HeldFrame held, boolean maskGtIgnore, boolean projectInvalidDepth, ViewBuffers buffers)
            throws java.io.IOException {
        this.frame = held.frame();
        this.samples = held.samples();
        this.maskGtIgnore = maskGtIgnore;
        this.buffers = buffers;
        int c = held.classes();
        int p = frame.pixels();
        int n = Math.multiplyExact(c, p);
        this.classes = c;
        float[] m = borrowedPlanes(held, n);
        boolean pooled = false;
        if (m == null) {
            try (SampleStream s = SampleStream.of(held.probabilities(), frame.id())) {
                if (s.samples() == 1) {
                    m = buffers.floats(n);
                    pooled = true;
                    s.next().copyTo(0, m, 0, n);
                } else {
                    m = SampleStream.mean(s);
                }
            }
        }
        // Transposition to rows, the log table, the self terms and the cleared sums, block by block of
        // pixels across the cores; the footprint (back-projections and tile boxes) as one more task.
        this.rows = buffers.floats(n);
        this.logRows = buffers.floats(n);
        ViewAccumulator.RowState state = new ViewAccumulator.RowState(buffers.doubles(n), buffers.doubles(p),
                buffers.ints(p), buffers.doubles(p));
        double[] world = buffers.doubles(Math.multiplyExact(3, p));
        ViewOverlap.Footprint[] made = new ViewOverlap.Footprint[1];
        float[] planes = m;
        int ranges = (p + PREPARE_PIXELS - 1) / PREPARE_PIXELS;
        java.util.stream.IntStream.rangeClosed(0, ranges).parallel().forEach(r -> {
            if (r == ranges) {
                made[0] = ViewOverlap.Footprint.of(frame.camera(), frame.depth(), projectInvalidDepth, world);
            } else {
                ViewAccumulator.prepareRows(c, p, planes, rows, logRows, state, r * PREPARE_PIXELS,
                        Math.min(p, (r + 1) * PREPARE_PIXELS));
            }
        });
        this.footprint = made[0];
        if (pooled) {
            buffers.give(m);
        }
        this.arena = new LandingArena(buffers, p);
        this.tiles = PixelTiles.of(frame.width(), frame.height());
        this.accumulator = ViewAccumulator.ofPreparedRows(c, tiles, rows, logRows, state);
        this.ve = buffers.floats(p);
        this.vd = buffers.floats(p);
        this.stale = new BitSet(p);
        stale.set(0, p);
        int[] spx = frame.superpixels();
        this.superpixelIds = distinctSorted(spx);
        this.dense = buffers.ints(p);
        for (int i = 0; i < p; i++) {
            // neighbouring pixels mostly share a superpixel: search only when the id changes
            dense[i] = i > 0 && spx[i] == spx[i - 1] ? dense[i - 1] : Arrays.binarySearch(superpixelIds, spx[i]);
        }
    }

    /** Pixels per task of the preparation of a new view's rows (19 tasks at 320x240, shared by the cores). */
    private static final int PREPARE_PIXELS = 4096;

    /**
     * The frame's averaged (C, P) probabilities when they are the caller's own heap array, lent for the
     * add (FrameCheck.admit borrows it for ViewAL), so they are read in place; else null.
     */
    private static float[] borrowedPlanes(HeldFrame held, int n) {
        MemorySegment given = held.probabilities().segment();
        if (held.samples() == 1 && given.heapBase().orElse(null) instanceof float[] a && a.length == n
                && given.address() == 0 && given.byteSize() == 4L * n) {
            return a;
        }
        return null;
    }

    /** The distinct values of {@code ids}, ascending. */
    static int[] distinctSorted(int[] ids) {
        int[] sorted = ids.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (n == 0 || sorted[i] != sorted[n - 1]) {
                sorted[n++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, n);
    }

    String id() {
        return frame.id();
    }

    /**
     * Fills the accumulator of a new frame with every held source's points (the frame itself
     * included), in {@code sources}' order for every pixel, on up to {@code parts} threads.
     */
    void fill(List<ViewAlView> sources, List<Landings> landed, int parts) {
        List<ViewAccumulator.RowPoints> points = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            ViewAlView source = sources.get(i);
            Landings l = landed.get(i);
            landings.put(source.id(), l);
            coverageCounts.put(source.id(), coverage(source, l));
            markStale(l);
            points.add(l.points(source.rows, source.logRows));
        }
        accumulator.addAll(points, parts);
    }

    /**
     * Records source's points that landed here; they enter the accumulator when this frame's scores
     * are next needed ({@link #rescore}), so a source evicted before then costs nothing. Returns how many.
     */
    long add(ViewAlView source, Landings landed) {
        landings.put(source.id(), landed);
        coverageCounts.put(source.id(), coverage(source, landed));
        if (landed.count() > 0) {
            pending.put(source, new Pending(source, landed, false));
        }
        return landed.count();
    }

    /**
     * Takes out what {@link #add} or {@link #fill} put in for {@code source}: a pending addition is
     * dropped; points already in the accumulator leave it when the scores are next needed. Returns how
     * many points the source had here.
     */
    long remove(ViewAlView source) {
        Landings landed = landings.remove(source.id());
        coverageCounts.remove(source.id());
        if (pending.remove(source) == null && landed.count() > 0) {
            source.retainers.incrementAndGet();
            pending.put(source, new Pending(source, landed, true));
        }
        return landed.count();
    }

    /** Applies the pending additions and removals now (their pixels are rewritten at the next rescore). */
    void applyPendingNow() {
        applyPending();
    }

    /** Applies the pending additions and removals, in the order they came. */
    private void applyPending() {
        for (Pending p : pending.values()) {
            Landings l = p.landed();
            markStale(l);
            if (p.remove()) {
                accumulator.remove(l.points(p.source().rows, p.source().logRows));
                p.source().releaseOne();
            } else {
                accumulator.add(l.points(p.source().rows, p.source().logRows));
            }
        }
        pending.clear();
    }

    /**
     * Drops what this view holds as a target (accumulator, maps, landings, its own pending work) once it
     * is evicted, handing the arrays back to the scene's buffers: only its rows and logs stay, until the
     * pending removals in views that are still held no longer need them.
     */
    void retire() {
        for (Pending p : pending.values()) {
            if (p.remove()) {
                p.source().releaseOne();
            }
        }
        pending.clear();
        ViewAccumulator.RowState state = accumulator.state();
        buffers.give(state.sums());
        buffers.give(state.divergence());
        buffers.give(state.count());
        buffers.give(state.self());
        buffers.give(footprint.points());
        buffers.give(ve);
        buffers.give(vd);
        buffers.give(dense);
        accumulator = null;
        footprint = null;
        landings.clear();
        coverageCounts.clear();
        retired = true;
        if (retainers.get() == 0) {
            releaseRows();
        }
    }

    /** One pending removal that needed this view's rows is done (applied or dropped). */
    private void releaseOne() {
        if (retainers.decrementAndGet() == 0 && retired) {
            releaseRows();
        }
    }

    private void releaseRows() {
        if (rowsReleased.compareAndSet(false, true)) {
            buffers.give(rows);
            buffers.give(logRows);
            arena.release();
        }
    }

    /** The evicted sources whose rows and landings this view keeps for a pending removal. */
    java.util.stream.Stream<ViewAlView> retained() {
        return pending.values().stream().filter(Pending::remove).map(Pending::source);
    }

    /** Heap bytes of what this view lends to pending removals in other views once evicted: rows, logs, landings. */
    long retainedBytes() {
        return 8L * rows.length + arena.bytes();
    }

    /** Points of all sources that landed here, applied or pending. */
    long landed() {
        long n = 0;
        for (Landings l : landings.values()) {
            n += l.count();
        }
        return n;
    }

    private void markStale(Landings landed) {
        int[] t = landed.targets();
        for (int j = landed.from(), to = j + landed.count(); j < to; j++) {
            stale.set(t[j]);
        }
    }

    /** Whether some pixel's accumulator changed since the last {@link #rescore}. */
    boolean isStale() {
        return !stale.isEmpty() || !pending.isEmpty();
    }

    private Coverage coverage(ViewAlView source, Landings landed) {
        int ss = source.superpixelIds.length;
        int cells = Math.multiplyExact(superpixelIds.length, ss);
        int[] cellCounts = COVERAGE.get();
        if (cellCounts.length < cells) {
            cellCounts = new int[cells];
            COVERAGE.set(cellCounts);
        }
        int[] s = landed.sources();
        int[] t = landed.targets();
        int nonzero = 0;
        for (int j = landed.from(), to = j + landed.count(); j < to; j++) {
            if (cellCounts[dense[t[j]] * ss + source.dense[s[j]]]++ == 0) {
                nonzero++;
            }
        }
        int[] keys = new int[nonzero];
        int[] counts = new int[nonzero];
        for (int key = 0, j = 0; j < nonzero; key++) {
            if (cellCounts[key] != 0) {
                keys[j] = key;
                counts[j++] = cellCounts[key];
                cellCounts[key] = 0;
            }
        }
        return new Coverage(keys, counts);
    }

    /** Per thread, the dense (target superpixel, source superpixel) counts a pair's coverage is made in; all zero between uses. */
    private static final ThreadLocal<int[]> COVERAGE = ThreadLocal.withInitial(() -> new int[0]);

    /** Rewrites VE and VD where the accumulator changed, then the superpixel means and the score. */
    void rescore() {
        applyPending();
        accumulator.write(MemorySegment.ofArray(ve), MemorySegment.ofArray(vd), 0, stale, WRITE_PARTS);
        if (maskGtIgnore) {
            for (int i = stale.nextSetBit(0); i >= 0; i = stale.nextSetBit(i + 1)) {
                if (frame.label(i) == Frame.IGNORE) {
                    ve[i] = 0f;
                    vd[i] = 0f;
                }
            }
        }
        stale.clear();
        means = SuperpixelMeans.of(frame.superpixels(), ve, vd);
        score = ViewAlMethod.frameScore(frame.id(), means);
    }

    /** Heap bytes this view holds beyond its frame: rows, logs, accumulator, maps and kept landings. */
    long bytes() {
        long p = frame.pixels();
        long b = 8L * rows.length + 8L * p + accumulator.bytes() + p / 8 + footprint.bytes() + arena.bytes();
        for (Landings l : landings.values()) {
            b += l.bytes();
        }
        for (Coverage c : coverageCounts.values()) {
            b += c.bytes();
        }
        return b;
    }
}
