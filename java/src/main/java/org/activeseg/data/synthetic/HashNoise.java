package org.activeseg.data.synthetic;

/**
 * Stateless, seeded noise for the synthetic generator: 64-bit hashes (the SplitMix64 finaliser),
 * uniform and Gaussian variates drawn from a hash, and smooth 2-D value noise on a unit lattice.
 * Every value is a pure function of its arguments, so a texel or a noise sample does not depend on
 * the order in which threads render pixels; transcendental functions go through StrictMath so the
 * bytes are the same on every JVM and CPU.
 */
final class HashNoise {
    private HashNoise() {}

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** SplitMix64 finaliser: a bijective avalanche of all 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash(long a, long b) {
        return mix(a * GOLDEN + mix(b + GOLDEN));
    }

    static long hash(long a, long b, long c) {
        return hash(hash(a, b), c);
    }

    /** Uniform in [0, 1) from the top 53 bits of a hash. */
    static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [-1, 1). */
    static double signed(long h) {
        return 2 * unit(h) - 1;
    }

    /** Standard normal from one hash (Box-Muller on two 26-bit halves). */
    static double gaussian(long h) {
        double u1 = ((h >>> 38) + 1) * 0x1.0p-26;          // (0, 1]
        double u2 = ((h >>> 12) & 0x3FFFFFFL) * 0x1.0p-26;  // [0, 1)
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }

    /** Smooth value noise in [-1, 1]: lattice values at integer (x, y), smoothstep interpolation. */
    static double value2(long seed, double x, double y) {
        double fx = Math.floor(x);
        double fy = Math.floor(y);
        long ix = (long) fx;
        long iy = (long) fy;
        double tx = x - fx;
        double ty = y - fy;
        tx = tx * tx * (3 - 2 * tx);
        ty = ty * ty * (3 - 2 * ty);
        long row0 = hash(seed, iy);
        long row1 = hash(seed, iy + 1);
        double v00 = signed(hash(row0, ix));
        double v10 = signed(hash(row0, ix + 1));
        double v01 = signed(hash(row1, ix));
        double v11 = signed(hash(row1, ix + 1));
        double a = v00 + (v10 - v00) * tx;
        double b = v01 + (v11 - v01) * tx;
        return a + (b - a) * ty;
    }

    /** Two octaves of value noise, in about [-1, 1]. */
    static double fractal2(long seed, double x, double y) {
        return 0.67 * value2(seed, x, y) + 0.33 * value2(seed ^ 0x5DEECE66DL, 2.03 * x + 17.1, 2.03 * y - 5.3);
    }
}
