package org.activeseg.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** {@link ViewBuffers} hands back what it was given, per type and length, and keeps a bounded number. */
class ViewBuffersTest {

    @Test
    void givenArraysComeBackByTypeAndLength() {
        ViewBuffers b = new ViewBuffers();
        float[] f = b.floats(10);
        double[] d = b.doubles(10);
        int[] i = b.ints(10);
        b.give(f);
        b.give(d);
        b.give(i);
        assertNotSame(f, b.floats(11), "another length is a new array");
        assertSame(f, b.floats(10));
        assertSame(d, b.doubles(10));
        assertSame(i, b.ints(10));
        assertNotSame(f, b.floats(10), "handed out once only");
        assertArrayEquals(new long[] {3, 5}, b.counts(), "reused, allocated");
    }

    @Test
    void atMostKeepArraysOfAKindAreKept() {
        ViewBuffers b = new ViewBuffers();
        for (int n = 0; n < ViewBuffers.KEEP + 3; n++) {
            b.give(new double[100]);
        }
        assertEquals(8L * 100 * ViewBuffers.KEEP, b.bytes());
        for (int n = 0; n < ViewBuffers.KEEP; n++) {
            b.doubles(100);
        }
        assertEquals(0, b.bytes());
        assertEquals(ViewBuffers.KEEP, b.counts()[0]);
    }
}
