package org.activeseg.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The outline of a pixel mask as closed polygons on the pixel-corner grid (vertex (x, y) is the
 * top-left corner of pixel (x, y)): every boundary edge between a mask pixel and a non-mask pixel (or
 * the frame's border) belongs to exactly one polygon, edges are chained into loops and collinear
 * vertices dropped. Filling the polygons with the even-odd rule gives back the mask exactly (holes
 * are loops of their own), which is how annotation tools that take polygons draw a superpixel.
 */
public final class MaskPolygons {
    private MaskPolygons() {}

    /** The loops, each as vertices {x, y} in order (the last vertex joins the first). */
    public static List<int[][]> trace(BitSet mask, int width, int height) {
        // Directed edges, clockwise around each mask pixel, only where the neighbour is outside.
        Map<Long, ArrayDeque<Long>> next = new HashMap<>();
        int edges = 0;
        for (int p = mask.nextSetBit(0); p >= 0 && p < width * height; p = mask.nextSetBit(p + 1)) {
            int x = p % width;
            int y = p / width;
            if (y == 0 || !mask.get(p - width)) {
                edges += add(next, x, y, x + 1, y, width);
            }
            if (x == width - 1 || !mask.get(p + 1)) {
                edges += add(next, x + 1, y, x + 1, y + 1, width);
            }
            if (y == height - 1 || !mask.get(p + width)) {
                edges += add(next, x + 1, y + 1, x, y + 1, width);
            }
            if (x == 0 || !mask.get(p - 1)) {
                edges += add(next, x, y + 1, x, y, width);
            }
        }
        List<int[][]> loops = new ArrayList<>();
        while (edges > 0) {
            long start = next.keySet().iterator().next();
            List<long[]> vertices = new ArrayList<>();
            long at = start;
            do {
                ArrayDeque<Long> out = next.get(at);
                long to = out.poll();
                if (out.isEmpty()) {
                    next.remove(at);
                }
                edges--;
                vertices.add(new long[] {at % (width + 1), at / (width + 1)});
                at = to;
            } while (at != start);
            loops.add(simplify(vertices));
        }
        return loops;
    }

    private static int add(Map<Long, ArrayDeque<Long>> next, int x0, int y0, int x1, int y1, int width) {
        next.computeIfAbsent((long) y0 * (width + 1) + x0, k -> new ArrayDeque<>()).add((long) y1 * (width + 1) + x1);
        return 1;
    }

    /** Drops vertices in the middle of a straight run. */
    private static int[][] simplify(List<long[]> v) {
        List<int[]> out = new ArrayList<>();
        int n = v.size();
        for (int i = 0; i < n; i++) {
            long[] a = v.get((i + n - 1) % n);
            long[] b = v.get(i);
            long[] c = v.get((i + 1) % n);
            boolean straight = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) == 0;
            if (!straight) {
                out.add(new int[] {(int) b[0], (int) b[1]});
            }
        }
        return out.toArray(int[][]::new);
    }
}
