package org.activeseg.model.augment;

import java.util.SplittableRandom;

/**
 * With probability {@code p}, adds independent N(0, std^2) noise to every image value (in the
 * sample's units, i.e. normalised intensities); labels are unchanged. Draws one double, then one
 * Gaussian per value in CHW order when the noise applies.
 */
public record GaussianNoise(double p, double std) implements SampleTransform {

    public GaussianNoise {
        if (!(p >= 0 && p <= 1) || !(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("noise needs p in [0, 1] and a finite std >= 0, got " + p + ", " + std);
        }
    }

    @Override
    public TrainingSample apply(TrainingSample s, SplittableRandom rng) {
        if (!(rng.nextDouble() < p)) {
            return s;
        }
        float[] img = s.image().clone();
        for (int i = 0; i < img.length; i++) {
            img[i] += (float) (rng.nextGaussian() * std);
        }
        return new TrainingSample(s.channels(), s.width(), s.height(), img, s.labels());
    }
}
