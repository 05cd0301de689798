package org.activeseg.backend.cuda;

import java.util.Arrays;
import java.util.List;
import org.activeseg.backend.ViewArguments;
import org.activeseg.backend.ViewOps.CoverageKey;

/**
 * A scene's superpixel maps renumbered densely per frame for the coverage kernel: frame f's ids,
 * sorted and distinct, become 0 .. count(f) - 1, and frame f's block of the scene-wide numbering
 * starts at offset(f). The kernel's key of a point is
 * {@code targetDense * total + offset(sourceFrame) + sourceDense}; {@link #decode} turns it back into
 * the caller's ids, and {@link #areas} gives |target_spx| for the fractions.
 */
final class DenseSuperpixels {
    private final int[][] ids;
    private final int[] dense;
    private final long[] offsets;
    private final long total;
    private final int pixels;

    private DenseSuperpixels(int[][] ids, int[] dense, long[] offsets, long total, int pixels) {
        this.ids = ids;
        this.dense = dense;
        this.offsets = offsets;
        this.total = total;
        this.pixels = pixels;
    }

    /** Renumbers {@code maps} (one per frame, {@code pixels} ids each); a wrong count or size names the frame. */
    static DenseSuperpixels of(List<int[]> maps, int frames, int pixels) {
        ViewArguments.superpixelMaps(maps, frames, pixels);
        int[][] ids = new int[frames][];
        int[] dense = new int[Math.multiplyExact(frames, pixels)];
        long[] offsets = new long[frames];
        long total = 0;
        for (int f = 0; f < frames; f++) {
            int[] spx = maps.get(f);
            ids[f] = Arrays.stream(spx).distinct().sorted().toArray();
            for (int i = 0; i < pixels; i++) {
                dense[f * pixels + i] = Arrays.binarySearch(ids[f], spx[i]);
            }
            offsets[f] = total;
            total += ids[f].length;
        }
        return new DenseSuperpixels(ids, dense, offsets, total, pixels);
    }

    /** Dense ids, (N, P) row-major. */
    int[] dense() {
        return dense;
    }

    long[] offsets() {
        return offsets.clone();
    }

    /** Superpixels of all frames together. */
    long total() {
        return total;
    }

    int count(int frame) {
        return ids[frame].length;
    }

    /** The key value the kernel gives points that were not kept: count(target) * total. */
    long sentinel(int target) {
        return count(target) * total;
    }

    /** Pixels of each of {@code target}'s superpixels, by dense id. */
    long[] areas(int target) {
        long[] area = new long[count(target)];
        for (int i = 0; i < pixels; i++) {
            area[dense[target * pixels + i]]++;
        }
        return area;
    }

    /** The coverage key of a kernel key of {@code target}, in the caller's ids. */
    CoverageKey decode(int target, long key) {
        if (key < 0 || key >= sentinel(target)) {
            throw new IllegalArgumentException("coverage key " + key + " of target " + target + " is outside [0, "
                    + sentinel(target) + ")");
        }
        int a = (int) (key / total);
        long g = key % total;
        int j = Arrays.binarySearch(offsets, g);
        if (j < 0) {
            j = -j - 2;  // every frame has at least one superpixel, so the offsets strictly increase
        }
        return new CoverageKey(ids[target][a], j, ids[j][(int) (g - offsets[j])]);
    }
}
