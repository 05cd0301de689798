package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PixelTiles}: every pixel lies in the tile it is looked up in, at the index inside the tile its
 * offset from the tile's corner gives; tiles cover the frame without overlap (partial tiles at the right
 * and bottom edges); the last size is shared.
 */
class PixelTilesTest {

    @ParameterizedTest
    @CsvSource({"320, 240", "50, 26", "32, 16", "1, 1", "33, 17", "640, 480"})
    void everyPixelIsInItsTileAtItsOffset(int width, int height) {
        PixelTiles t = PixelTiles.of(width, height);
        assertSame(t, PixelTiles.of(width, height), "the last size is shared");
        assertEquals(((width + 31) / 32) * ((height + 15) / 16), t.count());
        int[] members = new int[t.count()];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int u = y * width + x;
                int tile = t.tileOf(u);
                int x0 = t.x0(tile), y0 = t.y0(tile);
                assertTrue(x >= x0 && x < x0 + t.widthOf(tile) && y >= y0 && y < y0 + t.heightOf(tile),
                        "pixel (" + x + ", " + y + ") in tile " + tile);
                assertEquals((y - y0) * PixelTiles.TILE_WIDTH + (x - x0), t.localOf(u), "index of (" + x + ", " + y + ")");
                members[tile]++;
            }
        }
        for (int tile = 0; tile < t.count(); tile++) {
            assertEquals(t.widthOf(tile) * t.heightOf(tile), members[tile], "pixels of tile " + tile);
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 5", "5, 0", "-1, 3", "65536, 65536"})
    void impossibleSizesAreRefused(int width, int height) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PixelTiles.of(width, height));
        assertTrue(e.getMessage().contains(width + " x " + height), e.getMessage());
    }
}
