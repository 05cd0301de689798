package org.activeseg.data.synthetic;

import java.util.SplittableRandom;

/**
 * Per-class base colour distributions (albedo, [0, 1]). Several classes deliberately draw from the
 * same family so that colour alone does not give the label away: walls, ceiling, refrigerators,
 * whiteboards, blinds and bedding are off-white; cabinets, tables, desks, doors, dressers, night
 * stands, bookshelves, bed frames and cardboard boxes are wood browns around one tone per scene;
 * chairs, sofas, curtains, pillows and mats share one palette of upholstery fabrics.
 */
final class Palette {
    private Palette() {}

    private static final double[][] FABRICS = {
            {0.50, 0.50, 0.52}, {0.30, 0.36, 0.48}, {0.70, 0.63, 0.52}, {0.26, 0.38, 0.30},
            {0.50, 0.22, 0.22}, {0.26, 0.26, 0.28}, {0.62, 0.55, 0.45}, {0.40, 0.46, 0.55}};

    private static final double[][] PALE_TINTS = {
            {0.78, 0.84, 0.88}, {0.80, 0.86, 0.78}, {0.88, 0.82, 0.70}, {0.80, 0.80, 0.80}};

    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    /** Warm, neutral or cool off-white paint. */
    static double[] offWhite(SplittableRandom r) {
        double v = uniform(r, 0.82, 0.93);
        return switch (r.nextInt(3)) {
            case 0 -> new double[] {v, v * 0.975, v * 0.93};
            case 1 -> new double[] {v, v, v * 0.985};
            default -> new double[] {v * 0.96, v * 0.985, v};
        };
    }

    /** A pale wall tint (used for some walls instead of off-white). */
    static double[] paleTint(SplittableRandom r) {
        return jitter(PALE_TINTS[r.nextInt(PALE_TINTS.length)], r, 0.03);
    }

    /** The wood tone a scene's furniture varies around. */
    static double[] woodTone(SplittableRandom r) {
        double red = uniform(r, 0.42, 0.70);
        return new double[] {red, red * uniform(r, 0.62, 0.74), red * uniform(r, 0.38, 0.50)};
    }

    /** A piece of furniture's wood: the scene tone with a small per-object variation. */
    static double[] wood(SplittableRandom r, double[] tone) {
        return jitter(tone, r, 0.06);
    }

    static double[] fabric(SplittableRandom r) {
        return jitter(FABRICS[r.nextInt(FABRICS.length)], r, 0.05);
    }

    static double[] cardboard(SplittableRandom r) {
        double red = uniform(r, 0.6, 0.72);
        return new double[] {red, red * uniform(r, 0.74, 0.8), red * uniform(r, 0.5, 0.58)};
    }

    static double[] grey(SplittableRandom r, double lo, double hi) {
        double v = uniform(r, lo, hi);
        return new double[] {v, v, v * uniform(r, 0.97, 1.03)};
    }

    static double[] scaled(double[] c, double f) {
        return new double[] {Math.min(1, c[0] * f), Math.min(1, c[1] * f), Math.min(1, c[2] * f)};
    }

    static double[] jitter(double[] c, SplittableRandom r, double amount) {
        double common = 1 + uniform(r, -amount, amount);
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = Math.clamp(c[i] * common * (1 + uniform(r, -amount / 3, amount / 3)), 0.0, 1.0);
        }
        return out;
    }
}
