package org.activeseg.backend;

/**
 * Per-segment sums and means of a pixel map (ViewAL step 6.3: the mean over ALL pixels of a
 * superpixel, zeros included). Arrays are parallel and ordered by ascending id; only ids that
 * occur are listed.
 *
 * @param ids    the segment ids present, ascending
 * @param counts pixels per segment
 * @param sums   sum of the map over each segment (double accumulation)
 * @param means  sums / counts
 */
public record SegmentMeans(int[] ids, long[] counts, double[] sums, double[] means) {

    public int size() {
        return ids.length;
    }

    /** Position of {@code id} in {@link #ids()}, or -1 when absent. */
    public int indexOf(int id) {
        int i = java.util.Arrays.binarySearch(ids, id);
        return i >= 0 ? i : -1;
    }
}
