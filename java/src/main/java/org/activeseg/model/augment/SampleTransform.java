package org.activeseg.model.augment;

import java.util.SplittableRandom;

/**
 * One random augmentation of a training pair. Randomness comes only from {@code rng}, drawn in a
 * fixed order, so a seed gives the same result on every run; geometric transforms move labels
 * with the image exactly (no interpolation of labels).
 */
@FunctionalInterface
public interface SampleTransform {

    TrainingSample apply(TrainingSample sample, SplittableRandom rng);
}
