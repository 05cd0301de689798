package org.activeseg.superpixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** Synthetic test images and checks on superpixel maps shared by the superpixel tests. */
final class SuperpixelImages {
    private SuperpixelImages() {}

    private static final int[][] QUADRANT_COLOURS = {{200, 30, 30}, {30, 170, 40}, {40, 60, 210}, {230, 220, 60}};

    /** Four flat colours split at column {@code sx} and row {@code sy}. */
    static byte[] quadrants(int w, int h, int sx, int sy) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] c = QUADRANT_COLOURS[quadrant(x, y, sx, sy)];
                int i = 3 * (y * w + x);
                rgb[i] = (byte) c[0];
                rgb[i + 1] = (byte) c[1];
                rgb[i + 2] = (byte) c[2];
            }
        }
        return rgb;
    }

    static int quadrant(int x, int y, int sx, int sy) {
        return (y < sy ? 0 : 2) + (x < sx ? 0 : 1);
    }

    /** A smooth colour field with blobs and noise: enough structure that different seeds give different maps. */
    static byte[] texture(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double fx = 2 + r.nextDouble() * 4;
        double fy = 2 + r.nextDouble() * 4;
        double phase = r.nextDouble() * 6;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = (double) x / w;
                double v = (double) y / h;
                int i = 3 * (y * w + x);
                rgb[i] = (byte) clamp(128 + 100 * Math.sin(fx * Math.PI * u + phase) + r.nextInt(-10, 11));
                rgb[i + 1] = (byte) clamp(128 + 100 * Math.cos(fy * Math.PI * v - phase) + r.nextInt(-10, 11));
                rgb[i + 2] = (byte) clamp(128 + 90 * Math.sin(3 * Math.PI * (u + v) + phase) + r.nextInt(-10, 11));
            }
        }
        return rgb;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Fails unless every superpixel lies inside a single quadrant. */
    static void assertWithinQuadrants(SuperpixelMap map, int sx, int sy) {
        int[] quadrantOf = new int[map.count()];
        java.util.Arrays.fill(quadrantOf, -1);
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                int id = map.ids()[y * map.width() + x];
                int q = quadrant(x, y, sx, sy);
                if (quadrantOf[id] < 0) {
                    quadrantOf[id] = q;
                } else if (quadrantOf[id] != q) {
                    fail("superpixel " + id + " spans quadrants " + quadrantOf[id] + " and " + q + " (pixel " + x + "," + y
                            + ", split at " + sx + "," + sy + ")");
                }
            }
        }
    }

    /** Pixels whose quadrant differs from the quadrant holding most of their superpixel. */
    static int pixelsOutsideMajorityQuadrant(SuperpixelMap map, int sx, int sy) {
        int[][] counts = new int[map.count()][4];
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                counts[map.ids()[y * map.width() + x]][quadrant(x, y, sx, sy)]++;
            }
        }
        int outside = 0;
        for (int[] c : counts) {
            int max = 0;
            int total = 0;
            for (int v : c) {
                max = Math.max(max, v);
                total += v;
            }
            outside += total - max;
        }
        return outside;
    }

    /** Fails unless ids are 0..count-1, each used, numbered in raster order of first appearance. */
    static void assertContiguousRasterOrder(SuperpixelMap map) {
        int next = 0;
        for (int i = 0; i < map.ids().length; i++) {
            int id = map.ids()[i];
            if (id == next) {
                next++;
            } else if (id < 0 || id > next) {
                fail("id " + id + " at pixel " + i + " breaks raster numbering (next new id would be " + next + ")");
            }
        }
        assertEquals(map.count(), next, "count");
    }
}
