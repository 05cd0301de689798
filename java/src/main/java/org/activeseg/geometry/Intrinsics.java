package org.activeseg.geometry;

/**
 * Pinhole intrinsics of a frame at its working resolution (pixels). Pixel (x, y) has integer
 * coordinates with no +0.5 offset, as in ViewAL's reference code (spec section 1, step 2).
 */
public record Intrinsics(double fx, double fy, double cx, double cy) {

    public Intrinsics {
        if (!(fx > 0) || !(fy > 0) || !Double.isFinite(fx) || !Double.isFinite(fy)
                || !Double.isFinite(cx) || !Double.isFinite(cy)) {
            throw new IllegalArgumentException("intrinsics must be finite with fx, fy > 0: fx=" + fx + " fy=" + fy
                    + " cx=" + cx + " cy=" + cy);
        }
    }

    /**
     * Intrinsics for an image resized by (sx, sy): every parameter is multiplied, as the ScanNet
     * convention does (640x480 depth intrinsics halved for 320x240, so cx 319.5 becomes 159.75).
     */
    public Intrinsics scaled(double sx, double sy) {
        return new Intrinsics(fx * sx, fy * sy, cx * sx, cy * sy);
    }

    /** The 4x4 matrix K of the reference code (row-major), as in ScanNet's _info.txt. */
    public double[] matrix4() {
        return new double[] {fx, 0, cx, 0, 0, fy, cy, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    }

    /** Parses the 16 numbers of a 4x4 intrinsic matrix (row-major); only fx, fy, cx, cy are used. */
    public static Intrinsics fromMatrix4(double[] m, String source) {
        if (m.length != 16 && m.length != 9) {
            throw new IllegalArgumentException(source + ": intrinsic matrix has " + m.length + " numbers, expected 16 (4x4) or 9 (3x3)");
        }
        int cols = m.length == 16 ? 4 : 3;
        double fx = m[0], cx = m[2], fy = m[cols + 1], cy = m[cols + 2];
        try {
            return new Intrinsics(fx, fy, cx, cy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }
}
