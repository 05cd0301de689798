package org.activeseg.stream;

/**
 * A frame a {@link SceneSession} refused (bad value, wrong size, duplicate id, unknown method input):
 * the message names the frame and the value; the session holds what it held before.
 */
public final class FrameRejectedException extends IllegalArgumentException {
    private final String frameId;

    public FrameRejectedException(String frameId, String problem) {
        super("frame " + frameId + ": " + problem);
        this.frameId = frameId;
    }

    public FrameRejectedException(String frameId, String problem, Throwable cause) {
        super("frame " + frameId + ": " + problem, cause);
        this.frameId = frameId;
    }

    /** The id of the rejected frame. */
    public String frameId() {
        return frameId;
    }
}
