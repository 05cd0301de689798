package org.activeseg.stream;

import java.util.Arrays;
import org.activeseg.backend.PixelTiles;
import org.activeseg.backend.ViewAccumulator;

/**
 * The points of one source frame that landed in one target frame, compactly: source pixel
 * {@code sources[j]} landed on target pixel {@code targets[j]}, for j in [{@code from()},
 * {@code from() + count}) of arrays a {@link LandingArena} lends (other landings share them), grouped
 * by the target's {@link PixelTiles} (tile t's points are [{@code tileStarts[t]},
 * {@code tileStarts[t + 1]})) and in source pixel order within a tile, so every target pixel sees its
 * points in source pixel order, as the batch adds them. What a target's accumulator added for that
 * source, kept so that evicting the source subtracts exactly the same points without projecting again
 * (8 bytes a landed point).
 */
record Landings(int[] sources, int[] targets, int count, int[] tileStarts) {

    /**
     * The landed points of a correspondence map (source pixel -> target pixel of a target cut into
     * {@code tiles}, or -1), placed in {@code arena}.
     */
    static Landings of(int[] correspondences, PixelTiles tiles, LandingArena arena) {
        int count = tiles.count();
        int targetPixels = tiles.pixels();
        int[] starts = new int[count + 1];
        for (int u : correspondences) {
            if (u >= 0) {
                if (u >= targetPixels) {
                    throw new IllegalArgumentException("target pixel " + u + " of a frame with " + targetPixels);
                }
                starts[tiles.tileOf(u) + 1]++;
            }
        }
        for (int t = 0; t < count; t++) {
            starts[t + 1] += starts[t];
        }
        int n = starts[count];
        LandingArena.Range range = arena.allocate(n);
        for (int t = 0; t <= count; t++) {
            starts[t] += range.from();
        }
        int[] next = Arrays.copyOf(starts, count);
        int[] s = range.sources();
        int[] t = range.targets();
        for (int i = 0; i < correspondences.length; i++) {
            int u = correspondences[i];
            if (u >= 0) {
                int j = next[tiles.tileOf(u)]++;
                s[j] = i;
                t[j] = u;
            }
        }
        return new Landings(s, t, n, starts);
    }

    /** No point of the source landed (what {@link #of} makes of a map without landings, without reading one). */
    static Landings none(PixelTiles tiles) {
        return new Landings(new int[0], new int[0], 0, new int[tiles.count() + 1]);
    }

    /** Index of the first point in {@link #sources()} and {@link #targets()}. */
    int from() {
        return tileStarts[0];
    }

    /** The points as the accumulator takes them, from a source held as (P, C) rows and their logs. */
    ViewAccumulator.RowPoints points(float[] rows, float[] logRows) {
        return new ViewAccumulator.RowPoints(sources, targets, count, rows, logRows, tileStarts);
    }

    /** Heap bytes of the tile starts (the points are the arena's). */
    long bytes() {
        return 4L * tileStarts.length;
    }
}
