package org.activeseg.stream;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;

/**
 * The scores of one scene's held frames, kept up to date as frames arrive and leave. A session calls
 * {@link #check} before it evicts anything, so a frame the method cannot score leaves the scene as it
 * was; {@link #add} and {@link #evict} then do not fail on the frame's content; {@link #refresh} brings
 * the scores up to date once after an add and the evictions it caused. Not thread-safe: the session
 * serialises calls.
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

    /** Brings every held frame's score up to date; returns the ids of frames whose score changed. */
    Set<String> refresh() throws IOException;

    /** The current score of a held frame. */
    FrameScore score(String frameId);

    /** Whether the session must keep a frame's (T, C, P) probabilities after {@link #add}. */
    boolean keepsProbabilities();

    @Override
    void close();
}
