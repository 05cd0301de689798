package org.activeseg.data;

import java.util.List;

/**
 * The NYU40 label set used by ScanNet (ids 1..40; 0 = unannotated). Train id = NYU40 id - 1,
 * and 0 becomes {@link Frame#IGNORE}.
 */
public final class Nyu40 {
    private Nyu40() {}

    public static final int CLASSES = 40;

    /** Class names by train id (NYU40 id - 1). */
    public static final List<String> NAMES = List.of(
            "wall", "floor", "cabinet", "bed", "chair", "sofa", "table", "door", "window", "bookshelf",
            "picture", "counter", "blinds", "desk", "shelves", "curtain", "dresser", "pillow", "mirror", "floor mat",
            "clothes", "ceiling", "books", "refrigerator", "television", "paper", "towel", "shower curtain", "box",
            "whiteboard", "person", "night stand", "toilet", "sink", "lamp", "bathtub", "bag", "otherstructure",
            "otherfurniture", "otherprop");

    /** Train id of an NYU40 name, e.g. {@code trainId("chair") == 4}. */
    public static int trainId(String name) {
        int i = NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("not an NYU40 class: " + name);
        }
        return i;
    }

    /**
     * Maps a stored NYU40 id to a train id: 0 -> 255 (ignore), 1..40 -> 0..39.
     * Anything else is an error naming the source and pixel.
     */
    public static int toTrainId(int nyuId, String source, int pixel, int width) {
        if (nyuId == 0) {
            return Frame.IGNORE;
        }
        if (nyuId < 0 || nyuId > CLASSES) {
            throw new IllegalArgumentException(source + ": unknown label id " + nyuId + " at pixel (x=" + pixel % width
                    + ", y=" + pixel / width + "); NYU40 ids are 0 (unannotated) or 1.." + CLASSES);
        }
        return nyuId - 1;
    }
}
