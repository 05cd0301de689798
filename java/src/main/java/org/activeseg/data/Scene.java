package org.activeseg.data;

import java.util.List;

/** An ordered set of frames that see the same space (a ScanNet scan, a synthetic room). */
public record Scene(String id, List<String> frameIds) {
    public Scene {
        frameIds = List.copyOf(frameIds);
    }
}
