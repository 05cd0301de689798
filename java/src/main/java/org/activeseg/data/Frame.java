package org.activeseg.data;

import org.activeseg.geometry.Camera;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;

/**
 * One RGB-D frame at its working resolution.
 *
 * @param id          frame id, {@code <scene>_<frame6>} (e.g. scene0007_00_000035)
 * @param sceneId     the scene the frame belongs to
 * @param rgb         interleaved RGB, (H, W, 3) row-major, unsigned bytes
 * @param depth       depth in metres, (H, W) row-major, 0 = invalid
 * @param labels      train ids, (H, W) row-major, unsigned bytes 0..C-1, 255 = ignore; null if unlabelled
 * @param superpixels superpixel ids, (H, W) row-major; null if none
 */
public record Frame(String id, String sceneId, int width, int height, byte[] rgb, float[] depth,
                    Intrinsics intrinsics, Pose pose, byte[] labels, int[] superpixels) {

    /** Train id of pixels that carry no label. */
    public static final int IGNORE = 255;

    public Frame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame " + id + ": size must be positive, got " + width + "x" + height);
        }
        int p = width * height;
        check(id, "rgb", rgb == null ? -1 : rgb.length, 3 * p, width, height);
        check(id, "depth", depth == null ? -1 : depth.length, p, width, height);
        if (labels != null) {
            check(id, "labels", labels.length, p, width, height);
        }
        if (superpixels != null) {
            check(id, "superpixels", superpixels.length, p, width, height);
        }
        if (intrinsics == null || pose == null) {
            throw new IllegalArgumentException("frame " + id + ": intrinsics and pose are required");
        }
    }

    private static void check(String id, String what, int got, int want, int w, int h) {
        if (got != want) {
            throw new IllegalArgumentException("frame " + id + ": " + what + " has " + (got < 0 ? "no" : String.valueOf(got))
                    + " values, expected " + want + " for " + w + "x" + h);
        }
    }

    public int pixels() { return width * height; }

    public Camera camera() { return new Camera(intrinsics, pose, width, height); }

    /** Train id at flat pixel index i (0..C-1 or 255); requires labels. */
    public int label(int i) { return labels[i] & 0xFF; }

    public boolean hasLabels() { return labels != null; }

    public boolean hasSuperpixels() { return superpixels != null; }

    /** A copy of this frame with the given superpixel map. */
    public Frame withSuperpixels(int[] ids) {
        return new Frame(id, sceneId, width, height, rgb, depth, intrinsics, pose, labels, ids);
    }
}
