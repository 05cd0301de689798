package org.activeseg.backend;

/**
 * numpy.percentile's 'linear' method split into its two halves (ALGORITHMS.md 5(a), U2PL): which
 * ranks of the sorted valid values it reads ({@link #lo}, {@link #hi}) and the float32
 * interpolation between them, written as ReliabilitySplit.percentile computes them. A backend that
 * selects the two ranks without sorting (the CUDA radix select) finishes here on the host.
 *
 * @param lo 0-based rank floor(q/100 (n-1))
 * @param hi min(lo + 1, n - 1)
 * @param t  the fraction q/100 (n-1) - lo, in double
 */
public record PercentileRanks(long lo, long hi, double t) {

    /** The ranks of the q-th percentile (0 <= q <= 100) of n >= 1 values. */
    public static PercentileRanks of(long n, double q) {
        if (!(q >= 0 && q <= 100)) {
            throw new IllegalArgumentException("percentile " + q + " is outside [0, 100]");
        }
        if (n < 1) {
            throw new IllegalArgumentException("no valid values for the percentile");
        }
        double index = q / 100 * (n - 1);
        long lo = (long) Math.floor(index);
        return new PercentileRanks(lo, Math.min(lo + 1, n - 1), index - lo);
    }

    /**
     * numpy's lerp in float32: a + (b-a) t, or b - (b-a)(1-t) for t >= 0.5; {@code atHi} is ignored
     * when {@code hi == lo}.
     */
    public float interpolate(float atLo, float atHi) {
        float a = atLo;
        float b = hi > lo ? atHi : atLo;
        float t32 = (float) t;
        float diff = b - a;
        return t32 >= 0.5f ? b - diff * (1 - t32) : a + diff * t32;
    }
}
