package org.activeseg.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;

/**
 * One scene's frames as they arrive: a bounded window (the oldest frame is evicted when a new one
 * would exceed it, or, with a memory bound, while the held frames and the scoring state take more heap
 * than the bound allows; the newest frame always stays) and the method's scores of the frames held, equal to batch scoring of exactly those
 * frames. Frames are applied one at a time in arrival order (a fair lock); a rejected frame leaves the
 * session as it was. Obtain sessions from a {@link StreamScorer}.
 */
public final class SceneSession implements AutoCloseable {
    private final String sceneId;
    private final SceneScores scores;
    private final int window;
    private final long maxBytes;
    private final StreamNetwork network;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final TreeMap<String, HeldFrame> held = new TreeMap<>(FrameOrder.ORDER);
    private final ArrayDeque<String> arrival = new ArrayDeque<>();
    private FrameCheck.SceneShape shape;
    private boolean closed;
    private volatile long lastUsed = System.nanoTime();

    SceneSession(String sceneId, SceneScores scores, int window, long maxBytes, StreamNetwork network) {
        this.network = network;
        this.sceneId = sceneId;
        this.scores = scores;
        this.window = window;
        this.maxBytes = maxBytes;
    }

    public String sceneId() {
        return sceneId;
    }

    /**
     * Checks and adds a frame, evicting the oldest frames beyond the window, and returns the new
     * frame's scores and the earlier frames whose scores changed (their new scores come from
     * {@link #scores()}, computed when asked for).
     *
     * @throws FrameRejectedException when the frame is bad (named, with the value); the session goes on
     */
    public FrameUpdate add(FrameInput input) {
        Added added = addLocked(input);
        if (added.settleLater()) {
            SETTLER.execute(this::settleDeferred);
        }
        return added.update();
    }

    private record Added(FrameUpdate update, boolean settleLater) {}

    /**
     * Work an add deferred (ViewAL: the new frame's points in the held frames) is done here, on this
     * thread, after the caller was answered, unless the scene's next call came first and did it.
     */
    private static final java.util.concurrent.ExecutorService SETTLER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "activeseg-stream-settle");
        t.setDaemon(true);
        return t;
    });

    private void settleDeferred() {
        lock.lock();
        try {
            if (!closed) {
                scores.settle();
            }
        } catch (RuntimeException e) {
            // the scene is broken (SceneScores.settle): the next call on it reports the failure
            org.slf4j.LoggerFactory.getLogger(SceneSession.class).warn("scene {}: deferred update failed", sceneId, e);
        } finally {
            lock.unlock();
        }
    }

    private Added addLocked(FrameInput input) {
        lock.lock();
        try {
            lastUsed = System.nanoTime();
            if (closed) {
                throw new IllegalStateException("scene " + sceneId + " is closed");
            }
            if (input.id() != null && held.containsKey(input.id())) {
                throw new FrameRejectedException(input.id(), "duplicate frame id: scene " + sceneId + " already holds it");
            }
            HeldFrame frame = FrameCheck.admit(input, sceneId, shape, network, !scores.keepsProbabilities());
            try {
                scores.check(frame);
            } catch (IOException | RuntimeException e) {
                frame.close();
                throw e instanceof FrameRejectedException r ? r : new FrameRejectedException(input.id(), e.getMessage(), e);
            }
            List<String> evicted = new ArrayList<>();
            Set<String> changed = new LinkedHashSet<>();
            while (held.size() >= window) {
                evictOldest(evicted);
            }
            held.put(frame.id(), frame);
            arrival.addLast(frame.id());
            try {
                scores.add(frame, heldFrames());
            } catch (IOException | RuntimeException e) {
                held.remove(frame.id());
                arrival.removeLast();
                frame.close();
                throw e;
            }
            if (!scores.keepsProbabilities()) {
                held.put(frame.id(), frame.released());
            }
            if (maxBytes > 0) {
                boundMemory(evicted);
            }
            changed.addAll(scores.takeChanged());
            if (shape == null) {
                shape = new FrameCheck.SceneShape(frame.frame().width(), frame.frame().height(), frame.classes());
            }
            changed.remove(frame.id());
            changed.removeAll(evicted);
            List<String> changedIds = held.keySet().stream().filter(changed::contains).toList();
            return new Added(new FrameUpdate(sceneId, scores.score(frame.id()), changedIds, evicted),
                    scores.hasDeferredWork());
        } catch (IOException e) {
            throw new UncheckedIOException("scene " + sceneId + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void evictOldest(List<String> evicted) throws IOException {
        String oldest = arrival.removeFirst();
        HeldFrame gone = held.remove(oldest);
        scores.evict(gone, heldFrames());
        gone.close();
        evicted.add(oldest);
    }

    /**
     * Evicts the oldest frames while the scene takes more than {@code maxBytes}, doing the scores'
     * deferred work (which frees evicted frames' memory) before each eviction; the newest frame stays.
     */
    private void boundMemory(List<String> evicted) throws IOException {
        while (held.size() > 1 && bytes() > maxBytes) {
            scores.compact();
            if (bytes() <= maxBytes) {
                return;
            }
            evictOldest(evicted);
        }
    }

    /** Bytes of the held frames and of the scoring state; the caller holds the lock. */
    long bytes() {
        long b = scores.bytes();
        for (HeldFrame f : held.values()) {
            b += f.bytes();
        }
        return b;
    }

    /** Bytes of the held frames and of the scoring state (what a memory bound counts). */
    public long memoryBytes() {
        lock.lock();
        try {
            return bytes();
        } finally {
            lock.unlock();
        }
    }

    /** The scores of every held frame, in frame order. */
    public List<FrameScore> scores() {
        lock.lock();
        try {
            scores.refresh();
            return held.keySet().stream().map(scores::score).toList();
        } finally {
            lock.unlock();
        }
    }

    /** The ids of the held frames, in frame order. */
    public List<String> frameIds() {
        lock.lock();
        try {
            return List.copyOf(held.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** The held frames in frame order; the caller holds the lock. */
    List<HeldFrame> heldFrames() {
        return List.copyOf(held.values());
    }

    /** Nanoseconds (System.nanoTime) of the last frame added, or of the opening. */
    long lastUsed() {
        return lastUsed;
    }

    SceneScores sceneScores() {
        return scores;
    }

    ReentrantLock lock() {
        return lock;
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** Frees every held frame; later adds are refused. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                scores.close();
                held.values().forEach(HeldFrame::close);
                held.clear();
                arrival.clear();
            }
        } finally {
            lock.unlock();
        }
    }
}
