package org.activeseg.backend;

import java.util.Arrays;
import org.activeseg.tensor.FloatTensor;

/**
 * The extents of one pixel-entropy call: probs (N, C, P) and out (N, P), P contiguous. Built by
 * {@link #of}, which every backend calls before touching memory.
 *
 * @param frames  N
 * @param classes C, at least 1
 * @param pixels  P = H*W
 */
public record PixelEntropyShape(long frames, int classes, long pixels) {

    public PixelEntropyShape {
        if (frames < 0 || classes < 1 || pixels < 0) {
            throw new IllegalArgumentException("pixel entropy needs N >= 0, C >= 1, P >= 0; got N=" + frames
                    + " C=" + classes + " P=" + pixels);
        }
    }

    /** Checks that probs is (N, C, P) and out is (N, P) with matching N and P. */
    public static PixelEntropyShape of(FloatTensor probs, FloatTensor out) {
        long[] ps = probs.shape();
        long[] os = out.shape();
        boolean ok = ps.length == 3 && os.length == 2 && ps[0] == os[0] && ps[2] == os[1]
                && ps[1] >= 1 && ps[1] <= Integer.MAX_VALUE;
        if (!ok) {
            throw new IllegalArgumentException("pixel entropy needs probs (N, C, P) with C >= 1 and out (N, P); got probs "
                    + Arrays.toString(ps) + " and out " + Arrays.toString(os));
        }
        return new PixelEntropyShape(ps[0], (int) ps[1], ps[2]);
    }

    /** N * C * P, the number of probabilities read. */
    public long inputCount() {
        return Math.multiplyExact(Math.multiplyExact(frames, (long) classes), pixels);
    }

    /** N * P, the number of entropies written. */
    public long outputCount() {
        return Math.multiplyExact(frames, pixels);
    }
}
