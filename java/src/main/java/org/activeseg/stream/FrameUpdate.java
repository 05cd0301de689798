package org.activeseg.stream;

import java.util.List;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;

/**
 * What adding one frame did to its scene: the new frame's scores, the earlier frames whose scores
 * changed (with their new scores, in frame order) and the frames the window evicted to make room.
 */
public record FrameUpdate(String scene, FrameScore frame, List<FrameScore> changed, List<String> evicted) {
    public FrameUpdate {
        changed = List.copyOf(changed);
        evicted = List.copyOf(evicted);
    }
}
