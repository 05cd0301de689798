package org.activeseg.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.activeseg.testing.SharedData;
import org.junit.jupiter.api.Test;

class GeometryTest {

    private static final double[] I3 = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    /** 4x4 image, fx = fy = 2, cx = cy = 1.5; a fronto-parallel plane at z = 2 m. */
    private static final Intrinsics K = new Intrinsics(2, 2, 1.5, 1.5);

    private static float[] plane(float z) {
        float[] d = new float[16];
        Arrays.fill(d, z);
        return d;
    }

    @Test
    void poseRejectsNonFiniteNonRigidAndBadLastRow() {
        double[] m = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        double[] nan = m.clone();
        nan[3] = Double.NEGATIVE_INFINITY;
        var e1 = assertThrows(IllegalArgumentException.class, () -> Pose.cameraToWorld(nan, "pose/a.txt"));
        assertTrue(e1.getMessage().contains("pose/a.txt") && e1.getMessage().contains("-Infinity"), e1.getMessage());
        double[] scaled = m.clone();
        scaled[0] = 1.1;
        var e2 = assertThrows(IllegalArgumentException.class, () -> Pose.cameraToWorld(scaled, "pose/b.txt"));
        assertTrue(e2.getMessage().contains("not rigid") && e2.getMessage().contains("pose/b.txt"), e2.getMessage());
        double[] mirror = m.clone();
        mirror[0] = -1; // orthonormal but det = -1
        assertThrows(IllegalArgumentException.class, () -> Pose.cameraToWorld(mirror, "m"));
        double[] row = m.clone();
        row[12] = 0.5;
        var e3 = assertThrows(IllegalArgumentException.class, () -> Pose.cameraToWorld(row, "r"));
        assertTrue(e3.getMessage().contains("last row"), e3.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pose.cameraToWorld(new double[12], "short"));
    }

    @Test
    void inverseOfRandomRigidPoseIsExact() {
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 0; k < 100; k++) {
            double a = r.nextDouble(-3, 3), b = r.nextDouble(-3, 3);
            double ca = Math.cos(a), sa = Math.sin(a), cb = Math.cos(b), sb = Math.sin(b);
            // R = Rz(a) * Rx(b)
            double[] rot = {ca, -sa * cb, sa * sb, sa, ca * cb, -ca * sb, 0, sb, cb};
            Pose p = Pose.of(rot, r.nextDouble(-5, 5), r.nextDouble(-5, 5), r.nextDouble(-5, 5));
            double[] w = new double[3], c = new double[3];
            p.toWorld(0.3, -1.2, 2.5, w);
            p.toCamera(w[0], w[1], w[2], c);
            assertArrayEquals(new double[] {0.3, -1.2, 2.5}, c, 1e-12);
        }
    }

    /** A ScanNet pose (scene0007_00 frame 0), 6 decimals: orthonormal only to about 1e-6. */
    private static final double[] SCANNET_POSE = {
        0.645842, -0.099101, 0.757012, 3.72995,
        -0.761541, -0.0131481, 0.647984, 1.43245,
        -0.0542625, -0.994991, -0.083961, 1.73354,
        0, 0, 0, 1};

    @Test
    void worldToCameraIsTheExactInverseOfAPoseRigidOnlyTo1e6() {
        double orth = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double dot = 0;
                for (int k = 0; k < 3; k++) {
                    dot += SCANNET_POSE[k * 4 + a] * SCANNET_POSE[k * 4 + b];
                }
                orth = Math.max(orth, Math.abs(dot - (a == b ? 1 : 0)));
            }
        }
        assertTrue(orth > 1e-7 && orth < 1e-5, "the case needs a pose rigid only to about 1e-6, got " + orth);
        Pose pose = Pose.cameraToWorld(SCANNET_POSE, "pose/scene0007_00_000000.txt");
        double[] expected = adjugateInverse(SCANNET_POSE);
        double[] inv = pose.inverse();
        for (int i = 0; i < 16; i++) {
            assertEquals(expected[i], inv[i], 1e-13, "world-to-camera element (" + i / 4 + "," + i % 4 + ")");
        }
        // and it is used: a world point maps to the camera point the exact inverse gives
        double[] c = new double[3];
        pose.toCamera(1.25, -0.5, 2.0, c);
        for (int r = 0; r < 3; r++) {
            double e = expected[r * 4] * 1.25 + expected[r * 4 + 1] * -0.5 + expected[r * 4 + 2] * 2.0 + expected[r * 4 + 3];
            assertEquals(e, c[r], 1e-13, "camera coordinate " + r);
        }
    }

    @Test
    void scannetSamplePosesRoundTripThroughTheirInverse() throws IOException {
        Path dir = SharedData.scannetSample().resolve("pose");
        int checked = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                double[] m = Arrays.stream(Files.readString(f).trim().split("\\s+"))
                        .mapToDouble(Double::parseDouble).toArray();
                Pose pose = Pose.cameraToWorld(m, f.toString());
                double[] w = new double[3], c = new double[3];
                pose.toWorld(0.7, -0.3, 3.1, w);
                pose.toCamera(w[0], w[1], w[2], c);
                assertArrayEquals(new double[] {0.7, -0.3, 3.1}, c, 1e-13, f.toString());
                checked++;
            }
        }
        assertTrue(checked >= 10, "expected the 10 sample poses, read " + checked);
    }

    /** [A^-1, -A^-1 t; 0 0 0 1] with A^-1 = adj(A) / det(A): an independent statement of the 4x4 inverse. */
    private static double[] adjugateInverse(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[4], e = m[5], f = m[6], g = m[8], h = m[9], i = m[10];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        double[] r = {
            (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det};
        double[] out = new double[16];
        for (int row = 0; row < 3; row++) {
            System.arraycopy(r, row * 3, out, row * 4, 3);
            out[row * 4 + 3] = -(r[row * 3] * m[3] + r[row * 3 + 1] * m[7] + r[row * 3 + 2] * m[11]);
        }
        out[15] = 1;
        return out;
    }

    @Test
    void intrinsicsScaleLikeScanNet() {
        Intrinsics depth640 = Intrinsics.fromMatrix4(new double[] {577.871, 0, 319.5, 0, 0, 577.871, 239.5, 0, 0, 0, 1, 0, 0, 0, 0, 1}, "info");
        Intrinsics k = depth640.scaled(0.5, 0.5);
        assertEquals(288.9355, k.fx(), 1e-12);
        assertEquals(159.75, k.cx(), 1e-12);
        assertEquals(119.75, k.cy(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Intrinsics(0, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Intrinsics(1, Double.NaN, 0, 0));
    }

    @Test
    void backProjectThenProjectReturnsThePixel() {
        Camera cam = new Camera(new Intrinsics(288.9355, 288.9355, 159.75, 119.75),
                Pose.of(new double[] {0, -1, 0, 1, 0, 0, 0, 0, 1}, 1, 2, 3), 320, 240);
        double[] w = new double[3], s = new double[3];
        for (int y = 0; y < 240; y += 7) {
            for (int x = 0; x < 320; x += 5) {
                cam.backProject(x, y, 0.5 + 0.01 * x, w);
                assertEquals(y * 320 + x, cam.project(w[0], w[1], w[2], s));
                assertEquals(0.5 + 0.01 * x, cam.depthOf(w[0], w[1], w[2], s), 1e-9);
            }
        }
        cam.backProject(10, 10, 0, w); // invalid depth -> camera centre
        assertArrayEquals(new double[] {1, 2, 3}, w, 1e-12);
        assertEquals(-1, cam.project(1, 2, 3, s), "a point on the camera plane has no pixel");
    }

    @Test
    void twoViewReprojectionOnePixelShift() {
        // B sits 1 m to the right of A: at z = 2 with fx = 2 a point moves exactly one pixel left.
        Camera a = new Camera(K, Pose.identity(), 4, 4);
        Camera b = new Camera(K, Pose.of(I3, 1, 0, 0), 4, 4);
        int[] map = Reprojection.correspondences(a, plane(2), b, plane(2), 1.0, false);
        int[] expected = new int[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                expected[y * 4 + x] = x == 0 ? -1 : y * 4 + x - 1;
            }
        }
        assertArrayEquals(expected, map);
    }

    @Test
    void projectionRoundsHalfToEven() {
        // B 0.5 m to the right: u_B = u_A - 0.5 exactly, so 0.5 -> 0, 1.5 -> 2, 2.5 -> 2 (half to even),
        // and -0.5 -> -0.0, which the reference keeps (0 <= -0.0).
        Camera a = new Camera(K, Pose.identity(), 4, 4);
        Camera b = new Camera(K, Pose.of(I3, 0.5, 0, 0), 4, 4);
        int[] map = Reprojection.correspondences(a, plane(2), b, plane(2), 1.0, false);
        assertArrayEquals(new int[] {0, 0, 2, 2}, Arrays.copyOfRange(map, 0, 4));
    }

    @Test
    void visibilityTestAndInvalidDepth() {
        Camera a = new Camera(K, Pose.identity(), 4, 4);
        Camera b = new Camera(K, Pose.of(I3, 1, 0, 0), 4, 4);
        float[] far = plane(3.5f); // target sees a surface 1.5 m behind: world distance 1.5 > 1.0
        int[] map = Reprojection.correspondences(a, plane(2), b, far, 1.0, false);
        assertTrue(Arrays.stream(map).allMatch(t -> t == -1), Arrays.toString(map));
        float[] near = plane(2.9f); // 0.9 m apart along the ray's z... distance < 1.0 for central pixels
        int[] loose = Reprojection.correspondences(a, plane(2), b, near, 1.0, false);
        assertTrue(Arrays.stream(loose).anyMatch(t -> t >= 0));
        int[] strict = Reprojection.correspondences(a, plane(2), b, near, 0.05, false);
        assertTrue(Arrays.stream(strict).allMatch(t -> t == -1));
        float[] holes = plane(2);
        holes[5] = 0;
        assertEquals(-1, Reprojection.correspondences(a, holes, b, plane(2), 1.0, false)[5], "invalid depth is not projected");
        assertThrows(IllegalArgumentException.class, () -> Reprojection.correspondences(a, new float[3], b, plane(2), 1, false));
    }
}
