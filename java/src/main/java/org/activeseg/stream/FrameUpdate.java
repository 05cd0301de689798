package org.activeseg.stream;

import java.util.List;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;

/**
 * What adding one frame did to its scene: the new frame's scores, the ids of the earlier frames whose
 * scores it changed (in frame order; their scores from {@link SceneSession#scores()}) and the frames
 * the window evicted to make room.
 */
public record FrameUpdate(String scene, FrameScore frame, List<String> changed, List<String> evicted) {
    public FrameUpdate {
        changed = List.copyOf(changed);
        evicted = List.copyOf(evicted);
    }
}
