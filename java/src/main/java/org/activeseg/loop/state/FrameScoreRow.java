package org.activeseg.loop.state;

import java.util.Objects;

/** A frame's acquisition score in one round; NaN where the method gave the frame no score. */
public record FrameScoreRow(String frame, double score) {
    public FrameScoreRow {
        Objects.requireNonNull(frame, "frame");
        if (frame.isBlank()) {
            throw new IllegalArgumentException("frame id of a score must not be blank");
        }
    }
}
