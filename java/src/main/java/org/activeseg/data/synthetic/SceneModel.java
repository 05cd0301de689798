package org.activeseg.data.synthetic;

import java.util.List;
import org.activeseg.geometry.Pose;

/** A generated room and the camera-to-world poses its frames are rendered from (noise-free). */
record SceneModel(Room room, List<Pose> poses) {
    SceneModel {
        poses = List.copyOf(poses);
    }
}
