package org.activeseg.superpixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SuperpixelMapTest {

    @Test
    void relabelsInRasterOrderOfFirstAppearance() {
        int[] labels = {
            7, 7, 3,
            9, 3, 3,
            9, 0, 7};
        SuperpixelMap map = SuperpixelMap.fromLabels(labels, 3, 3);
        assertEquals(4, map.count());
        assertArrayEquals(new int[] {0, 0, 1, 2, 1, 1, 2, 3, 0}, map.ids());
        assertArrayEquals(new int[] {3, 3, 2, 1}, map.sizes());
        assertArrayEquals(new int[] {7, 7, 3, 9, 3, 3, 9, 0, 7}, labels, "input untouched");
    }

    @Test
    void sparseAndNegativeLabelsUseTheSameNumbering() {
        int[] labels = {Integer.MAX_VALUE, -5, Integer.MAX_VALUE, 1_000_000_000};
        SuperpixelMap map = SuperpixelMap.fromLabels(labels, 2, 2);
        assertArrayEquals(new int[] {0, 1, 0, 2}, map.ids());
        assertEquals(3, map.count());
    }

    @Test
    void rejectsWrongSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SuperpixelMap.fromLabels(new int[5], 2, 3));
        assertEquals("labels for 2x3 need 6 values, got 5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SuperpixelMap(2, 2, 0, new int[4]));
        assertThrows(IllegalArgumentException.class, () -> new SuperpixelMap(0, 2, 1, new int[0]));
    }
}
