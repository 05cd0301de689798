package org.activeseg.geometry;

import java.util.Arrays;

/**
 * A rigid camera-to-world transform (4x4, row-major, metres, OpenCV camera axes: x right,
 * y down, z forward). Construction checks that the matrix is finite, that its last row is
 * (0 0 0 1) and that its rotation is orthonormal with determinant +1, within {@link #RIGID_TOLERANCE}
 * (ScanNet's pose files carry 6 decimals).
 *
 * <p>World-to-camera is the exact inverse of the matrix as given (Gauss-Jordan with partial
 * pivoting in double, as numpy's {@code inv} that ViewAL's code calls), not the rigid shortcut
 * (R^T, -R^T t): ScanNet's 6-decimal rotations are orthonormal only to about 1e-6, and the
 * shortcut's error moves landings across half-pixel boundaries (ALGORITHMS.md section 1, step 3).
 */
public final class Pose {
    /** Largest allowed deviation of R^T R from I, of det(R) from 1 and of the last row from (0 0 0 1). */
    public static final double RIGID_TOLERANCE = 1e-3;

    private final double[] m;    // camera-to-world, row-major 4x4
    private final double[] inv;  // world-to-camera

    private Pose(double[] m) {
        this.m = m;
        this.inv = inverse4x4(m);
    }

    /** Checks and wraps a camera-to-world matrix; {@code source} names the file or frame in errors. */
    public static Pose cameraToWorld(double[] matrix, String source) {
        if (matrix.length != 16) {
            throw new IllegalArgumentException(source + ": pose has " + matrix.length + " numbers, expected 16 (4x4)");
        }
        for (int i = 0; i < 16; i++) {
            if (!Double.isFinite(matrix[i])) {
                throw new IllegalArgumentException(source + ": pose element (" + i / 4 + "," + i % 4 + ") is " + matrix[i]
                        + " (a pose must be finite; ScanNet marks failed tracking with -inf)");
            }
        }
        double rowErr = Math.abs(matrix[12]) + Math.abs(matrix[13]) + Math.abs(matrix[14]) + Math.abs(matrix[15] - 1);
        if (rowErr > RIGID_TOLERANCE) {
            throw new IllegalArgumentException(source + ": pose last row is (" + matrix[12] + " " + matrix[13] + " "
                    + matrix[14] + " " + matrix[15] + "), expected (0 0 0 1)");
        }
        double orthErr = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double dot = 0;
                for (int k = 0; k < 3; k++) {
                    dot += matrix[k * 4 + a] * matrix[k * 4 + b];
                }
                orthErr = Math.max(orthErr, Math.abs(dot - (a == b ? 1 : 0)));
            }
        }
        double det = det3(matrix);
        if (orthErr > RIGID_TOLERANCE || Math.abs(det - 1) > RIGID_TOLERANCE) {
            throw new IllegalArgumentException(source + ": pose is not rigid (max |R^T R - I| = " + orthErr
                    + ", det R = " + det + "; tolerance " + RIGID_TOLERANCE + ")");
        }
        double[] copy = matrix.clone();
        copy[12] = 0;
        copy[13] = 0;
        copy[14] = 0;
        copy[15] = 1;
        return new Pose(copy);
    }

    public static Pose identity() {
        return new Pose(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
    }

    /** A pose from a rotation (3x3 row-major) and the camera centre in world coordinates. */
    public static Pose of(double[] rotation, double tx, double ty, double tz) {
        double[] r = rotation;
        return cameraToWorld(new double[] {r[0], r[1], r[2], tx, r[3], r[4], r[5], ty, r[6], r[7], r[8], tz, 0, 0, 0, 1},
                "pose");
    }

    private static double det3(double[] m) {
        return m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8]) + m[2] * (m[4] * m[9] - m[5] * m[8]);
    }

    /**
     * The inverse of the invertible 4x4 {@code m} (row-major) by Gauss-Jordan elimination with
     * partial pivoting. The rigidity check above bounds the condition number, so no pivot is tiny.
     */
    static double[] inverse4x4(double[] m) {
        double[] a = m.clone();
        double[] r = new double[16];
        for (int i = 0; i < 4; i++) {
            r[i * 4 + i] = 1;
        }
        for (int col = 0; col < 4; col++) {
            int pivot = col;
            for (int row = col + 1; row < 4; row++) {
                if (Math.abs(a[row * 4 + col]) > Math.abs(a[pivot * 4 + col])) {
                    pivot = row;
                }
            }
            if (a[pivot * 4 + col] == 0) {
                throw new IllegalArgumentException("pose matrix is singular: " + Arrays.toString(m));
            }
            if (pivot != col) {
                swapRows(a, pivot, col);
                swapRows(r, pivot, col);
            }
            double d = a[col * 4 + col];
            for (int k = 0; k < 4; k++) {
                a[col * 4 + k] /= d;
                r[col * 4 + k] /= d;
            }
            for (int row = 0; row < 4; row++) {
                double f = a[row * 4 + col];
                if (row == col || f == 0) {
                    continue;
                }
                for (int k = 0; k < 4; k++) {
                    a[row * 4 + k] -= f * a[col * 4 + k];
                    r[row * 4 + k] -= f * r[col * 4 + k];
                }
            }
        }
        return r;
    }

    private static void swapRows(double[] a, int i, int j) {
        for (int k = 0; k < 4; k++) {
            double t = a[i * 4 + k];
            a[i * 4 + k] = a[j * 4 + k];
            a[j * 4 + k] = t;
        }
    }

    /** The camera-to-world matrix, row-major (a copy). */
    public double[] matrix() { return m.clone(); }

    /** The world-to-camera matrix, the exact inverse of {@link #matrix()}, row-major (a copy). */
    public double[] inverse() { return inv.clone(); }

    public double get(int row, int col) { return m[row * 4 + col]; }

    public double worldToCamera(int row, int col) { return inv[row * 4 + col]; }

    /** Camera centre in world coordinates. */
    public double[] centre() { return new double[] {m[3], m[7], m[11]}; }

    /** Writes the world point of camera point (x, y, z) into out[0..2]. */
    public void toWorld(double x, double y, double z, double[] out) {
        out[0] = m[0] * x + m[1] * y + m[2] * z + m[3];
        out[1] = m[4] * x + m[5] * y + m[6] * z + m[7];
        out[2] = m[8] * x + m[9] * y + m[10] * z + m[11];
    }

    /** Writes the camera point of world point (x, y, z) into out[0..2]. */
    public void toCamera(double x, double y, double z, double[] out) {
        out[0] = inv[0] * x + inv[1] * y + inv[2] * z + inv[3];
        out[1] = inv[4] * x + inv[5] * y + inv[6] * z + inv[7];
        out[2] = inv[8] * x + inv[9] * y + inv[10] * z + inv[11];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pose p && Arrays.equals(m, p.m);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(m); }

    @Override
    public String toString() { return "Pose" + Arrays.toString(m); }
}
