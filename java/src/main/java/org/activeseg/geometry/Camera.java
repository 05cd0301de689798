package org.activeseg.geometry;

/**
 * A posed pinhole camera at a working resolution: back-projection of pixel (x, y) with depth d
 * (metres) to world, and projection of a world point to the nearest pixel with the rounding of
 * the spec (ALGORITHMS.md section 1, steps 2-3): divide by z, round half to even, keep when
 * 0 <= x < width and 0 <= y < height. Pixel coordinates are integers with no +0.5 offset.
 */
public record Camera(Intrinsics intrinsics, Pose pose, int width, int height) {

    public Camera {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("camera size must be positive: " + width + "x" + height);
        }
    }

    /** World point of pixel (x, y) at depth d: cam2world * K^-1 * (x d, y d, d). d = 0 gives the camera centre. */
    public void backProject(double x, double y, double depth, double[] outWorld) {
        Intrinsics k = intrinsics;
        double cx = (x - k.cx()) * depth / k.fx();
        double cy = (y - k.cy()) * depth / k.fy();
        pose.toWorld(cx, cy, depth, outWorld);
    }

    /**
     * Projects a world point and rounds it half-to-even to a pixel. Returns the flat pixel index
     * y * width + x, or -1 when the point is on the camera plane (z = 0), not finite, or outside the
     * image. As in the reference, points behind the camera (z < 0) are not removed here: the
     * visibility test rejects them.
     */
    public int project(double wx, double wy, double wz, double[] scratch3) {
        pose.toCamera(wx, wy, wz, scratch3);
        double z = scratch3[2];
        if (z == 0 || !Double.isFinite(z)) {
            return -1;
        }
        Intrinsics k = intrinsics;
        double u = Math.rint((k.fx() * scratch3[0] + k.cx() * z) / z);
        double v = Math.rint((k.fy() * scratch3[1] + k.cy() * z) / z);
        if (!(u >= 0 && u < width && v >= 0 && v < height)) {
            return -1;
        }
        return (int) v * width + (int) u;
    }

    /** Depth (camera z, metres) of a world point in this camera. */
    public double depthOf(double wx, double wy, double wz, double[] scratch3) {
        pose.toCamera(wx, wy, wz, scratch3);
        return scratch3[2];
    }
}
