package org.activeseg.model.augment;

import java.util.SplittableRandom;

/**
 * With probability {@code p}, blurs every image channel with a Gaussian of standard deviation
 * drawn uniformly from [0, maxSigma) pixels; labels are unchanged. ViewAL's RandomGaussianBlur
 * applies PIL's GaussianBlur(radius = random()) with probability 0.5, i.e. p = 0.5, maxSigma = 1.
 * The kernel is sampled at integer offsets up to ceil(3 sigma), normalised to sum 1, applied
 * separably with edge replication; sigma below 0.05 is left as the identity. Draws one double, and
 * a second when the blur applies.
 */
public record RandomGaussianBlur(double p, double maxSigma) implements SampleTransform {

    public RandomGaussianBlur {
        if (!(p >= 0 && p <= 1) || !(maxSigma >= 0) || Double.isInfinite(maxSigma)) {
            throw new IllegalArgumentException("blur needs p in [0, 1] and a finite maxSigma >= 0, got " + p + ", " + maxSigma);
        }
    }

    @Override
    public TrainingSample apply(TrainingSample s, SplittableRandom rng) {
        if (!(rng.nextDouble() < p)) {
            return s;
        }
        double sigma = rng.nextDouble() * maxSigma;
        return new TrainingSample(s.channels(), s.width(), s.height(), blur(s.image(), s.channels(), s.width(), s.height(),
                sigma), s.labels());
    }

    /** Blurred copy of a (C, H, W) image. */
    public static float[] blur(float[] image, int channels, int width, int height, double sigma) {
        float[] out = image.clone();
        if (sigma < 0.05) {
            return out;
        }
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            sum += Math.exp(-(double) i * i / (2 * sigma * sigma));
        }
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) (Math.exp(-(double) i * i / (2 * sigma * sigma)) / sum);
        }
        int p = width * height;
        float[] tmp = new float[p];
        for (int c = 0; c < channels; c++) {
            int base = c * p;
            for (int y = 0; y < height; y++) {
                int row = base + y * width;
                for (int x = 0; x < width; x++) {
                    float acc = 0f;
                    for (int i = -r; i <= r; i++) {
                        int xx = Math.min(width - 1, Math.max(0, x + i));
                        acc += k[i + r] * image[row + xx];
                    }
                    tmp[y * width + x] = acc;
                }
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float acc = 0f;
                    for (int i = -r; i <= r; i++) {
                        int yy = Math.min(height - 1, Math.max(0, y + i));
                        acc += k[i + r] * tmp[yy * width + x];
                    }
                    out[base + y * width + x] = acc;
                }
            }
        }
        return out;
    }
}
