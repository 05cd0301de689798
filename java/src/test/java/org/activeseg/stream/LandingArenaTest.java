package org.activeseg.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.backend.PixelTiles;
import org.junit.jupiter.api.Test;

/**
 * Landings placed in a {@link LandingArena}: each reads back exactly its own correspondence map (several
 * share a chunk, each at its own offset), the chunks go back to the buffers on release and serve the
 * next arena, and a landing larger than a chunk gets arrays of its own.
 */
class LandingArenaTest {
    private static final int P = 2000;

    private static int[] map(SplittableRandom r, int pixels, int targetPixels) {
        int[] corr = new int[pixels];
        for (int i = 0; i < pixels; i++) {
            corr[i] = r.nextInt(4) == 0 ? -1 : r.nextInt(targetPixels);
        }
        return corr;
    }

    /**
     * Checks that {@code l} holds exactly the points of {@code corr} on a target {@code width} pixels
     * wide, grouped by tile of 32 x 16 pixels, in source order within a tile.
     */
    private static void assertHolds(int[] corr, int width, Landings l, String what) {
        int across = (width + 31) / 32;
        int[] starts = l.tileStarts();
        int n = 0;
        for (int b = 0; b + 1 < starts.length; b++) {
            int j = starts[b];
            for (int i = 0; i < corr.length; i++) {
                if (corr[i] >= 0 && (corr[i] / width / 16) * across + (corr[i] % width) / 32 == b) {
                    assertEquals(i, l.sources()[j], what + ": source of point " + j);
                    assertEquals(corr[i], l.targets()[j], what + ": target of point " + j);
                    j++;
                    n++;
                }
            }
            assertEquals(starts[b + 1], j, what + ": end of tile " + b);
        }
        assertEquals(n, l.count(), what + ": count");
        assertEquals(l.from() + l.count(), starts[starts.length - 1], what + ": last tile end");
    }

    @Test
    void landingsShareChunksAndEachReadsBackItsOwnPoints() {
        SplittableRandom r = new SplittableRandom(21);
        ViewBuffers buffers = new ViewBuffers();
        LandingArena arena = new LandingArena(buffers, P);
        List<int[]> maps = new ArrayList<>();
        List<Landings> kept = new ArrayList<>();
        for (int k = 0; k < 3 * LandingArena.FRAMES_PER_CHUNK; k++) {
            // targets of 20 rows of 100 + 5k pixels: P + 100 k pixels
            int[] corr = map(r, P, P + 100 * k);
            maps.add(corr);
            kept.add(Landings.of(corr, PixelTiles.of(100 + 5 * k, 20), arena));
        }
        for (int k = 0; k < maps.size(); k++) {
            assertHolds(maps.get(k), 100 + 5 * k, kept.get(k), "landing " + k);
        }
        assertSame(kept.get(0).sources(), kept.get(1).sources(), "two landings in one chunk");
        assertTrue(kept.get(1).from() > 0, "the second one after the first");
        long chunkBytes = 4L * LandingArena.FRAMES_PER_CHUNK * P;
        assertEquals(0, arena.bytes() % (2 * chunkBytes), "whole chunk pairs");
        assertTrue(arena.bytes() >= 2 * chunkBytes * 2, "48 landings of 1500 points fill more than one chunk: " + arena.bytes());
        java.util.Set<int[]> chunks = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        kept.forEach(l -> {
            chunks.add(l.sources());
            chunks.add(l.targets());
        });
        arena.release();
        assertThrows(IllegalStateException.class, () -> arena.allocate(1));
        assertTrue(buffers.bytes() >= arena.bytes(), "the chunks went back to the buffers");
        LandingArena next = new LandingArena(buffers, P);
        int[] corr = map(r, P, P);
        Landings l = Landings.of(corr, PixelTiles.of(100, 20), next);
        assertHolds(corr, 100, l, "landing in a reused chunk");
        assertTrue(chunks.contains(l.sources()) && chunks.contains(l.targets()), "released chunks serve the next arena");
    }

    @Test
    void aLandingLargerThanAChunkGetsItsOwnArrays() {
        SplittableRandom r = new SplittableRandom(22);
        ViewBuffers buffers = new ViewBuffers();
        int small = 10;
        LandingArena arena = new LandingArena(buffers, small);
        int[] corr = map(r, LandingArena.FRAMES_PER_CHUNK * small * 3, 7000);
        Landings big = Landings.of(corr, PixelTiles.of(70, 100), arena);
        assertHolds(corr, 70, big, "large landing");
        assertEquals(0, big.from());
        assertEquals(big.count(), big.sources().length);
        Landings tiny = Landings.of(new int[] {-1, 3, 0}, PixelTiles.of(5, 2), arena);
        assertNotSame(big.sources(), tiny.sources());
        assertEquals(2, tiny.count());
        arena.release();
        assertEquals(4L * LandingArena.FRAMES_PER_CHUNK * small * 2, buffers.bytes(), "only the chunks are kept for reuse");
    }

    @Test
    void aTargetPixelOutsideTheFrameIsRefused() {
        LandingArena arena = new LandingArena(new ViewBuffers(), P);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Landings.of(new int[] {0, 5, -1}, PixelTiles.of(5, 1), arena));
        assertTrue(e.getMessage().contains("target pixel 5"), e.getMessage());
    }
}
