package org.activeseg.superpixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.activeseg.testing.SharedData;
import org.junit.jupiter.api.Test;

class SlicSuperpixelsTest {

    @Test
    void superpixelsStayInsideFlatQuadrants() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        try (SlicSuperpixels slic = new SlicSuperpixels()) {
            for (int i = 0; i < 12; i++) {
                int sx = i == 0 ? 160 : random.nextInt(20, 300);
                int sy = i == 0 ? 120 : random.nextInt(20, 220);
                SuperpixelMap map = slic.segment(SuperpixelImages.quadrants(320, 240, sx, sy), 320, 240);
                SuperpixelImages.assertWithinQuadrants(map, sx, sy);
                SuperpixelImages.assertContiguousRasterOrder(map);
                assertTrue(map.count() >= 30 && map.count() <= 60, "count " + map.count());
            }
        }
    }

    @Test
    void slicoStraddlesFlatColourEdgesWhichIsWhySlicIsTheDefault() {
        SlicSuperpixels.Config slico = new SlicSuperpixels.Config(42, SlicSuperpixels.Variant.SLICO, 10f, 10, 25);
        try (SlicSuperpixels slic = new SlicSuperpixels(slico)) {
            SuperpixelMap map = slic.segment(SuperpixelImages.quadrants(320, 240, 297, 65), 320, 240);
            SuperpixelImages.assertContiguousRasterOrder(map);
            assertTrue(SuperpixelImages.pixelsOutsideMajorityQuadrant(map, 297, 65) > 0,
                    "SLICO now follows flat edges: reconsider the default variant");
        }
    }

    @Test
    void countNearRequestedAndDeterministic() {
        try (SlicSuperpixels slic = new SlicSuperpixels()) {
            for (int[] size : new int[][] {{320, 240}, {640, 480}, {200, 150}}) {
                byte[] rgb = SuperpixelImages.texture(size[0], size[1], 11);
                SuperpixelMap a = slic.segment(rgb, size[0], size[1]);
                SuperpixelMap b = slic.segment(rgb, size[0], size[1]);
                assertArrayEquals(a.ids(), b.ids());
                double wanted = 42.0 * size[0] * size[1] / (320 * 240);
                System.out.println("SLIC " + size[0] + "x" + size[1] + ": wanted " + Math.round(wanted) + ", got " + a.count());
                assertTrue(a.count() >= wanted / 2 && a.count() <= wanted * 2, "count " + a.count() + " for " + wanted);
                SuperpixelImages.assertContiguousRasterOrder(a);
            }
        }
    }

    @Test
    void regionSizeFollowsDensity() {
        SlicSuperpixels.Config c = SlicSuperpixels.Config.defaults();
        assertEquals(43, c.regionSize(320, 240)); // sqrt(76800 / 42) = 42.8
        assertEquals(43, c.regionSize(640, 480), "same density at any size");
        assertThrows(IllegalArgumentException.class,
                () -> new SlicSuperpixels.Config(42, SlicSuperpixels.Variant.SLIC, Float.NaN, 10, 25));
    }

    @Test
    void wrongBufferSizeAndClosedAreRejected() {
        SlicSuperpixels slic = new SlicSuperpixels();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> slic.segment(new byte[10], 4, 4));
        assertTrue(e.getMessage().contains("10") && e.getMessage().contains("48") && e.getMessage().contains("4x4"), e.getMessage());
        slic.close();
        assertThrows(IllegalStateException.class, () -> slic.segment(new byte[48], 4, 4));
    }

    @Test
    void smallImagesSegmentOrAreRefused() {
        try (SlicSuperpixels slic = new SlicSuperpixels()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> slic.segment(new byte[3 * 33], 1, 33));
            assertTrue(e.getMessage().contains("1x33") && e.getMessage().contains("too small"), e.getMessage());
            for (int w = SlicSuperpixels.MIN_SIDE; w <= 24; w++) {
                for (int h = SlicSuperpixels.MIN_SIDE; h <= 24; h++) {
                    SuperpixelMap map = slic.segment(SuperpixelImages.texture(w, h, w * 31 + h), w, h);
                    SuperpixelImages.assertContiguousRasterOrder(map);
                }
            }
            assertEquals(3, slic.config().regionSize(3, 500), "the step never exceeds the shorter side");
        }
    }

    @Test
    void scannetFramesGiveAboutTheShippedCount() throws IOException {
        Path sample = SharedData.scannetSample();
        List<Path> colours;
        try (Stream<Path> s = Files.list(sample.resolve("color"))) {
            colours = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(3).toList();
        }
        try (SlicSuperpixels slic = new SlicSuperpixels()) {
            for (Path colour : colours) {
                SeedsSuperpixelsTest.Rgb img = SeedsSuperpixelsTest.readRgb(colour);
                long t0 = System.nanoTime();
                SuperpixelMap map = slic.segment(img.rgb(), img.width(), img.height());
                long t1 = System.nanoTime();
                System.out.printf("SLIC %s: %d superpixels, %.1f ms%n", colour.getFileName(), map.count(), (t1 - t0) / 1e6);
                assertTrue(map.count() >= 21 && map.count() <= 84, colour + ": " + map.count());
                SuperpixelImages.assertContiguousRasterOrder(map);
            }
        }
    }
}
