package org.activeseg.stream;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;

/**
 * The scores of one scene's held frames, kept up to date as frames arrive and leave. A session calls
 * {@link #check} before it evicts anything, so a frame the method cannot score leaves the scene as it
 * was; {@link #add} and {@link #evict} then do not fail on the frame's content. Scores of earlier frames
 * may be brought up to date lazily: {@link #score} and {@link #refresh} do it. Not thread-safe: the
 * session serialises calls.
 */
interface SceneScores extends AutoCloseable {

    /** Rejects a frame the method cannot score (missing superpixels, labels a compat mode reads, ...). */
    void check(HeldFrame frame) throws IOException;

    /**
     * Adds a checked frame. {@code held} is every frame the scene holds afterwards, {@code frame} included,
     * in {@link FrameOrder}.
     */
    void add(HeldFrame frame, List<HeldFrame> held) throws IOException;

    /** Removes a frame; {@code held} is what remains, in frame order. */
    void evict(HeldFrame frame, List<HeldFrame> held) throws IOException;

    /** The ids of held frames whose scores were changed by the adds and evictions since the last call. */
    Set<String> takeChanged();

    /** Brings every held frame's score up to date. */
    void refresh();

    /** The current score of a held frame (brought up to date first if needed). */
    FrameScore score(String frameId);

    /**
     * Heap bytes of the scoring state (what a memory-bounded window counts, beside the held frames),
     * including memory kept for work deferred until scores are asked for.
     */
    long bytes();

    /** Does deferred work that frees memory (a memory-bounded window calls it before evicting for memory). */
    default void compact() {}

    /**
     * Whether the last {@link #add} left work its new frame's scores did not need (see {@link #settle});
     * the session then does it after answering, unless another call comes first.
     */
    default boolean hasDeferredWork() {
        return false;
    }

    /**
     * Does the work the last {@link #add} deferred, if any. Every other method does it first, so the
     * deferral is invisible but for when the time is spent.
     */
    default void settle() {}

    /** Whether the session must keep a frame's (T, C, P) probabilities after {@link #add}. */
    boolean keepsProbabilities();

    @Override
    void close();
}
