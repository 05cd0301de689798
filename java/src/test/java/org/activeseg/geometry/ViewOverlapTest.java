package org.activeseg.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ViewOverlap} is conservative (its tiled correspondences equal {@link Reprojection}'s pixel for
 * pixel on random scenes with cameras looking every way, holes in the depth, points behind cameras,
 * tiles of unequal size; through the batch overlap and through footprints with kept back-projections)
 * and not vacuous (it rejects tiles and pairs that cannot see each other); {@code lands} says whether a
 * pair's correspondences map any pixel.
 */
class ViewOverlapTest {
    private static final int W = 21;  // 8 tiles of 2 or 3 pixels
    private static final int H = 12;

    private static double[] randomRotation(SplittableRandom r) {
        double a = r.nextDouble(-Math.PI, Math.PI), b = r.nextDouble(-Math.PI, Math.PI), c = r.nextDouble(-Math.PI, Math.PI);
        double[] rz = {Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1};
        double[] rx = {1, 0, 0, 0, Math.cos(b), -Math.sin(b), 0, Math.sin(b), Math.cos(b)};
        double[] ry = {Math.cos(c), 0, Math.sin(c), 0, 1, 0, -Math.sin(c), 0, Math.cos(c)};
        return mul(mul(rz, rx), ry);
    }

    private static double[] mul(double[] a, double[] b) {
        double[] out = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    out[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"0.3, false", "1.0, false", "1.0, true", "3.0, true"})
    void rejectedPairsHaveNoCorrespondence(double threshold, boolean projectInvalid) {
        SplittableRandom r = new SplittableRandom(17);
        int rejected = 0;
        int kept = 0;
        int lands = 0;
        int misses = 0;
        for (int trial = 0; trial < 20; trial++) {
            int n = 6;
            List<Camera> cams = new ArrayList<>();
            List<float[]> depths = new ArrayList<>();
            for (int f = 0; f < n; f++) {
                Intrinsics k = new Intrinsics(r.nextDouble(6, 20), r.nextDouble(6, 20), r.nextDouble(5, 10), r.nextDouble(4, 7));
                cams.add(new Camera(k, Pose.of(randomRotation(r), r.nextDouble(-3, 3), r.nextDouble(-3, 3), r.nextDouble(-3, 3)), W, H));
                float[] d = new float[W * H];
                float base = (float) r.nextDouble(0.5, 4);
                for (int i = 0; i < d.length; i++) {
                    d[i] = r.nextInt(10) == 0 ? 0 : base + (float) r.nextDouble(0, 0.5);
                }
                depths.add(d);
            }
            ViewOverlap overlap = ViewOverlap.of(cams, depths, threshold, projectInvalid);
            List<ViewOverlap.Footprint> footprints = new ArrayList<>();
            for (int f = 0; f < n; f++) {
                footprints.add(ViewOverlap.Footprint.of(cams.get(f), depths.get(f), projectInvalid));
            }
            for (int s = 0; s < n; s++) {
                for (int t = 0; t < n; t++) {
                    int[] corr = Reprojection.correspondences(cams.get(s), depths.get(s), cams.get(t), depths.get(t),
                            threshold, projectInvalid);
                    assertArrayEquals(corr, overlap.correspondences(s, t), "trial " + trial + ": pair " + s + " -> " + t);
                    // the streaming form: footprints with their kept back-projections, one pair at a time
                    assertArrayEquals(corr, ViewOverlap.correspondences(footprints.get(s), footprints.get(t), threshold),
                            "trial " + trial + ": footprints " + s + " -> " + t);
                    boolean any = Arrays.stream(corr).anyMatch(u -> u >= 0);
                    assertEquals(any, ViewOverlap.lands(footprints.get(s), footprints.get(t), threshold),
                            "trial " + trial + ": lands " + s + " -> " + t);
                    lands += any ? 1 : 0;
                    misses += any ? 0 : 1;
                    if (!overlap.mayLand(s, t)) {
                        assertFalse(any, "trial " + trial + ": pair " + s + " -> " + t + " was rejected but has correspondences");
                    }
                    rejected += ViewOverlap.TILES * ViewOverlap.TILES - overlap.keptTiles(s, t);
                    kept += overlap.keptTiles(s, t);
                }
            }
        }
        assertTrue(rejected > 1000 && kept > 1000, "the cases exercise both outcomes: tiles rejected " + rejected + ", kept " + kept);
        assertTrue(lands > 100 && misses > 100, "pairs that land " + lands + ", pairs that do not " + misses);
    }

    @Test
    void camerasBackToBackInARoomDoNotSeeEachOther() {
        Intrinsics k = new Intrinsics(10, 10, 7.5, 5.5);
        double[] identity = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        double[] turned = {-1, 0, 0, 0, 1, 0, 0, 0, -1};  // 180 degrees about y: looks along -z
        Camera front = new Camera(k, Pose.of(identity, 0, 0, 0), W, H);
        Camera back = new Camera(k, Pose.of(turned, 0, 0, 0), W, H);
        float[] wall = new float[W * H];
        Arrays.fill(wall, 3f);  // both see a wall 3 m away, on opposite sides
        ViewOverlap may = ViewOverlap.of(List.of(front, back), List.of(wall, wall), 1.0, false);
        assertTrue(may.mayLand(0, 0) && may.mayLand(1, 1), "a frame overlaps itself");
        assertFalse(may.mayLand(0, 1) || may.mayLand(1, 0), "opposite walls 6 m apart");
        // with a 7 m threshold the walls are close enough, but each wall is behind the other camera and
        // projects into its image only mirrored: the reference keeps such points, so the pair stays
        ViewOverlap loose = ViewOverlap.of(List.of(front, back), List.of(wall, wall), 7.0, false);
        assertTrue(loose.mayLand(0, 1) && loose.mayLand(1, 0));
    }
}
