package org.activeseg.loop.state;

import java.util.Objects;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Granularity;

/**
 * One unit given to the oracle in a round. {@code unit} is the superpixel id (SUPERPIXEL), the
 * flat centre pixel y * W + x (WINDOW, PIXEL) or -1 (FRAME); {@code x}, {@code y} the centre
 * (WINDOW, PIXEL) or -1; {@code radius} the window radius (0 where none); {@code pixels} the
 * pixels it added to the labelled set (its budget cost), as in {@link AcquisitionResult.Selection}.
 */
public record LabelledRegion(String frame, Granularity kind, int unit, int x, int y, int radius, long pixels,
                             int round) {

    public LabelledRegion {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(kind, "kind");
        if (frame.isBlank()) {
            throw new IllegalArgumentException("region frame id must not be blank");
        }
        if (pixels < 0 || round < 0 || radius < 0) {
            throw new IllegalArgumentException("region of frame " + frame + ": pixels, round and radius must be >= 0, got "
                    + pixels + ", " + round + ", " + radius);
        }
    }

    /** The region a selection labels in {@code round}. */
    public static LabelledRegion of(AcquisitionResult.Selection s, int round) {
        return new LabelledRegion(s.frame(), s.kind(), s.unit(), s.x(), s.y(), s.radius(), s.pixels(), round);
    }
}
