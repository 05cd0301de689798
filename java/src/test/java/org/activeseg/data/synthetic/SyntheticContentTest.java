package org.activeseg.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.Nyu40;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default dataset looks like indoor RGB-D data: many classes, none dominant, valid depth, shared colours. */
class SyntheticContentTest {
    private static SyntheticDataset data;

    @BeforeAll
    static void generate() {
        data = new SyntheticGenerator(SyntheticConfig.defaults()).generate();
    }

    @Test
    void idsFollowTheScanNetPattern() {
        assertEquals(4, data.scenes().size());
        assertEquals(80, data.frames().size());
        assertEquals("synth0000_00", data.scenes().getFirst().id());
        assertEquals("synth0003_00_000019", data.scenes().getLast().frameIds().getLast());
        for (Scene s : data.scenes()) {
            for (Frame f : data.frames(s)) {
                assertEquals(s.id(), f.sceneId());
                assertEquals(160, f.width());
                assertEquals(120, f.height());
                assertEquals(null, f.superpixels());
            }
        }
    }

    @Test
    void intrinsicsFollowTheFieldOfView() {
        Intrinsics k = data.intrinsics();
        assertEquals(80 / Math.tan(Math.toRadians(30)), k.fx(), 1e-12);
        assertEquals(k.fx(), k.fy(), 0);
        assertEquals(79.5, k.cx(), 0);
        assertEquals(59.5, k.cy(), 0);
        assertArrayEquals(k.matrix4(), data.intrinsicMatrix());
        assertEquals(1000, data.depthShift());
    }

    @Test
    void everyPixelHasATrainIdAndWholeMillimetreDepth() {
        for (Frame f : data.frames()) {
            for (int i = 0; i < f.pixels(); i++) {
                assertTrue(f.label(i) < Nyu40.CLASSES, f.id() + " pixel " + i + " label " + f.label(i));
                float d = f.depth()[i];
                assertTrue(d > 0.25f && d < 12f, f.id() + " pixel " + i + " depth " + d);
                long mm = Math.round(d * 1000.0);
                assertEquals(mm / 1000f, d, 0f, f.id() + " pixel " + i + " depth is not whole millimetres: " + d);
            }
        }
    }

    @Test
    void scenesShowManyClassesAndNoneDominates() {
        long[] total = new long[Nyu40.CLASSES];
        long pixels = 0;
        for (Scene s : data.scenes()) {
            Set<Integer> classes = new HashSet<>();
            for (Frame f : data.frames(s)) {
                for (int i = 0; i < f.pixels(); i++) {
                    classes.add(f.label(i));
                    total[f.label(i)]++;
                }
                pixels += f.pixels();
            }
            assertTrue(classes.size() >= 8, s.id() + " shows only " + classes.size() + " classes: " + classes);
            assertTrue(classes.containsAll(List.of(Nyu40.trainId("wall"), Nyu40.trainId("floor"))), s.id() + ": " + classes);
        }
        for (int c = 0; c < Nyu40.CLASSES; c++) {
            assertTrue(total[c] <= 0.6 * pixels, Nyu40.NAMES.get(c) + " covers " + (100.0 * total[c] / pixels) + " % of the pixels");
        }
    }

    /** Mean colour (0..255) per train id over the whole dataset; NaN for absent classes. */
    private static double[][] meanColours() {
        double[][] sum = new double[Nyu40.CLASSES][4];
        for (Frame f : data.frames()) {
            for (int i = 0; i < f.pixels(); i++) {
                double[] s = sum[f.label(i)];
                for (int c = 0; c < 3; c++) {
                    s[c] += f.rgb()[3 * i + c] & 0xFF;
                }
                s[3]++;
            }
        }
        double[][] mean = new double[Nyu40.CLASSES][3];
        for (int k = 0; k < Nyu40.CLASSES; k++) {
            for (int c = 0; c < 3; c++) {
                mean[k][c] = sum[k][3] < 500 ? Double.NaN : sum[k][c] / sum[k][3];
            }
        }
        return mean;
    }

    private static double distance(double[] a, double[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }

    @Test
    void someClassesShareTheirColour() {
        double[][] mean = meanColours();
        double[] wall = mean[Nyu40.trainId("wall")], ceiling = mean[Nyu40.trainId("ceiling")];
        double[] table = mean[Nyu40.trainId("table")];
        assertTrue(distance(wall, ceiling) < 40, "wall " + List.of(wall[0], wall[1], wall[2]) + " vs ceiling " + List.of(ceiling[0], ceiling[1], ceiling[2]));
        // ... while colour still carries information: a wood brown is far from the off-white wall.
        assertTrue(distance(wall, table) > 50, "wall vs table: " + distance(wall, table));
    }

    /** Colour alone does not give the label away: labelling each pixel by the nearest class-mean colour is mostly wrong. */
    @Test
    void nearestMeanColourIsAPoorClassifier() {
        double[][] mean = meanColours();
        long right = 0, pixels = 0;
        double[] rgb = new double[3];
        for (Frame f : data.frames()) {
            for (int i = 0; i < f.pixels(); i++) {
                for (int c = 0; c < 3; c++) {
                    rgb[c] = f.rgb()[3 * i + c] & 0xFF;
                }
                int best = -1;
                double bestDistance = Double.POSITIVE_INFINITY;
                for (int k = 0; k < Nyu40.CLASSES; k++) {
                    double d = distance(rgb, mean[k]);
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = k;
                    }
                }
                right += best == f.label(i) ? 1 : 0;
                pixels++;
            }
        }
        double accuracy = (double) right / pixels;
        assertTrue(accuracy < 0.6 && accuracy > 0.05, "nearest-mean colour accuracy " + accuracy);
    }

    @Test
    void splitsFollowTheDocumentedRule() {
        Splits s = data.splits();
        List<Scene> scenes = data.scenes();
        assertEquals(concat(scenes.get(0).frameIds(), scenes.get(1).frameIds()), s.train());
        assertEquals(scenes.get(2).frameIds(), s.val());
        assertEquals(scenes.get(3).frameIds(), s.test());
        assertEquals(List.of(scenes.get(0).frameIds().getFirst(), scenes.get(1).frameIds().getFirst()), s.seed());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void camerasStayInsideTheRoomAndClearOfFurniture() {
        SyntheticGenerator g = new SyntheticGenerator(SyntheticConfig.defaults().withScenes(60, 20).withSeed(5));
        for (int s = 0; s < 60; s++) {
            SceneModel m = g.model(s);
            Room room = m.room();
            assertTrue(room.objectCount() >= 3, "scene " + s + " has only " + room.objectCount() + " pieces of furniture");
            for (int p = 0; p < room.partCount(); p++) {
                double[] b = room.partBounds(p);
                assertTrue(b[0] >= 0.0199 && b[1] >= 0.0199 && b[2] >= 0 && b[3] <= room.sx - 0.0199 && b[4] <= room.sy - 0.0199
                        && b[5] <= room.sz - 0.1, "scene " + s + " part " + p + " pokes into a wall: " + java.util.Arrays.toString(b));
            }
            int doors = 0;
            for (int face = 0; face < 6; face++) {
                double uMax = face < 2 ? room.sy : room.sx, vMax = face < 4 ? room.sz : room.sy;
                for (Decal d : room.decals(face)) {
                    assertTrue(d.u0() >= 0 && d.v0() >= 0 && d.u1() <= uMax && d.v1() <= vMax, "scene " + s + " decal off its face: " + d);
                    doors += d.label() == Nyu40.trainId("door") ? 1 : 0;
                }
            }
            assertEquals(1, doors, "scene " + s + " doors");
            for (Pose pose : m.poses()) {
                double[] c = pose.centre();
                assertTrue(c[2] >= CameraPath.MIN_HEIGHT && c[2] <= CameraPath.MAX_HEIGHT, "scene " + s + " camera height " + c[2]);
                assertTrue(c[0] > 0.5 && c[0] < room.sx - 0.5 && c[1] > 0.5 && c[1] < room.sy - 0.5, "scene " + s + " camera near a wall");
                double clearance = room.distanceToFurniture(c[0], c[1], c[2]);
                assertTrue(clearance >= FloorPlan.CAMERA_CLEARANCE, "scene " + s + " camera " + clearance + " m from furniture");
                // The camera looks down a little (at most 28 degrees, forward z >= -0.47; up at most 5 degrees) and the image is upright.
                assertTrue(pose.get(2, 2) >= -0.47 && pose.get(2, 2) <= 0.088, "scene " + s + " pitch: forward z = " + pose.get(2, 2));
                assertTrue(pose.get(2, 1) < -0.75, "scene " + s + " camera y axis must point down: " + pose.get(2, 1));
            }
        }
    }

    @Test
    void inMemoryDatasetServesTheFrames() throws Exception {
        Dataset d = data.asDataset(java.nio.file.Path.of("synthetic"));
        assertEquals(80, d.frameCount());
        String id = data.scenes().get(2).frameIds().get(5);
        assertTrue(d.frame(id) == data.frame(id));
        assertEquals(Nyu40.NAMES, d.classNames());
    }
}
