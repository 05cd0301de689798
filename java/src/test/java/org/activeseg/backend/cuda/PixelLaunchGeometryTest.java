package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The launch geometry the JCuda route uses: the grid formula of activeseg.h (as pixel_grid in
 * cuda/src/pixel_kernels.cuh) at its edges. The geometry the built library reports is checked in
 * {@link PixelKernelsTest}.
 */
class PixelLaunchGeometryTest {

    @Test
    void gridIsCeilingOfItemsOverBlockAtLeastOneAndCapped() {
        PixelLaunchGeometry g = new PixelLaunchGeometry(256, 1L << 20);
        assertEquals(1, g.blocks(0));
        assertEquals(1, g.blocks(1));
        assertEquals(1, g.blocks(256));
        assertEquals(2, g.blocks(257));
        assertEquals(300, g.blocks(320 * 240));
        assertEquals(1 << 20, g.blocks(256L << 20));
        assertEquals(1 << 20, g.blocks((256L << 20) + 1));
        assertEquals(1 << 20, g.blocks(Long.MAX_VALUE));
        PixelLaunchGeometry odd = new PixelLaunchGeometry(96, 7);
        assertEquals(2, odd.blocks(97));
        assertEquals(7, odd.blocks(96 * 7 + 1));
        assertThrows(IllegalArgumentException.class, () -> g.blocks(-1));
    }

    @Test
    void implausibleGeometryFromALibraryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PixelLaunchGeometry(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PixelLaunchGeometry(256, 0));
        assertThrows(IllegalArgumentException.class, () -> new PixelLaunchGeometry(256, 1L << 31));
    }
}
