package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.activeseg.backend.ViewOps.SceneGeometry;
import org.activeseg.backend.ViewOps.SuperpixelCoverage;
import org.activeseg.backend.ViewOps.Visibility;
import org.activeseg.geometry.Camera;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

/**
 * ViewAL view-statistics cases every backend must pass (ALGORITHMS.md section 1, steps 3-5 and 7):
 * a two-view 4x4 scene with a known one-pixel shift (two identical cameras 1 m apart looking at a plane
 * 2 m away, fx = 2), where VE, VD (self term and divisor included) and coverage are computed by hand;
 * empty S(u) giving 0; and shape errors. Subclasses supply the backend.
 */
public abstract class ViewOpsConformance {

    protected abstract ScoringBackend backend();

    static final Intrinsics K = new Intrinsics(2, 2, 1.5, 1.5);
    static final double[] I3 = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    static float[] plane(float z) {
        float[] d = new float[16];
        Arrays.fill(d, z);
        return d;
    }

    /** Frame 0 at the origin, frame 1 one metre to the right: a point moves one pixel left from 0 to 1. */
    static SceneGeometry twoViews(float[] depth0, float[] depth1) {
        return new SceneGeometry(List.of(new Camera(K, Pose.identity(), 4, 4), new Camera(K, Pose.of(I3, 1, 0, 0), 4, 4)),
                List.of(depth0, depth1));
    }

    /** Two classes; frame 0 predicts (a, 1 - a) everywhere, frame 1 (b, 1 - b). */
    static FloatTensor constantProbabilities(float a, float b) {
        float[] v = new float[2 * 2 * 16];
        for (int i = 0; i < 16; i++) {
            v[i] = a;
            v[16 + i] = 1 - a;
            v[32 + i] = b;
            v[48 + i] = 1 - b;
        }
        return FloatTensor.of(v, 2, 2, 16);
    }

    static double h2(double... q) {
        double h = 0;
        for (double x : q) {
            h -= x * Math.log(x + 1e-12) / Math.log(2);
        }
        return h;
    }

    /** KL2(p || q) with the reference's smoothing inside the ratio. */
    static double kl2(double[] p, double[] q) {
        double s = 0;
        for (int c = 0; c < p.length; c++) {
            s += p[c] * Math.log((p[c] + 1e-8) / (q[c] + 1e-8)) / Math.log(2);
        }
        return s;
    }

    @Test
    void twoViewHandCase() {
        SceneGeometry g = twoViews(plane(2), plane(2));
        try (FloatTensor probs = constantProbabilities(0.9f, 0.5f);
             FloatTensor ve = FloatTensor.allocate(2, 16);
             FloatTensor vd = FloatTensor.allocate(2, 16)) {
            long[] landed = backend().views().viewStatistics(g, probs, ve, vd, Visibility.DEFAULT);
            // each frame sees its own 16 points and 12 of the other's (one column leaves the image)
            assertArrayEquals(new long[] {28, 28}, landed);
            double[] a = {0.9f, 1 - 0.9f};
            double[] b = {0.5, 0.5};
            double veBoth = h2((a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    int u = y * 4 + x;
                    // frame 1: pixels x < 3 get frame 0's point from x + 1 and the self point
                    boolean two1 = x < 3;
                    assertEquals(two1 ? veBoth : 1.0, ve.get(16 + u), 1e-6, "VE frame 1 pixel " + u);
                    // VD = (0 + KL(P_1 || P_0)) / 2: the self term counts in the divisor
                    assertEquals(two1 ? kl2(b, a) / 2 : 0.0, vd.get(16 + u), 1e-5, "VD frame 1 pixel " + u);
                    // frame 0: pixels x > 0 get frame 1's point from x - 1
                    boolean two0 = x > 0;
                    assertEquals(two0 ? veBoth : h2(a), ve.get(u), 1e-6, "VE frame 0 pixel " + u);
                    assertEquals(two0 ? kl2(a, b) / 2 : 0.0, vd.get(u), 1e-5, "VD frame 0 pixel " + u);
                }
            }
            // hand numbers: H(0.7, 0.3) = 0.881291 bits; KL2((.5,.5) || (.9,.1)) = 0.736966 bits
            assertEquals(0.8812909, ve.get(16), 1e-6);
            assertEquals(0.7369656 / 2, vd.get(16), 1e-5);
        }
    }

    @Test
    void emptySetGivesZeroAndOcclusionFails() {
        float[] holes = plane(2);
        holes[5] = 0;
        float[] none = new float[16];
        try (FloatTensor probs = constantProbabilities(0.9f, 0.5f);
             FloatTensor ve = FloatTensor.allocate(2, 16);
             FloatTensor vd = FloatTensor.allocate(2, 16)) {
            // frame 0 has a hole at pixel 5: its own point is not projected, frame 1's point fails the
            // test there (target back-projects to its camera centre, 2 m away), so S is empty
            long[] landed = backend().views().viewStatistics(twoViews(holes, plane(2)), probs, ve, vd, Visibility.DEFAULT);
            assertEquals(0f, ve.get(5));
            assertEquals(0f, vd.get(5));
            assertEquals(15 + 11, landed[0], "15 own points, 12 of frame 1's minus the one failing at the hole");
            assertEquals(16 + 11, landed[1], "the hole is not projected into frame 1 either");
            // a frame without valid depth receives no point at all
            landed = backend().views().viewStatistics(twoViews(plane(2), none), probs, ve, vd, Visibility.DEFAULT);
            assertEquals(0, landed[1]);
            for (int u = 0; u < 16; u++) {
                assertEquals(0f, ve.get(16 + u));
                assertEquals(0f, vd.get(16 + u));
            }
            assertEquals(16, landed[0], "points of frame 0 into itself only");
            // a far surface fails the 1 m world-distance test
            landed = backend().views().viewStatistics(twoViews(plane(2), plane(3.5f)), probs, ve, vd, Visibility.DEFAULT);
            assertArrayEquals(new long[] {16, 16}, landed);
        }
    }

    @Test
    void projectInvalidDepthMovesHolesToTheCameraCentre() {
        // compat: frame 1's all-invalid depth maps every pixel to its centre (1, 0, 0), which frame 0 sees
        // at (x, y, z) = (1, 0, 0): on its camera plane, so nothing lands; into itself z = 0 too.
        float[] none = new float[16];
        try (FloatTensor probs = constantProbabilities(0.9f, 0.5f);
             FloatTensor ve = FloatTensor.allocate(2, 16);
             FloatTensor vd = FloatTensor.allocate(2, 16)) {
            long[] landed = backend().views().viewStatistics(twoViews(plane(2), none), probs, ve, vd,
                    new Visibility(1.0, true));
            assertArrayEquals(new long[] {16, 0}, landed);
            // frame 1 at (0, 0, 1.5), in front of frame 0:
            SceneGeometry g = new SceneGeometry(List.of(new Camera(K, Pose.identity(), 4, 4),
                    new Camera(K, Pose.of(I3, 0, 0, 1.5), 4, 4)), List.of(plane(2), none));
            landed = backend().views().viewStatistics(g, probs, ve, vd, new Visibility(1.0, true));
            // all 16 holes become the point (0, 0, 1.5), projected to pixel (rint 1.5, rint 1.5) = (2, 2);
            // frame 0's surface there is (0.5, 0.5, 2), 0.87 m away: all 16 pass together
            assertEquals(16 + 16, landed[0]);
            long[] skipped = backend().views().viewStatistics(g, probs, ve, vd, Visibility.DEFAULT);
            assertEquals(16, skipped[0]);
        }
    }

    @Test
    void coverageHandCase() {
        int[] halves = new int[16];
        for (int i = 0; i < 16; i++) {
            halves[i] = i % 4 < 2 ? 10 : 20;
        }
        SuperpixelCoverage cov = backend().views().superpixelCoverage(twoViews(plane(2), plane(2)),
                List.of(halves, halves), Visibility.DEFAULT);
        // into frame 1: frame 0's column 1 (spx 10) -> column 0 (spx 10), column 2 (spx 20) -> column 1 (spx 10),
        // column 3 (spx 20) -> column 2 (spx 20); each column is 4 points, each half 8 pixels
        assertEquals(0.5, cov.fraction(1, 10, 0, 10));
        assertEquals(0.5, cov.fraction(1, 10, 0, 20));
        assertEquals(0.5, cov.fraction(1, 20, 0, 20));
        assertEquals(0.0, cov.fraction(1, 20, 0, 10));
        assertEquals(1.0, cov.fraction(1, 10, 1, 10), "self entries exist");
        assertEquals(0.0, cov.fraction(1, 10, 1, 20), "no same-frame off-diagonal entries");
        // into frame 0: frame 1's column 0 -> 1, 1 -> 2, 2 -> 3
        assertEquals(0.5, cov.fraction(0, 10, 1, 10));
        assertEquals(0.5, cov.fraction(0, 20, 1, 10));
        assertEquals(0.5, cov.fraction(0, 20, 1, 20));
        assertEquals(0.0, cov.fraction(0, 10, 1, 20));
        // two self entries and three cross entries per frame
        assertEquals(5, cov.targets().get(0).size());
        assertEquals(5, cov.targets().get(1).size());
    }

    @Test
    void badShapesNameTheShapes() {
        SceneGeometry g = twoViews(plane(2), plane(2));
        try (FloatTensor probs = FloatTensor.allocate(2, 3, 15);
             FloatTensor good = FloatTensor.allocate(2, 3, 16);
             FloatTensor noClasses = FloatTensor.allocate(2, 0, 16);
             FloatTensor out = FloatTensor.allocate(2, 16);
             FloatTensor wrongOut = FloatTensor.allocate(3, 16)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backend().views().viewStatistics(g, probs, out, out, Visibility.DEFAULT));
            assertTrue(e.getMessage().contains("[2, 3, 15]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> backend().views().viewStatistics(g, good, wrongOut, out, Visibility.DEFAULT));
            assertTrue(e.getMessage().contains("[3, 16]") && e.getMessage().contains("[2, 16]"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> backend().views().viewStatistics(g, noClasses, out, out, Visibility.DEFAULT));
        }
        assertThrows(IllegalArgumentException.class,
                () -> backend().views().superpixelCoverage(g, List.of(new int[16]), Visibility.DEFAULT));
        assertThrows(IllegalArgumentException.class,
                () -> backend().views().superpixelCoverage(g, List.of(new int[16], new int[3]), Visibility.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> new Visibility(0, false));
        assertThrows(IllegalArgumentException.class, () -> new SceneGeometry(
                List.of(new Camera(K, Pose.identity(), 4, 4)), List.of(new float[15])));
    }
}
