package org.activeseg.model.augment;

import java.util.SplittableRandom;

/** Mirrors image and labels left-right with probability {@code p} (ViewAL: 0.5). */
public record HorizontalFlip(double p) implements SampleTransform {

    public HorizontalFlip {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + p);
        }
    }

    @Override
    public TrainingSample apply(TrainingSample s, SplittableRandom rng) {
        if (!(rng.nextDouble() < p)) {
            return s;
        }
        return flip(s);
    }

    /** The mirrored sample. */
    public static TrainingSample flip(TrainingSample s) {
        int w = s.width();
        int h = s.height();
        float[] img = s.image();
        byte[] lab = s.labels();
        float[] outImg = new float[img.length];
        byte[] outLab = new byte[lab.length];
        for (int c = 0; c < s.channels(); c++) {
            for (int y = 0; y < h; y++) {
                int row = (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    outImg[row + x] = img[row + w - 1 - x];
                }
            }
        }
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                outLab[row + x] = lab[row + w - 1 - x];
            }
        }
        return new TrainingSample(s.channels(), w, h, outImg, outLab);
    }
}
