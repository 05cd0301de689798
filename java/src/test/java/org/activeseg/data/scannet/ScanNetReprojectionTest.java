package org.activeseg.data.scannet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;
import org.activeseg.geometry.Reprojection;
import org.activeseg.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End-to-end check of the reader's geometry on real data: labels carried from one ScanNet frame to
 * another through depth, intrinsics and poses must agree with the other frame's own labels. An error
 * in intrinsics scaling (k), depth decimation or units, or pose direction scatters the projected
 * pixels and drops the agreement far below the 94-100 % that NOTICE.md reports; the control test
 * shows two such mistakes falling under the bar.
 *
 * <p>Visibility threshold 0.1 m world distance: ScanNet depth at 1-4 m is good to about 1-3 cm and
 * its poses to a few cm, and one pixel at 288.9 px focal length spans about 1 cm at 3 m, so true
 * correspondences pass; a point that lands on another surface (occlusion, a depth edge) is mostly
 * farther than 10 cm and is rejected. ViewAL's 1.0 m lets occluded pixels through. Measured on the
 * sample: 99.50 % at 0.02 m, 99.46 % at 0.05 m, 99.44 % at 0.1 m, 99.38 % at 0.2 m, 97.33 % at 1.0 m.
 */
class ScanNetReprojectionTest {

    static final double THRESHOLD_M = 0.1;

    static List<Frame> frames;

    @BeforeAll
    static void load() throws IOException {
        Dataset ds = ScanNetReader.open(SharedData.scannetSample());
        frames = ds.frames(ds.scenes().getFirst());
    }

    /** Label pairs compared and agreeing over all ordered pairs; pairs with more than 1000 compared. */
    record Agreement(long agreed, long compared, int pairsWithOverlap) {
        double fraction() { return (double) agreed / compared; }

        @Override
        public String toString() {
            return String.format("%d of %d co-visible labelled pixels agree (%.2f %%), %d ordered pairs overlap",
                    agreed, compared, 100 * fraction(), pairsWithOverlap);
        }
    }

    static Agreement measure(List<Frame> frames, double threshold) {
        long compared = 0, agreed = 0;
        int pairsWithOverlap = 0;
        for (Frame a : frames) {
            for (Frame b : frames) {
                if (a == b) {
                    continue;
                }
                int[] corr = Reprojection.correspondences(a.camera(), a.depth(), b.camera(), b.depth(), threshold, false);
                long pairCompared = 0;
                for (int i = 0; i < corr.length; i++) {
                    int t = corr[i];
                    if (t < 0 || a.label(i) == Frame.IGNORE || b.label(t) == Frame.IGNORE) {
                        continue;
                    }
                    pairCompared++;
                    if (a.label(i) == b.label(t)) {
                        agreed++;
                    }
                }
                if (pairCompared > 1000) {
                    pairsWithOverlap++;
                }
                compared += pairCompared;
            }
        }
        return new Agreement(agreed, compared, pairsWithOverlap);
    }

    @Test
    void labelsAgreeAcrossViews() {
        Agreement m = measure(frames, THRESHOLD_M);
        System.out.println("ScanNet sample reprojection at " + THRESHOLD_M + " m: " + m);
        assertTrue(m.compared() > 10_000, "too few co-visible labelled pixels to judge: " + m);
        // NOTICE.md: each frame overlaps at least 2 others by 10 % or more.
        assertTrue(m.pairsWithOverlap() >= 2 * frames.size(), "too few overlapping pairs: " + m);
        assertTrue(m.fraction() >= 0.90, "label agreement below 90 %: " + m);
    }

    /** The test above can fail: the same measure with a typical geometry mistake drops below the bar. */
    @Test
    void geometryMistakesFallBelowTheBar() {
        Agreement good = measure(frames, THRESHOLD_M);
        Agreement unscaledK = measure(map(f -> with(f, f.intrinsics().scaled(2, 2), f.pose())), THRESHOLD_M);
        Agreement invertedPose = measure(map(f -> with(f, f.intrinsics(),
                Pose.cameraToWorld(f.pose().inverse(), f.id()))), THRESHOLD_M);
        System.out.println("control, depth intrinsics not scaled by 1/k: " + unscaledK);
        System.out.println("control, world-to-camera taken as camera-to-world: " + invertedPose);
        for (Agreement bad : List.of(unscaledK, invertedPose)) {
            assertTrue(bad.fraction() < 0.90 && bad.compared() < good.compared() / 4, "control not detected: " + bad);
        }
    }

    private static List<Frame> map(UnaryOperator<Frame> change) {
        return frames.stream().map(change).toList();
    }

    private static Frame with(Frame f, Intrinsics k, Pose pose) {
        return new Frame(f.id(), f.sceneId(), f.width(), f.height(), f.rgb(), f.depth(), k, pose, f.labels(),
                f.superpixels());
    }
}
