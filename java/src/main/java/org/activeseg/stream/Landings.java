package org.activeseg.stream;

import java.util.Arrays;
import org.activeseg.backend.ViewAccumulator;

/**
 * The points of one source frame that landed in one target frame, compactly: source pixel
 * {@code sources[j]} landed on target pixel {@code targets[j]}, for j in [{@code from()},
 * {@code from() + count}) of arrays a {@link LandingArena} lends (other landings share them), grouped
 * by band of {@value ViewAccumulator#BAND_PIXELS} target pixels (band b's points are
 * [{@code bandStarts[b]}, {@code bandStarts[b + 1]})) and in source pixel order within a band, so every
 * target pixel sees its points in source pixel order, as the batch adds them. What a target's
 * accumulator added for that source, kept so that evicting the source subtracts exactly the same
 * points without projecting again (8 bytes a landed point).
 */
record Landings(int[] sources, int[] targets, int count, int[] bandStarts) {

    /**
     * The landed points of a correspondence map (source pixel -> target pixel of {@code targetPixels},
     * or -1), placed in {@code arena}.
     */
    static Landings of(int[] correspondences, int targetPixels, LandingArena arena) {
        int shift = Integer.numberOfTrailingZeros(ViewAccumulator.BAND_PIXELS);
        int bands = (targetPixels + ViewAccumulator.BAND_PIXELS - 1) >> shift;
        int[] starts = new int[bands + 1];
        for (int u : correspondences) {
            if (u >= 0) {
                if (u >= targetPixels) {
                    throw new IllegalArgumentException("target pixel " + u + " of a frame with " + targetPixels);
                }
                starts[(u >> shift) + 1]++;
            }
        }
        for (int b = 0; b < bands; b++) {
            starts[b + 1] += starts[b];
        }
        int n = starts[bands];
        LandingArena.Range range = arena.allocate(n);
        for (int b = 0; b <= bands; b++) {
            starts[b] += range.from();
        }
        int[] next = Arrays.copyOf(starts, bands);
        int[] s = range.sources();
        int[] t = range.targets();
        for (int i = 0; i < correspondences.length; i++) {
            int u = correspondences[i];
            if (u >= 0) {
                int j = next[u >> shift]++;
                s[j] = i;
                t[j] = u;
            }
        }
        return new Landings(s, t, n, starts);
    }

    /** No point of the source landed (what {@link #of} makes of a map without landings, without reading one). */
    static Landings none(int targetPixels) {
        int bands = (targetPixels + ViewAccumulator.BAND_PIXELS - 1) / ViewAccumulator.BAND_PIXELS;
        return new Landings(new int[0], new int[0], 0, new int[bands + 1]);
    }

    /** Index of the first point in {@link #sources()} and {@link #targets()}. */
    int from() {
        return bandStarts[0];
    }

    /** The points as the accumulator takes them, from a source held as (P, C) rows and their logs. */
    ViewAccumulator.RowPoints points(float[] rows, float[] logRows) {
        return new ViewAccumulator.RowPoints(sources, targets, count, rows, logRows, bandStarts);
    }

    /** Heap bytes of the band starts (the points are the arena's). */
    long bytes() {
        return 4L * bandStarts.length;
    }
}
