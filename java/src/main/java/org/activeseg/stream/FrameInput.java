package org.activeseg.stream;

/**
 * One frame as a robot hands it to a {@link SceneSession}: nothing here is checked yet (the session
 * checks everything once, and rejects the frame naming it and the bad value).
 *
 * @param id            frame id, unique among the frames the session holds
 * @param width         W
 * @param height        H
 * @param depth         depth in metres, (H, W) row-major, 0 = invalid
 * @param intrinsics    fx, fy, cx, cy in pixels at W x H
 * @param cameraToWorld 4x4 camera-to-world pose, row-major, metres, OpenCV axes
 * @param probabilities class probabilities (T, C, H, W) row-major: T MC samples, T = 1 for an averaged map
 * @param samples       T
 * @param classes       C
 * @param superpixels   superpixel ids (H, W) row-major, or null (ViewAL needs them)
 * @param rgb           interleaved RGB (H, W, 3), or null
 * @param labels        ground-truth train ids (H, W), 255 = ignore, or null (only compat modes read them)
 */
public record FrameInput(String id, int width, int height, float[] depth, double[] intrinsics, double[] cameraToWorld,
                         float[] probabilities, int samples, int classes, int[] superpixels, byte[] rgb, byte[] labels) {

    /** A frame with averaged probabilities (C, H, W) and superpixels, without RGB or labels. */
    public static FrameInput of(String id, int width, int height, float[] depth, double[] intrinsics,
                                double[] cameraToWorld, float[] probabilities, int classes, int[] superpixels) {
        return new FrameInput(id, width, height, depth, intrinsics, cameraToWorld, probabilities, 1, classes,
                superpixels, null, null);
    }

    /** This frame with T MC samples (T, C, H, W) instead of its probabilities. */
    public FrameInput withSamples(float[] mcSamples, int t) {
        return new FrameInput(id, width, height, depth, intrinsics, cameraToWorld, mcSamples, t, classes, superpixels,
                rgb, labels);
    }

    /** This frame with ground-truth labels (for compat modes that read them). */
    public FrameInput withLabels(byte[] trainIds) {
        return new FrameInput(id, width, height, depth, intrinsics, cameraToWorld, probabilities, samples, classes,
                superpixels, rgb, trainIds);
    }
}
