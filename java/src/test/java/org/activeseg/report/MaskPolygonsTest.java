package org.activeseg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskPolygonsTest {

    /** Even-odd fill of the loops, sampled at pixel centres. */
    static BitSet fill(List<int[][]> loops, int w, int h) {
        BitSet out = new BitSet();
        for (int y = 0; y < h; y++) {
            double cy = y + 0.5;
            for (int x = 0; x < w; x++) {
                double cx = x + 0.5;
                int crossings = 0;
                for (int[][] loop : loops) {
                    for (int i = 0; i < loop.length; i++) {
                        int[] a = loop[i];
                        int[] b = loop[(i + 1) % loop.length];
                        if ((a[1] > cy) != (b[1] > cy)) {
                            double xAt = a[0] + (cy - a[1]) * (b[0] - a[0]) / (double) (b[1] - a[1]);
                            if (xAt > cx) {
                                crossings++;
                            }
                        }
                    }
                }
                if (crossings % 2 == 1) {
                    out.set(y * w + x);
                }
            }
        }
        return out;
    }

    @Test
    void anLShapeIsOneHexagon() {
        // ##.
        // #..
        BitSet m = new BitSet();
        m.set(0);
        m.set(1);
        m.set(3);
        List<int[][]> loops = MaskPolygons.trace(m, 3, 2);
        assertEquals(1, loops.size());
        assertEquals(6, loops.getFirst().length);
        assertEquals(m, fill(loops, 3, 2));
    }

    @Test
    void aRingHasAnOuterAndAnInnerLoop() {
        int w = 5;
        BitSet m = new BitSet();
        m.set(0, 25);
        m.clear(12);
        List<int[][]> loops = MaskPolygons.trace(m, w, 5);
        assertEquals(2, loops.size());
        assertEquals(m, fill(loops, w, 5));
    }

    @Test
    void evenOddFillOfTheLoopsGivesBackAnyMask() {
        SplittableRandom rng = new SplittableRandom(13);
        for (int trial = 0; trial < 200; trial++) {
            int w = 1 + rng.nextInt(12);
            int h = 1 + rng.nextInt(12);
            double density = rng.nextDouble();
            BitSet m = new BitSet();
            for (int i = 0; i < w * h; i++) {
                if (rng.nextDouble() < density) {
                    m.set(i);
                }
            }
            assertEquals(m, fill(MaskPolygons.trace(m, w, h), w, h), "trial " + trial + " " + w + "x" + h);
        }
    }
}
