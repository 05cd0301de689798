package org.activeseg.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatTensorTest {

    @Test
    void probabilitiesLayoutIsNtcpWithPixelsContiguous() {
        try (FloatTensor t = FloatTensor.probabilities(2, 3, 4, 5)) {
            assertArrayEquals(new long[] {2, 3, 4, 5}, t.shape());
            assertEquals(120, t.size());
            assertEquals(((1 * 3 + 2) * 4 + 3) * 5 + 4, t.offset(1, 2, 3, 4));
            t.set(t.offset(1, 2, 3, 4), 0.25f);
            assertEquals(0.25f, t.at(1, 2, 3, 4));
            assertEquals(0f, t.at(0, 0, 0, 0), "allocation is zero-filled");
        }
    }

    @Test
    void copyReshapeAndErrors() {
        float[] v = {1, 2, 3, 4, 5, 6};
        try (FloatTensor t = FloatTensor.of(v, 2, 3)) {
            assertArrayEquals(v, t.toArray());
            FloatTensor r = t.reshape(3, 2);
            assertEquals(4f, r.at(1, 1));
            float[] dst = new float[2];
            t.copyTo(4, dst, 0, 2);
            assertArrayEquals(new float[] {5, 6}, dst);
            var e = assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2));
            assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> t.at(2, 0));
            assertThrows(IllegalArgumentException.class, () -> t.at(1));
        }
        assertThrows(IllegalArgumentException.class, () -> FloatTensor.of(v, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> FloatTensor.allocate(2, -1));
    }
}
