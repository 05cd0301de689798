package org.activeseg.superpixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.activeseg.testing.SharedData;
import org.junit.jupiter.api.Test;

class SeedsSuperpixelsTest {

    /** Splits that match no SEEDS block grid at 320x240 (blocks are 5 px, superpixels 40 px). */
    static final int[][] OFF_GRID_SPLITS = {{137, 101}, {203, 77}, {101, 51}, {251, 199}, {31, 29}, {66, 186}, {284, 21}};

    @Test
    void defaultSuperpixelsStayInsideQuadrantsSplitAtTheCentre() {
        try (SeedsSuperpixels seeds = new SeedsSuperpixels()) {
            SuperpixelMap map = seeds.segment(SuperpixelImages.quadrants(320, 240, 160, 120), 320, 240);
            SuperpixelImages.assertWithinQuadrants(map, 160, 120);
            SuperpixelImages.assertContiguousRasterOrder(map);
            assertEquals(48, map.count());
        }
    }

    @Test
    void edgeFollowingSuperpixelsStayInsideOffGridQuadrants() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        try (SeedsSuperpixels seeds = new SeedsSuperpixels(SeedsSuperpixels.Config.edgeFollowing())) {
            for (int i = 0; i < OFF_GRID_SPLITS.length + 20; i++) {
                int sx = i < OFF_GRID_SPLITS.length ? OFF_GRID_SPLITS[i][0] : random.nextInt(20, 300);
                int sy = i < OFF_GRID_SPLITS.length ? OFF_GRID_SPLITS[i][1] : random.nextInt(20, 220);
                SuperpixelMap map = seeds.segment(SuperpixelImages.quadrants(320, 240, sx, sy), 320, 240);
                SuperpixelImages.assertWithinQuadrants(map, sx, sy);
                SuperpixelImages.assertContiguousRasterOrder(map);
                assertTrue(map.count() >= 40 && map.count() <= 48, "count " + map.count() + " at split " + sx + "," + sy);
            }
        }
    }

    @Test
    void defaultSuperpixelsLeakLittleAcrossOffGridColourEdges() {
        try (SeedsSuperpixels seeds = new SeedsSuperpixels()) {
            for (int[] split : OFF_GRID_SPLITS) {
                SuperpixelMap map = seeds.segment(SuperpixelImages.quadrants(320, 240, split[0], split[1]), 320, 240);
                int leaked = SuperpixelImages.pixelsOutsideMajorityQuadrant(map, split[0], split[1]);
                System.out.println("SEEDS defaults, split " + split[0] + "," + split[1] + ": " + leaked
                        + " pixels outside their superpixel's quadrant");
                assertTrue(leaked < 0.05 * map.pixels(), leaked + " pixels leak across the edges at split " + split[0] + "," + split[1]);
            }
        }
    }

    @Test
    void countNearRequestedDensityAtSeveralSizes() {
        try (SeedsSuperpixels seeds = new SeedsSuperpixels()) {
            for (int[] size : new int[][] {{320, 240}, {640, 480}, {160, 120}}) {
                byte[] rgb = SuperpixelImages.texture(size[0], size[1], 7);
                SuperpixelMap map = seeds.segment(rgb, size[0], size[1]);
                int requested = seeds.config().requested(size[0], size[1]);
                System.out.println("SEEDS " + size[0] + "x" + size[1] + ": requested " + requested + ", got " + map.count());
                assertTrue(map.count() >= requested / 3 && map.count() <= requested,
                        "count " + map.count() + " for " + requested + " requested at " + size[0] + "x" + size[1]);
                SuperpixelImages.assertContiguousRasterOrder(map);
            }
        }
    }

    @Test
    void sameImageGivesSameIdsAndReuseMatchesFreshInstance() {
        byte[][] images = new byte[6][];
        for (int i = 0; i < images.length; i++) {
            images[i] = SuperpixelImages.texture(320, 240, 100 + i);
        }
        try (SeedsSuperpixels reused = new SeedsSuperpixels()) {
            SuperpixelMap first = reused.segment(images[0], 320, 240);
            for (byte[] img : images) {
                SuperpixelMap got = reused.segment(img, 320, 240);
                try (SeedsSuperpixels fresh = new SeedsSuperpixels()) {
                    SuperpixelMap want = fresh.segment(img, 320, 240);
                    assertEquals(want.count(), got.count());
                    assertArrayEquals(want.ids(), got.ids());
                }
            }
            assertArrayEquals(first.ids(), reused.segment(images[0], 320, 240).ids(), "same image, same ids");
            assertEquals(1, reused.instancesCreated(), "one SEEDS instance serves every frame of one size");
            // Different images really give different maps (the equality above is not vacuous).
            assertTrue(!java.util.Arrays.equals(first.ids(), reused.segment(images[1], 320, 240).ids()));
        }
    }

    @Test
    void eachImageSizeGetsItsOwnInstance() {
        try (SeedsSuperpixels seeds = new SeedsSuperpixels()) {
            SuperpixelMap big = seeds.segment(SuperpixelImages.texture(320, 240, 1), 320, 240);
            SuperpixelMap small = seeds.segment(SuperpixelImages.texture(160, 120, 1), 160, 120);
            SuperpixelMap bigAgain = seeds.segment(SuperpixelImages.texture(320, 240, 1), 320, 240);
            assertEquals(2, seeds.instancesCreated());
            assertEquals(160 * 120, small.ids().length);
            assertArrayEquals(big.ids(), bigAgain.ids());
        }
    }

    @Test
    void concurrentCallsMatchSequentialResults() throws Exception {
        int n = 8;
        byte[][] images = new byte[n][];
        SuperpixelMap[] want = new SuperpixelMap[n];
        try (SeedsSuperpixels seeds = new SeedsSuperpixels()) {
            for (int i = 0; i < n; i++) {
                images[i] = SuperpixelImages.texture(160, 120, 40 + i);
                want[i] = seeds.segment(images[i], 160, 120);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<SuperpixelMap>> got = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        got.add(pool.submit(() -> seeds.segment(images[k], 160, 120)));
                    }
                }
                for (int j = 0; j < got.size(); j++) {
                    assertArrayEquals(want[j % n].ids(), got.get(j).get().ids(), "image " + j % n);
                }
            } finally {
                pool.shutdown();
            }
            assertTrue(seeds.instancesCreated() <= 5, "at most one instance per concurrent caller: " + seeds.instancesCreated());
        }
    }

    @Test
    void wrongBufferSizeNamesBothSizes() {
        try (SeedsSuperpixels seeds = new SeedsSuperpixels()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> seeds.segment(new byte[320 * 240], 320, 240));
            assertTrue(e.getMessage().contains("76800") && e.getMessage().contains("230400")
                    && e.getMessage().contains("320x240"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> seeds.segment(new byte[0], 0, 5));
        }
    }

    @Test
    void tinyImagesAreRefusedBeforeOpenCvSeesThem() {
        try (SeedsSuperpixels seeds = new SeedsSuperpixels()) {
            for (int[] size : new int[][] {{1, 1}, {2, 3}, {4, 4}, {1000, 8}}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> seeds.segment(new byte[size[0] * size[1] * 3], size[0], size[1]));
                assertTrue(e.getMessage().contains(size[0] + "x" + size[1]) && e.getMessage().contains("too small"), e.getMessage());
            }
            // Every small size either segments or is refused: OpenCV never sees a size that would crash it.
            int segmented = 0;
            for (int w = 1; w <= 24; w++) {
                for (int h = 1; h <= 24; h++) {
                    if (SeedsSuperpixels.grid(w, h, seeds.config().requested(w, h), seeds.config().levels()) != null) {
                        SuperpixelMap map = seeds.segment(SuperpixelImages.texture(w, h, w * 31 + h), w, h);
                        SuperpixelImages.assertContiguousRasterOrder(map);
                        segmented++;
                    }
                }
            }
            assertTrue(segmented > 300, segmented + " of 576 small sizes segmented");
        }
    }

    @Test
    void gridPredictionMatchesOpenCvCounts() {
        assertArrayEquals(new int[] {8, 6}, SeedsSuperpixels.grid(320, 240, 56, 4));
        assertArrayEquals(new int[] {16, 12}, SeedsSuperpixels.grid(640, 480, 224, 4));
        assertArrayEquals(new int[] {5, 5}, SeedsSuperpixels.grid(320, 240, 42, 4));
        assertEquals(null, SeedsSuperpixels.grid(4, 4, 10, 4), "only one block level fits");
        try (SeedsSuperpixels seeds = new SeedsSuperpixels(new SeedsSuperpixels.Config(42, 4, 2, 5, false, 4))) {
            assertEquals(25, seeds.segment(SuperpixelImages.texture(320, 240, 9), 320, 240).count());
        }
    }

    @Test
    void closedAlgorithmRefusesWork() {
        SeedsSuperpixels seeds = new SeedsSuperpixels();
        seeds.segment(SuperpixelImages.texture(64, 48, 3), 64, 48);
        seeds.close();
        seeds.close();
        assertThrows(IllegalStateException.class, () -> seeds.segment(SuperpixelImages.texture(64, 48, 3), 64, 48));
    }

    @Test
    void configRejectsBadValuesAndScalesWithArea() {
        assertThrows(IllegalArgumentException.class, () -> new SeedsSuperpixels.Config(0, 4, 2, 5, false, 4));
        assertThrows(IllegalArgumentException.class, () -> new SeedsSuperpixels.Config(50, 4, 6, 5, false, 4));
        SeedsSuperpixels.Config c = SeedsSuperpixels.Config.defaults();
        assertEquals(56, c.requested(320, 240));
        assertEquals(224, c.requested(640, 480));
        assertEquals(14, c.requested(160, 120));
        assertEquals(10, c.requested(32, 24), "never below SEEDS' minimum of 10");
        assertEquals(0, SeedsSuperpixels.Config.edgeFollowing().prior());
    }

    @Test
    void scannetFramesGiveAsManySuperpixelsAsTheShippedMaps() throws IOException {
        Path sample = SharedData.scannetSample();
        List<Path> colours;
        try (Stream<Path> s = Files.list(sample.resolve("color"))) {
            colours = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        assertTrue(colours.size() >= 5, "colour images in " + sample);
        long reuseNanos = 0;
        long freshNanos = 0;
        int ours = 0;
        int shipped = 0;
        try (SeedsSuperpixels seeds = new SeedsSuperpixels()) {
            seeds.segment(readRgb(colours.get(0)).rgb, 320, 240); // warm-up: loads natives, creates the instance
            for (Path colour : colours) {
                Rgb img = readRgb(colour);
                assertEquals(320, img.width, colour.toString());
                long t0 = System.nanoTime();
                SuperpixelMap map = seeds.segment(img.rgb, img.width, img.height);
                long t1 = System.nanoTime();
                try (SeedsSuperpixels fresh = new SeedsSuperpixels()) {
                    SuperpixelMap again = fresh.segment(img.rgb, img.width, img.height);
                    assertArrayEquals(map.ids(), again.ids(), colour.toString());
                }
                long t2 = System.nanoTime();
                reuseNanos += t1 - t0;
                freshNanos += t2 - t1;
                String name = colour.getFileName().toString().replace(".jpg", ".png");
                int reference = distinct16BitValues(sample.resolve("superpixel").resolve(name));
                System.out.println("SEEDS " + name + ": " + map.count() + " superpixels, shipped map " + reference);
                assertTrue(map.count() >= reference / 2 && map.count() <= reference * 2,
                        name + ": " + map.count() + " superpixels vs " + reference + " in the shipped map");
                ours += map.count();
                shipped += reference;
            }
        }
        System.out.printf("SEEDS 320x240 per frame: %.1f ms reusing one instance, %.1f ms with a new instance;"
                        + " mean count %.1f (shipped %.1f)%n", reuseNanos / 1e6 / colours.size(),
                freshNanos / 1e6 / colours.size(), (double) ours / colours.size(), (double) shipped / colours.size());
    }

    record Rgb(int width, int height, byte[] rgb) {}

    static Rgb readRgb(Path jpg) throws IOException {
        BufferedImage img = ImageIO.read(jpg.toFile());
        if (img == null) {
            throw new IOException("no image reader for " + jpg);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                int i = 3 * (y * w + x);
                rgb[i] = (byte) (p >> 16);
                rgb[i + 1] = (byte) (p >> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        return new Rgb(w, h, rgb);
    }

    static int distinct16BitValues(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        if (img == null) {
            throw new IOException("no image reader for " + png);
        }
        assertEquals(16, img.getColorModel().getComponentSize(0), png + " is not 16-bit");
        java.util.BitSet seen = new java.util.BitSet(1 << 16);
        var raster = img.getRaster();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                seen.set(raster.getSample(x, y, 0));
            }
        }
        return seen.cardinality();
    }
}
