package org.activeseg.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;
import org.activeseg.acquisition.viewal.SuperpixelSelection.Superpixel;
import org.activeseg.acquisition.viewal.ViewAlParameters;
import org.activeseg.backend.ViewOps.CoverageKey;
import org.activeseg.backend.ViewOps.SuperpixelCoverage;
import org.activeseg.backend.ViewOps.Visibility;
import org.activeseg.geometry.ViewOverlap;

/**
 * ViewAL on a stream (ALGORITHMS.md section 1): adding a frame projects it into each held frame and
 * each held frame into it (2F + 1 correspondence maps, O(F) pairs, not the batch's O(F^2); only the
 * source tiles {@link ViewOverlap} cannot rule out), adding the points to the targets'
 * {@link org.activeseg.backend.ViewAccumulator}s; each target keeps the points every source added, so
 * evicting a frame subtracts exactly what it added without projecting again. The new frame's own accumulator adds its sources in frame order, as
 * the batch does. Superpixel coverage is kept per (target, source) pair as integer counts, so it is
 * exact after any sequence of adds and evictions. The new frame is scored at once; the new frame's
 * projections into the held frames are deferred until after the add ({@link #settle}); earlier frames a
 * projection reached are rescored when their scores are asked for (only their changed pixels).
 */
final class ViewAlScene implements SceneScores {
    private final ViewAlParameters params;
    private final Visibility visibility;
    private final Map<String, ViewAlView> views = new HashMap<>();
    private final Set<String> touched = new HashSet<>();
    private final ViewBuffers buffers = new ViewBuffers();
    /** The last add's work that its new frame's scores do not need, or null; see {@link #settle}. */
    private Runnable deferred;
    /** The frame that add added (its own scores need no settling). */
    private ViewAlView deferredFor;
    private Throwable failure;

    ViewAlScene(ViewAlParameters params) {
        this.params = params;
        this.visibility = params.visibility();
    }

    @Override
    public void check(HeldFrame frame) {
        if (!frame.frame().hasSuperpixels()) {
            throw new FrameRejectedException(frame.id(), "viewal needs superpixels, but the frame has none");
        }
        if (params.maskGtIgnore() && !frame.frame().hasLabels()) {
            throw new FrameRejectedException(frame.id(), "mask_gt_ignore (compat) zeroes ground-truth ignore pixels, "
                    + "but the frame has no labels; send labels or set mask_gt_ignore=false");
        }
    }

    @Override
    public void add(HeldFrame frame, List<HeldFrame> held) throws java.io.IOException {
        settle();
        ViewAlView added = new ViewAlView(frame, params.maskGtIgnore(), visibility.projectInvalidDepth(), buffers);
        List<ViewAlView> others = new ArrayList<>();
        for (HeldFrame h : held) {
            if (h != frame) {
                others.add(views.get(h.id()));
            }
        }
        // The new frame's own accumulator takes every held frame's points at once, in frame order, its
        // target pixels split over the cores. Of the other direction, only which held frames the new
        // frame reaches is needed now (their scores change); the new frame's points in them are
        // projected after the new frame is answered (deferred), and enter their accumulators when their
        // scores are next needed. Both landings of a pair are kept in the held frame's arena: the window
        // evicts it first, and the pair goes with it.
        List<ViewAlView> sources = new ArrayList<>();
        for (HeldFrame h : held) {
            sources.add(h == frame ? added : views.get(h.id()));
        }
        Landings[] into = new Landings[sources.size()];
        boolean[] reached = new boolean[others.size()];
        double threshold = visibility.worldDistanceThreshold();
        IntStream.range(0, into.length + others.size()).parallel().forEach(i -> {
            if (i < into.length) {
                ViewAlView source = sources.get(i);
                into[i] = landings(source, added, source.arena);
            } else {
                ViewAlView target = others.get(i - into.length);
                reached[i - into.length] = ViewOverlap.lands(added.footprint, target.footprint, threshold);
            }
        });
        added.fill(sources, List.of(into), ViewAlView.WRITE_PARTS);
        touched(others, reached);
        views.put(added.id(), added);
        added.rescore();
        deferredFor = added;
        deferred = () -> IntStream.range(0, others.size()).parallel().forEach(i -> {
            ViewAlView target = others.get(i);
            target.add(added, reached[i] ? landings(added, target, target.arena) : Landings.none(target.tiles));
        });
    }

    @Override
    public boolean hasDeferredWork() {
        return deferred != null;
    }

    /**
     * Does the last add's deferred work (the new frame's points in the held frames) if it is still to
     * do: every other operation on the scene calls this first, so the scene is as if the add had done
     * it. A failure breaks the scene (its state would be half updated): every later call throws.
     */
    @Override
    public void settle() {
        if (failure != null) {
            throw new IllegalStateException("the scene is broken: an earlier update failed: " + failure, failure);
        }
        Runnable work = deferred;
        if (work == null) {
            return;
        }
        deferred = null;
        deferredFor = null;
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void evict(HeldFrame frame, List<HeldFrame> held) {
        settle();
        ViewAlView gone = views.remove(frame.id());
        List<ViewAlView> others = held.stream().map(h -> views.get(h.id())).toList();
        boolean[] reached = new boolean[others.size()];
        IntStream.range(0, others.size()).parallel().forEach(i -> reached[i] = others.get(i).remove(gone) > 0);
        touched.remove(gone.id());
        touched(others, reached);
        gone.retire();
    }

    private void touched(List<ViewAlView> targets, boolean[] reached) {
        for (int i = 0; i < reached.length; i++) {
            if (reached[i]) {
                touched.add(targets.get(i).id());
            }
        }
    }

    @Override
    public Set<String> takeChanged() {
        Set<String> out = Set.copyOf(touched);
        touched.clear();
        return out;
    }

    /** Rescores every frame whose accumulator changed since it was last scored, in parallel. */
    @Override
    public void refresh() {
        settle();
        List<ViewAlView> stale = views.values().stream().filter(ViewAlView::isStale).toList();
        IntStream.range(0, stale.size()).parallel().forEach(i -> stale.get(i).rescore());
    }

    /**
     * Reprojection's correspondences of the pair, projecting only the source tiles that may land, kept
     * in {@code arena}.
     */
    private Landings landings(ViewAlView source, ViewAlView target, LandingArena arena) {
        int[] map = CORRESPONDENCES.get();
        if (map.length != source.frame.pixels()) {
            map = new int[source.frame.pixels()];
            CORRESPONDENCES.set(map);
        }
        return Landings.of(ViewOverlap.correspondences(source.footprint, target.footprint,
                visibility.worldDistanceThreshold(), map), target.tiles, arena);
    }

    /** Per thread, the correspondence map a pair is projected into before its landings are kept. */
    private static final ThreadLocal<int[]> CORRESPONDENCES = ThreadLocal.withInitial(() -> new int[0]);

    @Override
    public FrameScore score(String frameId) {
        ViewAlView v = views.get(frameId);
        if (v != deferredFor) {
            settle();
        }
        if (v.isStale()) {
            v.rescore();
        }
        return v.score;
    }

    @Override
    public boolean keepsProbabilities() {
        return false;
    }

    /**
     * Adds this scene's candidate superpixels (scene index {@code sceneIndex}, frames indexed in
     * {@code held}'s order, as the coverage) to {@code regions}, and returns the scene's coverage, as batch
     * ViewAL builds them: only frames some point landed in are candidates; fractions are count / area.
     */
    SuperpixelCoverage contribute(int sceneIndex, List<HeldFrame> held, List<Superpixel> regions) {
        refresh();
        Map<String, Integer> index = new HashMap<>();
        for (int f = 0; f < held.size(); f++) {
            index.put(held.get(f).id(), f);
        }
        List<Map<CoverageKey, Double>> targets = new ArrayList<>();
        for (int f = 0; f < held.size(); f++) {
            ViewAlView t = views.get(held.get(f).id());
            long[] area = t.means.pixels();
            if (t.landed() > 0) {
                for (int k = 0; k < t.superpixelIds.length; k++) {
                    regions.add(new Superpixel(sceneIndex, f, t.id(), t.superpixelIds[k], t.means.first()[k],
                            t.means.second()[k], area[k], false));
                }
            }
            Map<CoverageKey, Double> m = new HashMap<>();
            for (Map.Entry<String, ViewAlView.Coverage> e : t.coverageCounts.entrySet()) {
                ViewAlView s = views.get(e.getKey());
                int j = index.get(e.getKey());
                int ss = s.superpixelIds.length;
                int[] keys = e.getValue().keys();
                int[] counts = e.getValue().counts();
                for (int n = 0; n < keys.length; n++) {
                    int a = keys[n] / ss;
                    m.put(new CoverageKey(t.superpixelIds[a], j, s.superpixelIds[keys[n] % ss]), (double) counts[n] / area[a]);
                }
            }
            targets.add(m);
        }
        return new SuperpixelCoverage(targets);
    }

    /** The MC sample count of a held frame (recorded as batch ViewAL records {@code mc_samples}). */
    int samples(String frameId) {
        settle();
        return views.get(frameId).samples;
    }

    /**
     * Heap bytes the scene holds: its views (probabilities, logs, accumulators, kept landings), the
     * rows and landing arenas of evicted frames that pending removals still need, and the arrays kept
     * for the next views.
     */
    @Override
    public long bytes() {
        settle();
        long b = 0;
        for (ViewAlView v : views.values()) {
            b += v.bytes();
        }
        java.util.Set<ViewAlView> dead = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        views.values().forEach(v -> v.retained().forEach(dead::add));
        for (ViewAlView d : dead) {
            b += d.retainedBytes();
        }
        return b + buffers.bytes();
    }

    /** Applies every view's pending additions and removals, which frees evicted frames' rows, and drops the spare arrays. */
    @Override
    public void compact() {
        settle();
        List<ViewAlView> all = List.copyOf(views.values());
        IntStream.range(0, all.size()).parallel().forEach(i -> all.get(i).applyPendingNow());
        buffers.clear();
    }

    @Override
    public void close() {
        deferred = null;
        deferredFor = null;
        views.clear();
    }
}
