package org.activeseg.stream;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.activeseg.acquisition.AcquisitionMethod;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.MapSink;
import org.activeseg.backend.ScoringBackend;

/**
 * Scene scores of a method without an incremental form, through the batch method itself: a method
 * whose frame scores depend on the frame alone ({@link AcquisitionMethod#scoresFramesIndependently},
 * the entropy family, BALD, RIPU, learning loss) scores each new frame once in a pool of its own and
 * nothing else changes; any other (random, core-set) rescores the scene's held frames on every add
 * and eviction, and reports the frames whose score moved.
 */
final class BatchScene implements SceneScores {
    /** The budget of a scoring-only run: one pixel, always within a one-frame pool. */
    private static final Budget SCORING_BUDGET = Budget.pixels(1);

    private final String sceneId;
    private final AcquisitionMethod method;
    private final StreamConfig config;
    private final ScoringBackend backend;
    private final Map<String, FrameScore> scores = new HashMap<>();
    private final Set<String> changed = new HashSet<>();
    private FrameScore checked;

    BatchScene(String sceneId, AcquisitionMethod method, StreamConfig config, ScoringBackend backend) {
        this.sceneId = sceneId;
        this.method = method;
        this.config = config;
        this.backend = backend;
    }

    /** Runs the batch method over {@code pool} with {@code budget}. */
    static AcquisitionResult run(AcquisitionMethod method, StreamConfig config, ScoringBackend backend, HeldPool pool,
                                 Budget budget) throws IOException {
        AcquisitionRequest request = new AcquisitionRequest(pool.dataset(), pool.pool(), pool, budget, config.compat(),
                config.parameters(), LabelState.empty(), backend, MapSink.NONE, config.seed());
        return method.run(request);
    }

    @Override
    public void check(HeldFrame frame) throws IOException {
        checked = run(method, config, backend, HeldPool.of(sceneId, List.of(frame)), SCORING_BUDGET).frames().getFirst();
    }

    @Override
    public void add(HeldFrame frame, List<HeldFrame> held) throws IOException {
        scores.put(frame.id(), checked);
        if (!method.scoresFramesIndependently()) {
            rescore(held);
        }
    }

    @Override
    public void evict(HeldFrame frame, List<HeldFrame> held) throws IOException {
        scores.remove(frame.id());
        changed.remove(frame.id());
        if (!method.scoresFramesIndependently() && !held.isEmpty()) {
            rescore(held);
        }
    }

    @Override
    public Set<String> takeChanged() {
        Set<String> out = Set.copyOf(changed);
        changed.clear();
        return out;
    }

    @Override
    public void refresh() {
    }

    private void rescore(List<HeldFrame> held) throws IOException {
        for (FrameScore s : run(method, config, backend, HeldPool.of(sceneId, held), SCORING_BUDGET).frames()) {
            FrameScore before = scores.put(s.id(), s);
            if (before != null && !before.equals(s)) {
                changed.add(s.id());
            }
        }
    }

    @Override
    public FrameScore score(String frameId) {
        return scores.get(frameId);
    }

    /** Only the frame scores: what this scene scores from, the held frames' probabilities, the session counts. */
    @Override
    public long bytes() {
        long b = 0;
        for (FrameScore s : scores.values()) {
            b += 64 + 48L * s.superpixels().size();
        }
        return b;
    }

    @Override
    public boolean keepsProbabilities() {
        return true;
    }

    @Override
    public void close() {
        scores.clear();
    }
}
