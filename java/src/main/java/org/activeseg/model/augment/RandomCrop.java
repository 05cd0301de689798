package org.activeseg.model.augment;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A {@code width x height} window at a uniformly random position. Where the sample is smaller
 * than the window it is first padded on the right and bottom (as pytorch-deeplab-xception's
 * RandomScaleCrop, which ViewAL uses): the image with {@code imageFill} (0 = the mean colour once
 * normalised) and the labels with {@value TrainingSample#IGNORE}, so padding never supervises.
 * Draws two ints (x then y offset) per call.
 */
public record RandomCrop(int width, int height, float imageFill) implements SampleTransform {

    public RandomCrop {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("crop size must be positive, got " + width + "x" + height);
        }
    }

    public RandomCrop(int width, int height) {
        this(width, height, 0f);
    }

    @Override
    public TrainingSample apply(TrainingSample s, SplittableRandom rng) {
        int pw = Math.max(s.width(), width);
        int ph = Math.max(s.height(), height);
        int x0 = rng.nextInt(pw - width + 1);
        int y0 = rng.nextInt(ph - height + 1);
        return crop(s, x0, y0, width, height, imageFill);
    }

    /** The window at (x0, y0) of the right/bottom-padded sample. */
    public static TrainingSample crop(TrainingSample s, int x0, int y0, int width, int height, float imageFill) {
        if (x0 < 0 || y0 < 0) {
            throw new IllegalArgumentException("crop origin must be >= 0, got (" + x0 + ", " + y0 + ")");
        }
        int sw = s.width();
        int sh = s.height();
        int p = width * height;
        float[] img = new float[s.channels() * p];
        byte[] lab = new byte[p];
        Arrays.fill(img, imageFill);
        Arrays.fill(lab, (byte) TrainingSample.IGNORE);
        int cols = Math.max(0, Math.min(width, sw - x0));
        for (int y = 0; y < height && y0 + y < sh; y++) {
            if (cols == 0) {
                break;
            }
            for (int c = 0; c < s.channels(); c++) {
                System.arraycopy(s.image(), (c * sh + y0 + y) * sw + x0, img, (c * height + y) * width, cols);
            }
            System.arraycopy(s.labels(), (y0 + y) * sw + x0, lab, y * width, cols);
        }
        return new TrainingSample(s.channels(), width, height, img, lab);
    }
}
