package org.activeseg.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
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
