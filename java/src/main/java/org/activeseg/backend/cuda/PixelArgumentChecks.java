package org.activeseg.backend.cuda;

import java.util.Arrays;
import java.util.BitSet;
import org.activeseg.backend.EntropyBase;
import org.activeseg.backend.PixelStatistic;
import org.activeseg.tensor.FloatTensor;

/**
 * The host-side half of {@link CudaPixelOps}: shape and value checks with the same messages as
 * the reference backend, the statistic's kernel code, and the compaction of sparse segment ids.
 * Nothing here touches a device, so it is tested without one.
 */
final class PixelArgumentChecks {
    /** Dense bins while maxId stays below this bound relative to the pixel count (as the reference). */
    static final long DENSE_ID_SLACK = 1024;

    private PixelArgumentChecks() {}

    /** C of a (C, P) map whose P equals {@code out.length}; {@code what} names the call. */
    static int statisticClasses(FloatTensor map, float[] out, String what) {
        long[] s = map.shape();
        if (s.length != 2 || s[0] < 1 || s[0] > Integer.MAX_VALUE || s[1] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " needs a (C, P) map with C >= 1, got shape " + Arrays.toString(s));
        }
        if (out.length != s[1]) {
            throw new IllegalArgumentException(what + ": map " + Arrays.toString(s) + " needs an output of length "
                    + s[1] + ", got " + out.length);
        }
        return (int) s[0];
    }

    /** The AS_STAT_* code of {@code stat}. */
    static int statCode(PixelStatistic stat) {
        return switch (stat) {
            case ENTROPY_LOG2_VIEWAL, ENTROPY_LN_U2PL, ENTROPY_LN_RIPU -> PixelKernels.STAT_ENTROPY;
            case ENTROPY_LN_XLOGY -> PixelKernels.STAT_ENTROPY_XLOGY;
            case MAX_PROBABILITY -> PixelKernels.STAT_MAX_PROBABILITY;
            case LEAST_CONFIDENCE -> PixelKernels.STAT_LEAST_CONFIDENCE;
            case MARGIN -> PixelKernels.STAT_MARGIN;
        };
    }

    /** The entropy base of an epsilon entropy statistic, or null for the others. */
    static EntropyBase entropyBase(PixelStatistic stat) {
        return switch (stat) {
            case ENTROPY_LOG2_VIEWAL -> EntropyBase.LOG2_VIEWAL;
            case ENTROPY_LN_U2PL -> EntropyBase.LN_U2PL;
            case ENTROPY_LN_RIPU -> EntropyBase.LN_RIPU;
            default -> null;
        };
    }

    static void fillMask(float[] map, BitSet mask) {
        if (mask.length() > map.length) {
            throw new IllegalArgumentException("mask sets pixel " + (mask.length() - 1) + " of a map of " + map.length + " pixels");
        }
    }

    static void boxShape(float[] map, int width, int height, int window, float[] sums, int[] counts) {
        if (width < 0 || height < 0 || (long) width * height != map.length || sums.length != map.length
                || (counts != null && counts.length != map.length)) {
            throw new IllegalArgumentException("box sums need map, sums and counts of " + width + "x" + height
                    + " pixels, got map " + map.length + ", sums " + sums.length
                    + ", counts " + (counts == null ? "none" : String.valueOf(counts.length)));
        }
        if (window < 1 || window % 2 == 0) {
            throw new IllegalArgumentException("box window must be odd and positive, got " + window);
        }
    }

    /** Checks k and NaN values; returns min(k, n). */
    static int topKCount(float[] values, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("top-k needs k >= 0, got " + k);
        }
        for (int i = 0; i < values.length; i++) {
            if (Float.isNaN(values[i])) {
                throw new IllegalArgumentException("top-k: value at index " + i + " is NaN");
            }
        }
        return Math.min(k, values.length);
    }

    /**
     * Segment ids as dense bins for the device: the ids themselves when maxId is at most
     * 4 * n + {@link #DENSE_ID_SLACK} (so the per-bin arrays stay O(n)); otherwise the rank of
     * each id among the distinct ids present.
     *
     * @param bins    per pixel, in [0, count)
     * @param count   number of bins
     * @param present the id of each bin when compacted; null when bins are the ids
     */
    record SegmentBins(int[] bins, int count, int[] present) {
        int idOf(int bin) {
            return present == null ? bin : present[bin];
        }
    }

    static SegmentBins segmentBins(float[] map, int[] ids) {
        if (map.length != ids.length) {
            throw new IllegalArgumentException("segment means need a map and ids of the same length, got "
                    + map.length + " and " + ids.length);
        }
        int maxId = -1;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) {
                throw new IllegalArgumentException("segment id at pixel " + i + " is negative: " + ids[i]);
            }
            maxId = Math.max(maxId, ids[i]);
        }
        if ((long) maxId <= 4L * ids.length + DENSE_ID_SLACK) {
            return new SegmentBins(ids, maxId + 1, null);
        }
        int[] present = Arrays.stream(ids).distinct().sorted().toArray();
        int[] bins = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            bins[i] = Arrays.binarySearch(present, ids[i]);
        }
        return new SegmentBins(bins, present.length, present);
    }
}
