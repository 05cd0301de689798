package org.activeseg.model.augment;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A sequence of transforms applied in order with one random stream. For reproducible training
 * give each sample its own stream (e.g. {@code new SplittableRandom(seed ^ epoch * K + index)} or
 * a split of the epoch's stream) so results do not depend on batching or thread count.
 */
public record Augmentation(List<SampleTransform> steps) implements SampleTransform {

    public Augmentation {
        steps = List.copyOf(steps);
    }

    /**
     * ViewAL's training augmentation: horizontal flip (p 0.5), a random crop to
     * {@code cropWidth x cropHeight} (padding as {@link RandomCrop}), Gaussian blur (p 0.5, sigma
     * in [0, 1)), and additive Gaussian noise with probability {@code noiseP} and std {@code noiseStd}.
     */
    public static Augmentation viewal(int cropWidth, int cropHeight, double noiseP, double noiseStd) {
        return new Augmentation(List.of(new HorizontalFlip(0.5), new RandomCrop(cropWidth, cropHeight),
                new RandomGaussianBlur(0.5, 1.0), new GaussianNoise(noiseP, noiseStd)));
    }

    @Override
    public TrainingSample apply(TrainingSample sample, SplittableRandom rng) {
        TrainingSample s = sample;
        for (SampleTransform t : steps) {
            s = t.apply(s, rng);
        }
        return s;
    }
}
