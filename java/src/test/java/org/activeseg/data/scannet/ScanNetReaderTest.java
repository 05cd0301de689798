package org.activeseg.data.scannet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.activeseg.data.Dataset;
import org.activeseg.data.DatasetLayout;
import org.activeseg.data.Frame;
import org.activeseg.data.Nyu40;
import org.activeseg.data.io.GrayImage;
import org.activeseg.data.io.ImageFiles;
import org.activeseg.data.io.Pgm;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanNetReaderTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------ the real ScanNet sample

    @Test
    void readsTheScanNetSample() throws IOException {
        Path root = SharedData.scannetSample();
        Dataset ds = ScanNetReader.open(root);
        assertEquals(1, ds.scenes().size());
        assertEquals("scene0007_00", ds.scenes().getFirst().id());
        assertEquals(10, ds.frameCount());
        List<String> ids = ds.frameIds();
        assertEquals("scene0007_00_000000", ids.getFirst());
        assertEquals("scene0007_00_000840", ids.getLast());
        assertEquals(ids.stream().sorted().toList(), ids);
        assertEquals(Nyu40.NAMES, ds.classNames());
        // one scene: frames split by position (every 5th from position 2 test, from position 4 val)
        assertEquals(List.of(ids.get(2), ids.get(7)), ds.splits().test());
        assertEquals(List.of(ids.get(4), ids.get(9)), ds.splits().val());
        assertEquals(List.of(ids.getFirst()), ds.splits().seed());

        DatasetLayout layout = ds.layout();
        for (String id : ids) {
            Frame f = ds.frame(id);
            assertEquals(id, f.id());
            assertEquals("scene0007_00", f.sceneId());
            assertEquals(320, f.width());
            assertEquals(240, f.height());
            Intrinsics k = f.intrinsics();
            assertEquals(288.9355, k.fx(), 1e-12);
            assertEquals(288.9355, k.fy(), 1e-12);
            assertEquals(159.75, k.cx(), 1e-12);
            assertEquals(119.75, k.cy(), 1e-12);

            // depth = raw(2x, 2y) / 1000 straight from the PGM
            GrayImage raw = Pgm.read(layout.depth(id));
            assertEquals(640, raw.width());
            int valid = 0;
            for (int y = 0; y < 240; y++) {
                for (int x = 0; x < 320; x++) {
                    float d = f.depth()[y * 320 + x];
                    assertEquals(raw.get(2 * x, 2 * y) / 1000.0, d, 1e-6, id + " depth at " + x + "," + y);
                    if (d > 0) {
                        valid++;
                        // the Structure sensor's range; the sample spans 0.288 .. 9.424 m
                        assertTrue(d >= 0.2 && d <= 10, id + ": implausible depth " + d);
                    }
                }
            }
            assertTrue(valid > 0.5 * f.pixels(), id + ": only " + valid + " valid depth pixels");
            float[] sorted = f.depth().clone();
            Arrays.sort(sorted);
            float median = sorted[(f.pixels() - valid) + valid / 2];
            assertTrue(median > 0.5 && median < 5, id + ": median depth " + median + " m (metres expected, not mm)");

            // labels: NYU40 id v -> v - 1, 0 -> 255
            GrayImage nyu = ImageFiles.readGray8(layout.label(id));
            int labelled = 0;
            for (int i = 0; i < f.pixels(); i++) {
                int v = nyu.samples()[i];
                assertEquals(v == 0 ? Frame.IGNORE : v - 1, f.label(i));
                labelled += v == 0 ? 0 : 1;
            }
            assertTrue(labelled > 0.3 * f.pixels(), id + ": only " + labelled + " labelled pixels");

            long superpixels = Arrays.stream(f.superpixels()).distinct().count();
            assertTrue(superpixels >= 30 && superpixels <= 60, id + ": " + superpixels + " superpixels");
            assertEquals(PoseFile.read(layout.pose(id)), f.pose());
            assertArrayEquals(ImageFiles.readRgb(layout.color(id)).rgb(), f.rgb());
        }
    }

    // ------------------------------------------------------------------ small written datasets

    /** Two frames of scene s0 (PNG colour, labels, superpixels), written by DatasetWriter. */
    private Path twoFrames() throws IOException {
        Path root = dir.resolve("ds");
        DatasetWriter w = new DatasetWriter(root).colorFormat(DatasetWriter.ColorFormat.PNG);
        w.writeFrame(TestScenes.frame("s0", 0, 1));
        w.writeFrame(TestScenes.frame("s0", 1, 2));
        w.finish();
        return root;
    }

    private static final String F0 = "s0_000000", F1 = "s0_000001";

    private static IOException loadError(Path root, String id) {
        return assertThrows(IOException.class, () -> ScanNetReader.open(root).frame(id));
    }

    private static void assertMentions(Exception e, Object... parts) {
        for (Object p : parts) {
            assertTrue(e.getMessage().contains(p.toString()), "'" + p + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void depthAtTwiceTheColourSizeIsDecimatedAndIntrinsicsHalved() throws IOException {
        Path root = twoFrames();
        DatasetLayout layout = new DatasetLayout(root);
        int w = TestScenes.W, h = TestScenes.H;
        int[] raw = new int[4 * w * h];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = 1000 + i;  // every sample distinct: the wrong pick of neighbour shows
        }
        Pgm.write16(layout.depth(F0), 2 * w, 2 * h, raw, null);
        Intrinsics k = TestScenes.intrinsics();
        SceneInfo.of(2 * w, 2 * h, k.scaled(2, 2), 1000, 2).write(layout.info("s0"));
        // F1's depth is still w x h: k would be 1, but the info says 2w x 2h
        Dataset ds = ScanNetReader.open(root);
        Frame f = ds.frame(F0);
        assertEquals(k.fx(), f.intrinsics().fx(), 1e-12);
        assertEquals(k.cx(), f.intrinsics().cx(), 1e-12);
        assertEquals(k.cy(), f.intrinsics().cy(), 1e-12);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals((1000 + 2 * y * 2 * w + 2 * x) / 1000.0, f.depth()[y * w + x], 1e-6);
            }
        }
        IOException e = assertThrows(IOException.class, () -> ds.frame(F1));
        assertMentions(e, layout.depth(F1), w + "x" + h, layout.info("s0"), 2 * w + "x" + 2 * h);
    }

    @Test
    void depthThatIsNotAnIntegerMultipleNamesFileAndSizes() throws IOException {
        Path root = twoFrames();
        DatasetLayout layout = new DatasetLayout(root);
        int w = TestScenes.W, h = TestScenes.H;
        Pgm.write16(layout.depth(F0), w + 1, h, new int[(w + 1) * h], null);
        assertMentions(loadError(root, F0), layout.depth(F0), (w + 1) + "x" + h, w + "x" + h);
        Pgm.write16(layout.depth(F0), 2 * w, 3 * h, new int[6 * w * h], null);  // different k per axis
        assertMentions(loadError(root, F0), layout.depth(F0), 2 * w + "x" + 3 * h, w + "x" + h);
        Files.write(layout.depth(F0), ("P5\n" + w + " " + h + "\n255\n").getBytes());
        Files.write(layout.depth(F0), new byte[w * h], java.nio.file.StandardOpenOption.APPEND);
        assertMentions(loadError(root, F0), layout.depth(F0), "16-bit");
    }

    @Test
    void depthAsSixteenBitPngIsRead() throws IOException {
        Path root = twoFrames();
        DatasetLayout layout = new DatasetLayout(root);
        Frame want = ScanNetReader.open(root).frame(F0);
        GrayImage pgm = Pgm.read(layout.depth(F0));
        Files.delete(layout.depth(F0));
        ImageFiles.writeGray16(layout.depthDir().resolve(F0 + ".png"), pgm);
        assertArrayEquals(want.depth(), ScanNetReader.open(root).frame(F0).depth());
        ImageFiles.writeGray8(layout.depthDir().resolve(F0 + ".png"), new GrayImage(pgm.width(), pgm.height(), 8,
                new int[pgm.samples().length]));
        assertMentions(loadError(root, F0), F0 + ".png", "16-bit");
    }

    @Test
    void unknownLabelIdNamesFilePixelAndValue() throws IOException {
        Path root = twoFrames();
        DatasetLayout layout = new DatasetLayout(root);
        GrayImage labels = ImageFiles.readGray8(layout.label(F0));
        labels.samples()[2 * TestScenes.W + 5] = 41;
        ImageFiles.writeGray8(layout.label(F0), labels);
        assertMentions(loadError(root, F0), layout.label(F0), "x=5", "y=2", "41");
    }

    @Test
    void wrongBitDepthsAndSizesOfOptionalMapsNameTheFile() throws IOException {
        Path root = twoFrames();
        DatasetLayout layout = new DatasetLayout(root);
        int w = TestScenes.W, h = TestScenes.H;
        ImageFiles.writeGray8(layout.superpixel(F0), new GrayImage(w, h, 8, new int[w * h]));
        assertMentions(loadError(root, F0), layout.superpixel(F0), "8-bit", "16-bit");
        ImageFiles.writeGray16(layout.superpixel(F0), new GrayImage(w, h + 1, 16, new int[w * (h + 1)]));
        assertMentions(loadError(root, F0), layout.superpixel(F0), w + "x" + (h + 1), w + "x" + h);
        ImageFiles.writeGray16(layout.label(F1), new GrayImage(w, h, 16, new int[w * h]));
        assertMentions(loadError(root, F1), layout.label(F1), "16-bit");
        ImageFiles.writeGray8(layout.label(F1), new GrayImage(w - 1, h, 8, new int[(w - 1) * h]));
        assertMentions(loadError(root, F1), layout.label(F1), (w - 1) + "x" + h, w + "x" + h);
    }

    @Test
    void optionalMapsMayBeAbsent() throws IOException {
        Path root = twoFrames();
        DatasetLayout layout = new DatasetLayout(root);
        Files.delete(layout.label(F1));
        Files.delete(layout.superpixel(F1));
        Frame f = ScanNetReader.open(root).frame(F1);
        assertNull(f.labels());
        assertNull(f.superpixels());
    }

    @Test
    void colourSizeMustBeTheSameForAllFramesOfAScene() throws IOException {
        Path root = twoFrames();
        DatasetLayout layout = new DatasetLayout(root);
        int w = TestScenes.W, h = TestScenes.H;
        ImageFiles.writeRgbPng(layout.color(F1), new org.activeseg.data.io.RgbImage(w + 2, h, new byte[3 * (w + 2) * h]));
        assertMentions(loadError(root, F1), layout.color(F1), (w + 2) + "x" + h, w + "x" + h);
    }

    @Test
    void poseProblemsNameTheFile() throws IOException {
        Path root = twoFrames();
        DatasetLayout layout = new DatasetLayout(root);
        Files.writeString(layout.pose(F0), "nan 0 0 0\n0 1 0 0\n0 0 1 0\n0 0 0 1\n");
        assertMentions(loadError(root, F0), layout.pose(F0), "NaN");
        Files.writeString(layout.pose(F0), "2 0 0 0\n0 1 0 0\n0 0 1 0\n0 0 0 1\n");
        assertMentions(loadError(root, F0), layout.pose(F0), "not rigid");
        Files.delete(layout.pose(F1));
        assertMentions(loadError(root, F1), layout.pose(F1));
    }

    @Test
    void corruptColourNamesTheFile() throws IOException {
        Path root = twoFrames();
        DatasetLayout layout = new DatasetLayout(root);
        Files.delete(layout.color(F1));
        Files.writeString(layout.colorDir().resolve(F1 + ".jpg"), "garbage");
        assertMentions(loadError(root, F1), layout.colorDir().resolve(F1 + ".jpg"));
    }

    @Test
    void missingInfoOrFramesFailOnOpen() throws IOException {
        Path root = twoFrames();
        DatasetLayout layout = new DatasetLayout(root);
        Files.delete(layout.info("s0"));
        IOException e = assertThrows(IOException.class, () -> ScanNetReader.open(root));
        assertMentions(e, layout.info("s0"));

        Path empty = dir.resolve("empty");
        Files.createDirectories(empty.resolve("color"));
        Files.writeString(empty.resolve("color/readme.txt"), "not a frame");
        e = assertThrows(IOException.class, () -> ScanNetReader.open(empty));
        assertMentions(e, "no frames found in", empty.resolve("color"));
        e = assertThrows(IOException.class, () -> ScanNetReader.open(dir.resolve("nothing")));
        assertMentions(e, "no frames found in", dir.resolve("nothing").resolve("color"));

        Files.writeString(empty.resolve("color/noscene.png"), "x");
        e = assertThrows(IOException.class, () -> ScanNetReader.open(empty));
        assertMentions(e, "noscene.png");
    }

    @Test
    void framesAreOrderedBySceneThenNumber() throws IOException {
        Path root = dir.resolve("order");
        DatasetWriter w = new DatasetWriter(root).colorFormat(DatasetWriter.ColorFormat.PNG);
        for (String id : List.of("b_10", "b_9", "a_2", "b_01")) {
            Frame f = TestScenes.frame(DatasetLayout.sceneOf(id), 0, id.hashCode());
            w.writeFrame(new Frame(id, f.sceneId(), f.width(), f.height(), f.rgb(), f.depth(), f.intrinsics(), f.pose(),
                    f.labels(), f.superpixels()));
        }
        Dataset ds = ScanNetReader.open(root);
        assertEquals(List.of("a_2", "b_01", "b_9", "b_10"), ds.frameIds());  // numeric, not "b_10" < "b_9"
        assertEquals(List.of("a", "b"), ds.scenes().stream().map(s -> s.id()).toList());
    }
}
