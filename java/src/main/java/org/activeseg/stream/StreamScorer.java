package org.activeseg.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.activeseg.acquisition.Budget;
import org.activeseg.backend.ScoringBackend;

/**
 * The streaming scorer: scene sessions by id, each holding a bounded window of frames whose scores
 * equal batch `activeseg score` over the frames it holds, with selection at any time over one, some or
 * all scenes. Thread-safe: frames of different scenes are applied concurrently, one scene's frames in
 * arrival order. The backend belongs to the caller.
 *
 * <pre>{@code
 * try (StreamScorer scorer = new StreamScorer(StreamConfig.of("viewal"), new ReferenceScoringBackend())) {
 *     FrameUpdate u = scorer.add("scene0007_00", FrameInput.of(id, w, h, depth, k, pose, probs, classes, spx));
 *     StreamSelection s = scorer.select(Budget.pixels(20_000));
 * }
 * }</pre>
 */
public final class StreamScorer implements AutoCloseable {
    private final StreamConfig config;
    private final StreamMethod method;
    private final ScoringBackend backend;
    private final StreamNetwork network;
    private final ConcurrentHashMap<String, SceneSession> scenes = new ConcurrentHashMap<>();

    public StreamScorer(StreamConfig config, ScoringBackend backend) {
        this(config, backend, null);
    }

    /**
     * A scorer whose sessions run {@code network} (null: none) on frames that arrive with RGB but
     * without probabilities; frames that carry probabilities are taken as they are.
     */
    public StreamScorer(StreamConfig config, ScoringBackend backend, StreamNetwork network) {
        this.network = network;
        this.config = config;
        this.backend = backend;
        this.method = StreamMethod.of(config, backend);
    }

    public StreamConfig config() {
        return config;
    }

    /** The name of the backend batch scoring runs on. */
    public String backendName() {
        return backend.name();
    }

    /** The session of a scene, opened on first use. */
    public SceneSession session(String sceneId) {
        if (sceneId == null || sceneId.isBlank()) {
            throw new IllegalArgumentException("a scene needs a non-empty id");
        }
        return scenes.computeIfAbsent(sceneId, id -> new SceneSession(id, method.open(id), config.window(), config.maxBytes(), network));
    }

    /** The session of a scene if it is open. */
    public Optional<SceneSession> find(String sceneId) {
        return Optional.ofNullable(scenes.get(sceneId));
    }

    /** The open scenes' ids, sorted. */
    public List<String> sceneIds() {
        return List.copyOf(new TreeSet<>(scenes.keySet()));
    }

    /** Adds a frame to a scene (opened on first use); see {@link SceneSession#add}. */
    public FrameUpdate add(String sceneId, FrameInput frame) {
        return session(sceneId).add(frame);
    }

    /** Closes a scene and frees its frames; false when it was not open. */
    public boolean closeScene(String sceneId) {
        SceneSession s = scenes.remove(sceneId);
        if (s != null) {
            s.close();
        }
        return s != null;
    }

    /**
     * Closes the scenes that received no frame for longer than {@code idle} (a robot that vanished
     * mid-stream); returns their ids.
     */
    public List<String> closeIdle(java.time.Duration idle) {
        long now = System.nanoTime();
        List<String> closed = new ArrayList<>();
        for (var e : scenes.entrySet()) {
            if (now - e.getValue().lastUsed() > idle.toNanos() && scenes.remove(e.getKey(), e.getValue())) {
                e.getValue().close();
                closed.add(e.getKey());
            }
        }
        return closed;
    }

    /** Selection over every open scene. */
    public StreamSelection select(Budget budget) {
        return select(budget, scenes.keySet());
    }

    /**
     * Scores and selection over the frames the given scenes hold now, equal to batch scoring of those
     * frames (scenes in id order, frames in frame order). Unknown scenes are an error naming them.
     */
    public StreamSelection select(Budget budget, Collection<String> sceneIds) {
        List<SceneSession> sessions = new ArrayList<>();
        for (String id : new TreeSet<>(sceneIds)) {
            SceneSession s = scenes.get(id);
            if (s == null) {
                throw new IllegalArgumentException("unknown scene '" + id + "'; open scenes: " + sceneIds());
            }
            sessions.add(s);
        }
        List<SceneSession> locked = new ArrayList<>();
        try {
            for (SceneSession s : sessions) {
                s.lock().lock();
                locked.add(s);
            }
            List<SceneSession> nonEmpty = sessions.stream().filter(s -> !s.isEmpty()).toList();
            if (nonEmpty.isEmpty()) {
                throw new IllegalStateException("no frames to select from in scenes " + sceneIds);
            }
            long pixels = nonEmpty.stream().flatMap(s -> s.heldFrames().stream()).mapToLong(f -> f.frame().pixels()).sum();
            long budgetPixels = budget.resolve(pixels);
            return new StreamSelection(method.select(nonEmpty, budget), budgetPixels);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            for (SceneSession s : locked) {
                s.lock().unlock();
            }
        }
    }

    /** Closes every scene. */
    @Override
    public void close() {
        for (String id : List.copyOf(scenes.keySet())) {
            closeScene(id);
        }
    }
}
