package org.activeseg.acquisition.u2pl;

import java.util.Arrays;

/**
 * U2PL's entropy-based reliability partition (ALGORITHMS.md 5(a)): per-pixel entropy
 * H = -sum p ln(p + 1e-10), numpy's 'linear' percentile of H over valid pixels computed by
 * selection on a copy (expected O(P), no full sort), the reliable / unreliable split of the
 * unsupervised loss, the contrastive low / high masks at alpha_t, and the negative-class masks.
 *
 * <p>Negatives (5(f).1): {@link NegativeMode#PAPER} (default) makes class c a negative of a pixel
 * in the high mask when c is not its (pseudo-)label and c is among its candidate ranks (labelled
 * pixels: rank < lowRank; unlabelled: lowRank <= rank < highRank) and p_c < 1; {@link
 * NegativeMode#COMPAT} reproduces the code's {@code onehot(label) & high_mask & class_mask}, in
 * which labelled pixels never become negatives. Ranks come from a stable descending sort of the
 * probabilities (equal probabilities rank by class index).
 */
public final class ReliabilitySplit {
    public static final double ENTROPY_EPS = 1e-10;

    public enum NegativeMode { PAPER, COMPAT }

    private ReliabilitySplit() {
    }

    /** Entropy per pixel of probs (C, P): -sum_c p ln(p + 1e-10), in double, stored as float. */
    public static float[] entropy(float[] probs, int classes, int pixels) {
        check(probs.length == (long) classes * pixels, "probs has " + probs.length + " values, expected (C="
                + classes + ", P=" + pixels + ")");
        double[] acc = new double[pixels];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < pixels; i++) {
                double p = probs[c * pixels + i];
                acc[i] -= p * Math.log(p + ENTROPY_EPS);
            }
        }
        float[] out = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            out[i] = (float) acc[i];
        }
        return out;
    }

    /** percent_unreliable = (100 - dropPercent) * (1 - epoch / epochs), with the integer epoch. */
    public static double percentUnreliable(double dropPercent, int epoch, int epochs) {
        check(epochs > 0 && epoch >= 0, "epoch " + epoch + " of " + epochs + " is invalid");
        return (100 - dropPercent) * (1 - (double) epoch / epochs);
    }

    /**
     * numpy.percentile(values[valid], q) with 'linear' interpolation: index q/100*(n-1), numpy's
     * lerp (a + (b-a)t, or b - (b-a)(1-t) for t >= 0.5) in float32, as numpy computes it for a
     * float32 array and a Python-float q (U2PL's call). {@code valid} may be null (all valid).
     */
    public static double percentile(float[] values, boolean[] valid, double q) {
        check(q >= 0 && q <= 100, "percentile " + q + " is outside [0, 100]");
        check(valid == null || valid.length == values.length, "valid has " + (valid == null ? 0 : valid.length)
                + " values, expected " + values.length);
        int n = 0;
        float[] a = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            if (valid == null || valid[i]) {
                check(!Float.isNaN(values[i]), "value " + i + " is NaN");
                a[n++] = values[i];
            }
        }
        check(n > 0, "no valid values for the percentile");
        double index = q / 100 * (n - 1);
        int lo = (int) Math.floor(index);
        int hi = Math.min(lo + 1, n - 1);
        double t = index - lo;
        double va = select(a, 0, n - 1, lo);
        double vb = va;
        if (hi > lo) {
            float m = Float.POSITIVE_INFINITY;
            for (int i = lo + 1; i < n; i++) {
                m = Math.min(m, a[i]);
            }
            vb = m;
        }
        float a32 = (float) va;
        float b32 = (float) vb;
        float t32 = (float) t;
        float diff = b32 - a32;
        return t32 >= 0.5f ? b32 - diff * (1 - t32) : a32 + diff * t32;
    }

    /** Reliable pixels: valid and H < thresh (the rest of the valid pixels, H >= thresh, are ignored as 255). */
    public static boolean[] reliable(float[] entropy, boolean[] valid, double thresh) {
        boolean[] out = new boolean[entropy.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (valid == null || valid[i]) && entropy[i] < thresh;
        }
        return out;
    }

    /** Contrastive low mask: valid and H <= percentile(H, alphaT). */
    public static boolean[] lowEntropy(float[] entropy, boolean[] valid, double alphaT) {
        double p = percentile(entropy, valid, alphaT);
        boolean[] out = new boolean[entropy.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (valid == null || valid[i]) && entropy[i] <= p;
        }
        return out;
    }

    /** Contrastive high mask: valid and H >= percentile(H, 100 - alphaT). */
    public static boolean[] highEntropy(float[] entropy, boolean[] valid, double alphaT) {
        double p = percentile(entropy, valid, 100 - alphaT);
        boolean[] out = new boolean[entropy.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (valid == null || valid[i]) && entropy[i] >= p;
        }
        return out;
    }

    /** An int whose signed order is {@link Float#compare}'s order of the floats (-0.0 below 0.0, NaN above all). */
    static int sortableBits(float v) {
        int bits = Float.floatToIntBits(v);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /**
     * Negative-key masks (C, P) flattened class-major: see the class comment.
     *
     * @param probs       (C, P) teacher probabilities
     * @param label       (P) GT label (labelled pixels) or pseudo-label (unlabelled pixels)
     * @param labelledPx  (P) true where the pixel comes from a labelled image
     * @param high        (P) the high-entropy mask (for labelled pixels: valid)
     */
    public static boolean[] negatives(float[] probs, int classes, int pixels, int[] label, boolean[] labelledPx,
                                      boolean[] high, NegativeMode mode, int lowRank, int highRank) {
        check(probs.length == (long) classes * pixels && label.length == pixels && labelledPx.length == pixels
                && high.length == pixels, "negatives: shapes do not match (C=" + classes + ", P=" + pixels + ")");
        boolean[] out = new boolean[classes * pixels];
        long[] keys = new long[classes];
        int[] rank = new int[classes];
        for (int i = 0; i < pixels; i++) {
            if (!high[i]) {
                continue;
            }
            // A stable descending sort by Float.compare, as primitives: the high half of a key orders by
            // probability, descending, the low half (the class) breaks ties in class order.
            for (int c = 0; c < classes; c++) {
                keys[c] = ((long) ~sortableBits(probs[c * pixels + i]) << 32) | c;
            }
            Arrays.sort(keys);
            for (int r = 0; r < classes; r++) {
                rank[(int) keys[r]] = r;
            }
            for (int c = 0; c < classes; c++) {
                boolean candidate = labelledPx[i] ? rank[c] < lowRank && label[i] != c
                        : rank[c] >= lowRank && rank[c] < highRank;
                boolean labelFactor = mode == NegativeMode.PAPER ? label[i] != c : label[i] == c;
                out[c * pixels + i] = candidate && labelFactor && probs[c * pixels + i] < 1.0f;
            }
        }
        return out;
    }

    /** The k-th smallest of a[from..to] (inclusive), partially reordering a; median-of-three quickselect. */
    private static float select(float[] a, int from, int to, int k) {
        while (from < to) {
            int mid = (from + to) >>> 1;
            float pivot = median(a[from], a[mid], a[to]);
            int i = from;
            int j = to;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                to = j;
            } else if (k >= i) {
                from = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static float median(float x, float y, float z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
