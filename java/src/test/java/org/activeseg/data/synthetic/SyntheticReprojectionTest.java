package org.activeseg.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.activeseg.data.Frame;
import org.activeseg.geometry.Camera;
import org.activeseg.geometry.Reprojection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator's geometry is exact: with noise off, labels carried from one frame to another by
 * depth and poses (Reprojection.correspondences, 2 cm world threshold) agree on every co-visible
 * pixel whose target is not on a label boundary, consecutive frames overlap strongly, and the
 * stored depth back-projects and re-projects to the pixel it came from.
 */
class SyntheticReprojectionTest {
    private static final double THRESHOLD = 0.02;

    private static SyntheticGenerator generator;
    private static List<List<Frame>> scenes;

    @BeforeAll
    static void render() {
        generator = new SyntheticGenerator(SyntheticConfig.defaults().withScenes(3, 16).withSeed(11));
        scenes = List.of(generator.renderScene(0), generator.renderScene(1), generator.renderScene(2));
    }

    /**
     * Whether pixel t of frame f is off every label boundary: its whole 3x3 neighbourhood lies in
     * the image and carries one label. Pixels on the image border count as boundary, since a label
     * edge may run just outside the image.
     */
    private static boolean interior(Frame f, int t) {
        int w = f.width(), h = f.height(), x = t % w, y = t / w;
        if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
            return false;
        }
        int label = f.label(t);
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                if (f.label((y + dy) * w + x + dx) != label) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long[] compare(Frame a, Frame b) {
        int[] corr = Reprojection.correspondences(a.camera(), a.depth(), b.camera(), b.depth(), THRESHOLD, false);
        long compared = 0, mismatched = 0, covisible = 0;
        for (int i = 0; i < corr.length; i++) {
            int t = corr[i];
            if (t < 0) {
                continue;
            }
            covisible++;
            if (!interior(b, t)) {
                continue;
            }
            compared++;
            if (a.label(i) != b.label(t)) {
                mismatched++;
            }
        }
        return new long[] {compared, mismatched, covisible};
    }

    @Test
    void labelsAgreeOnEveryCovisibleInteriorPixel() {
        long compared = 0;
        StringBuilder failures = new StringBuilder();
        for (List<Frame> frames : scenes) {
            int n = frames.size();
            for (int i = 0; i < n; i++) {
                for (int step : new int[] {1, 3, n / 2}) {
                    Frame a = frames.get(i), b = frames.get((i + step) % n);
                    long[] r = compare(a, b);
                    compared += r[0];
                    if (r[1] != 0) {
                        failures.append(a.id()).append(" -> ").append(b.id()).append(": ").append(r[1]).append(" of ")
                                .append(r[0]).append('\n');
                    }
                }
            }
        }
        assertEquals("", failures.toString(), "label mismatches between views");
        assertTrue(compared > 100_000, "too few co-visible pixels compared: " + compared);
    }

    @Test
    void labelsAgreeAt320x240() {
        List<Frame> frames = new SyntheticGenerator(SyntheticConfig.defaults().withSize(320, 240).withScenes(1, 6).withSeed(12))
                .renderScene(0);
        long compared = 0;
        for (int i = 0; i + 1 < frames.size(); i++) {
            long[] r = compare(frames.get(i), frames.get(i + 1));
            assertEquals(0, r[1], frames.get(i).id() + " -> next: mismatches");
            compared += r[0];
        }
        assertTrue(compared > 100_000, "compared " + compared);
    }

    /**
     * Back-projecting the stored depth of integer pixel (x, y) (no +0.5) lands on the plane of the
     * surface that was rendered there: floor pixels at z = 0, ceiling pixels at z = room height,
     * within the millimetre rounding. A half-pixel offset would miss by about a centimetre.
     */
    @Test
    void backProjectedDepthLiesOnTheRenderedPlane() {
        int floor = org.activeseg.data.Nyu40.trainId("floor"), ceiling = org.activeseg.data.Nyu40.trainId("ceiling");
        double[] w = new double[3];
        long checked = 0;
        for (int s = 0; s < scenes.size(); s++) {
            double height = generator.model(s).room().sz;
            for (Frame f : scenes.get(s)) {
                Camera c = f.camera();
                for (int i = 0; i < f.pixels(); i++) {
                    int label = f.label(i);
                    if (label != floor && label != ceiling) {
                        continue;
                    }
                    c.backProject(i % f.width(), i / f.width(), f.depth()[i], w);
                    double expected = label == floor ? 0 : height;
                    assertEquals(expected, w[2], 0.0015, f.id() + " pixel " + i + " (" + org.activeseg.data.Nyu40.NAMES.get(label) + ")");
                    checked++;
                }
            }
        }
        assertTrue(checked > 50_000, "checked " + checked);
    }

    @Test
    void consecutiveFramesOverlapStrongly() {
        for (List<Frame> frames : scenes) {
            for (int i = 0; i + 1 < frames.size(); i++) {
                Frame a = frames.get(i), b = frames.get(i + 1);
                long covisible = compare(a, b)[2];
                double fraction = covisible / (double) a.pixels();
                assertTrue(fraction > 0.5, a.id() + " -> " + b.id() + ": only " + fraction + " of the pixels are co-visible");
            }
        }
    }

    /** As ScanNet's sample promises: every frame shares at least 10 % of its pixels with 2 or more non-adjacent frames. */
    @Test
    void framesBeyondTheNextStillShareViews() {
        for (List<Frame> frames : scenes) {
            for (int i = 0; i < frames.size(); i++) {
                int sharing = 0;
                for (int j = 0; j < frames.size(); j++) {
                    if (Math.abs(i - j) >= 2 && compare(frames.get(i), frames.get(j))[2] >= 0.1 * frames.get(i).pixels()) {
                        sharing++;
                    }
                }
                assertTrue(sharing >= 2, frames.get(i).id() + " shares 10 % of its view with only " + sharing + " non-adjacent frames");
            }
        }
    }

    @Test
    void depthRoundTripsThroughItsOwnCamera() {
        double[] w = new double[3], scratch = new double[3];
        for (List<Frame> frames : scenes) {
            for (Frame f : frames) {
                Camera c = f.camera();
                for (int i = 0; i < f.pixels(); i++) {
                    c.backProject(i % f.width(), i / f.width(), f.depth()[i], w);
                    assertEquals(i, c.project(w[0], w[1], w[2], scratch), f.id() + " pixel " + i);
                    assertEquals(f.depth()[i], c.depthOf(w[0], w[1], w[2], scratch), 1e-6, f.id() + " pixel " + i);
                }
            }
        }
    }
}
