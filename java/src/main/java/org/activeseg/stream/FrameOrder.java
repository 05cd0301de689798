package org.activeseg.stream;

import java.util.Comparator;
import org.activeseg.data.DatasetLayout;
import org.activeseg.data.scannet.ScanNetReader;

/**
 * The order of a session's frames, the one batch scoring sees for the same frames: ScanNet-style ids
 * ({@code <scene>_<number>}) in {@link ScanNetReader#FRAME_ORDER}, then any other ids in string order.
 * Arrival order never matters for scores; it decides only which frame a full window evicts.
 */
final class FrameOrder {
    static final Comparator<String> ORDER = FrameOrder::compare;

    private FrameOrder() {
    }

    private static int compare(String a, String b) {
        boolean pa = scanNetId(a);
        boolean pb = scanNetId(b);
        if (pa && pb) {
            return ScanNetReader.FRAME_ORDER.compare(a, b);
        }
        if (pa != pb) {
            return pa ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean scanNetId(String id) {
        try {
            DatasetLayout.sceneOf(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
