package org.activeseg.backend;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Set;
import org.activeseg.tensor.FloatTensor;

/**
 * The argument contract of {@link PixelOps} and {@link McAccumulator}, shared by every backend
 * (ReferencePixelOps and ReferenceMcAccumulator, CudaPixelOps and CudaMcAccumulator): shapes,
 * output lengths, windows, k, segment ids and the accumulator's state are checked here, in one
 * order with one set of messages, and the derived sizes are returned. Segment ids are also turned
 * into dense bins here ({@link #segmentBins}) and the per-bin sums back into {@link SegmentMeans},
 * so both backends bin and report alike.
 */
public final class PixelArguments {
    /** Dense bins while maxId stays below 4 n plus this slack (see {@link #segmentBins}). */
    public static final long DENSE_ID_SLACK = 1024;

    private PixelArguments() {
    }

    /**
     * C of a (C, P) map with C >= 1 whose P equals {@code out.length} (both at most
     * Integer.MAX_VALUE); {@code what} names the call in the message.
     */
    public static int statisticClasses(FloatTensor map, float[] out, String what) {
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

    /** Checks that {@code mask} sets no bit at or beyond the end of {@code map} ({@link PixelOps#fill}). */
    public static void fillMask(float[] map, BitSet mask) {
        if (mask.length() > map.length) {
            throw new IllegalArgumentException("mask sets pixel " + (mask.length() - 1) + " of a map of " + map.length + " pixels");
        }
    }

    /** Checks that {@code map} has pixels to reduce ({@link PixelOps#reduce}). */
    public static void reduction(float[] map, Reduction reduction) {
        if (map.length == 0) {
            throw new IllegalArgumentException("cannot take the " + reduction.label() + " of a map of 0 pixels");
        }
    }

    /**
     * Checks the arguments of {@link PixelOps#boxSums}: map, sums and counts (when not null) of
     * width x height pixels, then an odd positive window.
     */
    public static void boxShape(float[] map, int width, int height, int window, float[] sums, int[] counts) {
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

    /** Checks k and NaN values ({@link PixelOps#topK}; the first NaN is named); returns min(k, n). */
    public static int topKCount(float[] values, int k) {
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
     * Segment ids as dense bins: the ids themselves when maxId is at most
     * 4 * n + {@link #DENSE_ID_SLACK} (so the per-bin arrays stay O(n)); otherwise the rank of
     * each id among the distinct ids present.
     *
     * @param bins    per pixel, in [0, count)
     * @param count   number of bins
     * @param present the id of each bin when compacted; null when bins are the ids
     */
    public record SegmentBins(int[] bins, int count, int[] present) {
        /** The segment id of {@code bin}. */
        public int idOf(int bin) {
            return present == null ? bin : present[bin];
        }

        /**
         * The segments that occur (count > 0), ascending by id, from per-bin {@code counts} and
         * {@code sums} of length {@link #count}; means are sums / counts.
         */
        public SegmentMeans means(long[] counts, double[] sums) {
            int n = 0;
            for (long c : counts) {
                if (c > 0) {
                    n++;
                }
            }
            int[] outIds = new int[n];
            long[] outCounts = new long[n];
            double[] outSums = new double[n];
            double[] outMeans = new double[n];
            int j = 0;
            for (int b = 0; b < count; b++) {
                if (counts[b] > 0) {
                    outIds[j] = idOf(b);
                    outCounts[j] = counts[b];
                    outSums[j] = sums[b];
                    outMeans[j] = sums[b] / counts[b];
                    j++;
                }
            }
            return new SegmentMeans(outIds, outCounts, outSums, outMeans);
        }
    }

    /**
     * Checks the arguments of {@link PixelOps#segmentMeans} (same lengths, ids non-negative; the
     * first negative id is named) and bins the ids.
     */
    public static SegmentBins segmentBins(float[] map, int[] ids) {
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

    /**
     * Checks the arguments of an {@link McAccumulator}'s creation: C >= 1, P >= 0, C x P small
     * enough for one float array of mean probabilities (else the message ends with
     * {@code tooLarge}, the backend's reason), and at least one tracked statistic. Returns C x P.
     */
    public static long mcAccumulatorCells(int classes, int pixels, Set<McAccumulator.Track> track, String tooLarge) {
        if (classes < 1 || pixels < 0) {
            throw new IllegalArgumentException("MC accumulator needs C >= 1 and P >= 0, got C=" + classes + " P=" + pixels);
        }
        long cells = (long) classes * pixels;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("MC accumulator of C=" + classes + " x P=" + pixels + " is too large"
                    + tooLarge);
        }
        if (track.isEmpty()) {
            throw new IllegalArgumentException("an MC accumulator must track at least one statistic");
        }
        return cells;
    }

    /** Checks that an MC sample is (C, P) for an accumulator of {@code classes} x {@code pixels}. */
    public static void mcSample(FloatTensor sample, int classes, int pixels) {
        long[] s = sample.shape();
        if (s.length != 2 || s[0] != classes || s[1] != pixels) {
            throw new IllegalArgumentException("MC sample must be (C, P) = [" + classes + ", " + pixels + "], got "
                    + Arrays.toString(s));
        }
    }

    /** Checks the length of an MC accumulator's output; {@code what} names the statistic. */
    public static void mcOutput(float[] out, long want, String what) {
        if (out.length != want) {
            throw new IllegalArgumentException(what + " output has length " + out.length + ", expected " + want);
        }
    }

    /** Throws IllegalStateException when the accumulator is closed. */
    public static void mcOpen(boolean closed) {
        if (closed) {
            throw new IllegalStateException("MC accumulator is closed");
        }
    }

    /**
     * Throws IllegalStateException unless the accumulator is open, tracks {@code needed} and has
     * at least one sample.
     */
    public static void mcReady(boolean closed, Set<McAccumulator.Track> tracked, McAccumulator.Track needed,
                               int samples) {
        mcOpen(closed);
        if (!tracked.contains(needed)) {
            throw new IllegalStateException("this MC accumulator does not track " + needed + " (tracks " + tracked + ")");
        }
        if (samples == 0) {
            throw new IllegalStateException("MC accumulator has no samples yet");
        }
    }
}
