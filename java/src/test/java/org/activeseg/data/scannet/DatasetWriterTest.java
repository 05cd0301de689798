package org.activeseg.data.scannet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.activeseg.data.Dataset;
import org.activeseg.data.DatasetLayout;
import org.activeseg.data.Frame;
import org.activeseg.data.Splits;
import org.activeseg.data.io.Pgm;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetWriterTest {
    @TempDir
    Path dir;

    static void assertSameFrame(Frame want, Frame got, boolean exactColour) {
        assertEquals(want.id(), got.id());
        assertEquals(want.sceneId(), got.sceneId());
        assertEquals(want.width(), got.width());
        assertEquals(want.height(), got.height());
        assertArrayEquals(want.depth(), got.depth(), want.id());
        assertArrayEquals(want.labels(), got.labels(), want.id());
        assertArrayEquals(want.superpixels(), got.superpixels(), want.id());
        assertEquals(want.pose(), got.pose());
        assertEquals(want.intrinsics(), got.intrinsics());
        if (exactColour) {
            assertArrayEquals(want.rgb(), got.rgb(), want.id());
        }
    }

    @Test
    void pngRoundTripIsExact() throws IOException {
        Path root = dir.resolve("ds");
        List<Frame> frames = List.of(TestScenes.frame("s0", 0, 1), TestScenes.frame("s0", 5, 2),
                TestScenes.frame("s1", 0, 3));
        DatasetWriter w = new DatasetWriter(root).colorFormat(DatasetWriter.ColorFormat.PNG);
        for (Frame f : frames) {
            w.writeFrame(f);
        }
        w.finish();
        Dataset ds = ScanNetReader.open(root);
        assertEquals(List.of("s0_000000", "s0_000005", "s1_000000"), ds.frameIds());
        for (Frame f : frames) {
            assertSameFrame(f, ds.frame(f.id()), true);
        }
        assertEquals(2, SceneInfo.read(ds.layout().info("s0")).frameCount());
        assertEquals(1, SceneInfo.read(ds.layout().info("s1")).frameCount());
    }

    @Test
    void jpegIsTheDefaultAndCloseToTheOriginal() throws IOException {
        Path root = dir.resolve("ds");
        // a smooth image, as JPEG is made for
        Frame f0 = TestScenes.frame("s0", 0, 1);
        byte[] rgb = new byte[f0.rgb().length];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (100 + (i / 3) % TestScenes.W * 3 + i % 3 * 20);
        }
        Frame f = new Frame(f0.id(), f0.sceneId(), f0.width(), f0.height(), rgb, f0.depth(), f0.intrinsics(),
                f0.pose(), f0.labels(), f0.superpixels());
        new DatasetWriter(root).writeFrame(f);
        DatasetLayout layout = new DatasetLayout(root);
        assertTrue(Files.exists(layout.colorDir().resolve(f.id() + ".jpg")));
        Frame back = ScanNetReader.open(root).frame(f.id());
        assertSameFrame(f, back, false);
        double err = 0;
        for (int i = 0; i < rgb.length; i++) {
            err += Math.abs((rgb[i] & 0xFF) - (back.rgb()[i] & 0xFF));
        }
        assertTrue(err / rgb.length < 3, "mean abs colour error " + err / rgb.length);

        // rewriting as PNG removes the JPEG (the reader prefers .jpg)
        new DatasetWriter(root).colorFormat(DatasetWriter.ColorFormat.PNG).writeFrame(f);
        assertFalse(Files.exists(layout.colorDir().resolve(f.id() + ".jpg")));
        assertArrayEquals(rgb, ScanNetReader.open(root).frame(f.id()).rgb());
    }

    @Test
    void realSampleWrittenAtColourSizeReadsBackTheSame() throws IOException {
        Dataset sample = ScanNetReader.open(SharedData.scannetSample());
        Path root = dir.resolve("copy");
        List<Frame> frames = sample.frames(sample.scenes().getFirst()).subList(0, 3);
        DatasetWriter.writeAtomically(root, w -> {
            w.colorFormat(DatasetWriter.ColorFormat.PNG);
            for (Frame f : frames) {
                w.writeFrame(f);
            }
        });
        Dataset copy = ScanNetReader.open(root);
        for (Frame f : frames) {
            assertSameFrame(f, copy.frame(f.id()), true);
        }
        assertEquals(320, Pgm.read(copy.layout().depth(frames.getFirst().id())).width(), "written at k = 1");
    }

    @Test
    void depthIsRoundedToTheNearestMillimetre() throws IOException {
        Frame f0 = TestScenes.frame("s0", 0, 1);
        float[] d = f0.depth().clone();
        d[0] = 1.2344f;
        d[1] = 1.2346f;
        d[2] = 65.535f;
        d[3] = 0;
        Frame f = withDepth(f0, d);
        Path root = dir.resolve("ds");
        new DatasetWriter(root).writeFrame(f);
        int[] raw = Pgm.read(new DatasetLayout(root).depth(f.id())).samples();
        assertArrayEquals(new int[] {1234, 1235, 65535, 0}, java.util.Arrays.copyOf(raw, 4));
        assertEquals(1.234f, ScanNetReader.open(root).frame(f.id()).depth()[0]);
    }

    private static Frame withDepth(Frame f, float[] depth) {
        return new Frame(f.id(), f.sceneId(), f.width(), f.height(), f.rgb(), depth, f.intrinsics(), f.pose(),
                f.labels(), f.superpixels());
    }

    @Test
    void valuesTheLayoutCannotHoldNameTheFrameAndWriteNothing() throws IOException {
        Frame f = TestScenes.frame("s0", 3, 1);
        List<UnaryOperator<Frame>> bad = List.of(
                g -> withDepth(g, set(g.depth(), 4, Float.NaN)),
                g -> withDepth(g, set(g.depth(), 4, -0.5f)),
                g -> withDepth(g, set(g.depth(), 4, 65.6f)),
                g -> withDepth(g, set(g.depth(), 4, 0.0004f)),
                g -> withDepth(g, set(g.depth(), 4, Float.POSITIVE_INFINITY)),
                g -> new Frame(g.id(), g.sceneId(), g.width(), g.height(), g.rgb(), g.depth(), g.intrinsics(), g.pose(),
                        set(g.labels(), 4, (byte) 40), g.superpixels()),
                g -> new Frame(g.id(), g.sceneId(), g.width(), g.height(), g.rgb(), g.depth(), g.intrinsics(), g.pose(),
                        g.labels(), set(g.superpixels(), 4, 65536)),
                g -> new Frame(g.id(), g.sceneId(), g.width(), g.height(), g.rgb(), g.depth(), g.intrinsics(), g.pose(),
                        g.labels(), set(g.superpixels(), 4, -1)));
        for (int i = 0; i < bad.size(); i++) {
            Path root = dir.resolve("bad" + i);
            Frame b = bad.get(i).apply(f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new DatasetWriter(root).writeFrame(b), "case " + i);
            assertTrue(e.getMessage().contains(f.id()) && e.getMessage().contains("x=4"), e.getMessage());
            try (var files = Files.walk(root)) {
                assertEquals(List.of(root), files.toList(), "nothing written for case " + i);
            }
        }
    }

    private static float[] set(float[] a, int i, float v) {
        float[] c = a.clone();
        c[i] = v;
        return c;
    }

    private static byte[] set(byte[] a, int i, byte v) {
        byte[] c = a.clone();
        c[i] = v;
        return c;
    }

    private static int[] set(int[] a, int i, int v) {
        int[] c = a.clone();
        c[i] = v;
        return c;
    }

    @Test
    void framesMustMatchTheirSceneInfo() throws IOException {
        DatasetWriter w = new DatasetWriter(dir.resolve("ds"));
        Frame f0 = TestScenes.frame("s0", 0, 1);
        w.writeFrame(f0);
        Frame otherK = new Frame("s0_000001", "s0", f0.width(), f0.height(), f0.rgb(), f0.depth(),
                new Intrinsics(11, 11, 5, 4), f0.pose(), null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.writeFrame(otherK));
        assertTrue(e.getMessage().contains("s0_000001") && e.getMessage().contains("intrinsics"), e.getMessage());

        w.writeSceneInfo("s1", SceneInfo.of(4, 4, TestScenes.intrinsics(), 1000, 1));
        Frame wrongSize = TestScenes.frame("s1", 0, 2);
        e = assertThrows(IllegalArgumentException.class, () -> w.writeFrame(wrongSize));
        assertTrue(e.getMessage().contains("s1_000000") && e.getMessage().contains("4x4"), e.getMessage());

        Frame mislabelled = new Frame("s2_000000", "s0", f0.width(), f0.height(), f0.rgb(), f0.depth(),
                f0.intrinsics(), f0.pose(), null, null);
        assertThrows(IllegalArgumentException.class, () -> w.writeFrame(mislabelled));
    }

    @Test
    void customDepthShiftIsUsed() throws IOException {
        Path root = dir.resolve("ds");
        DatasetWriter w = new DatasetWriter(root);
        w.writeSceneInfo("s0", SceneInfo.of(TestScenes.W, TestScenes.H, TestScenes.intrinsics(), 4000, 1));
        Frame f = TestScenes.frame("s0", 0, 1);
        w.writeFrame(f);
        int[] raw = Pgm.read(new DatasetLayout(root).depth(f.id())).samples();
        for (int i = 0; i < raw.length; i++) {
            assertEquals(Math.round(f.depth()[i] * 4000.0), raw[i]);
        }
        assertArrayEquals(f.depth(), ScanNetReader.open(root).frame(f.id()).depth());
    }

    @Test
    void splitsRoundTrip() throws IOException {
        Path root = dir.resolve("ds");
        Splits splits = new Splits(List.of("s0_000000", "s0_000002"), List.of("s0_000001"), List.of(),
                List.of("s0_000002"));
        DatasetWriter.writeAtomically(root, w -> {
            for (int i = 0; i < 3; i++) {
                w.writeFrame(TestScenes.frame("s0", i, i));
            }
            w.writeSplits(splits);
        });
        assertEquals(splits, ScanNetReader.open(root).splits());
    }

    @Test
    void writeAtomicallyLeavesNothingOnFailure() throws IOException {
        Path target = dir.resolve("ds");
        IOException e = assertThrows(IOException.class, () -> DatasetWriter.writeAtomically(target, w -> {
            w.writeFrame(TestScenes.frame("s0", 0, 1));
            throw new IOException("generator failed");
        }));
        assertEquals("generator failed", e.getMessage());
        assertFalse(Files.exists(target));
        Frame nanDepth = withDepth(TestScenes.frame("s0", 1, 1), set(new float[TestScenes.W * TestScenes.H], 0, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> DatasetWriter.writeAtomically(target, w -> {
            w.writeFrame(TestScenes.frame("s0", 0, 1));
            w.writeFrame(nanDepth);
        }));
        assertFalse(Files.exists(target));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "no temporary directory left");
        }
    }

    @Test
    void writeAtomicallyRefusesANonEmptyTargetAndAcceptsAnEmptyOne() throws IOException {
        Path target = dir.resolve("ds");
        Files.createDirectories(target);
        DatasetWriter.writeAtomically(target, w -> w.writeFrame(TestScenes.frame("s0", 0, 1)));
        assertEquals(1, ScanNetReader.open(target).frameCount());
        IOException e = assertThrows(IOException.class,
                () -> DatasetWriter.writeAtomically(target, w -> w.writeFrame(TestScenes.frame("s0", 1, 2))));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertEquals(1, ScanNetReader.open(target).frameCount(), "existing dataset untouched");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }
}
