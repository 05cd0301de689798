package org.activeseg.acquisition;

/**
 * How much to label this round, in pixels or as a fraction of the pool's pixels. Frame- and
 * superpixel-based methods stop at the first unit that reaches the budget (ViewAL: "while
 * pixels_selected < budget"); RIPU counts regions per image derived from the fraction.
 */
public record Budget(long pixels, double fraction) {

    public static Budget pixels(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("pixel budget must be positive, got " + n);
        }
        return new Budget(n, Double.NaN);
    }

    public static Budget fraction(double f) {
        if (!(f > 0 && f <= 1)) {
            throw new IllegalArgumentException("budget fraction must be in (0, 1], got " + f);
        }
        return new Budget(-1, f);
    }

    public boolean isFraction() {
        return pixels < 0;
    }

    /**
     * The budget in pixels for a pool of {@code poolPixels} unlabelled pixels; a pixel budget larger
     * than the pool is an error naming both numbers.
     */
    public long resolve(long poolPixels) {
        if (isFraction()) {
            return Math.max(1, Math.round(fraction * poolPixels));
        }
        if (pixels > poolPixels) {
            throw new IllegalArgumentException("budget of " + pixels + " pixels is larger than the pool's "
                    + poolPixels + " unlabelled pixels");
        }
        return pixels;
    }
}
