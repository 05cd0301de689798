package org.activeseg.model.net;

/**
 * How {@link SegmentationTrainer} trains: epochs over the labelled samples, batch size, the crop
 * the augmentation takes (ViewAL: flip, crop, blur, noise; {@code augment = false} trains on whole
 * frames), SGD with momentum and weight decay under a poly schedule (ViewAL / DeepLab: power 0.9),
 * and the seed of batch order, augmentation and dropout masks.
 */
public record TrainingConfig(int epochs, int batchSize, int cropWidth, int cropHeight, boolean augment,
                             double learningRate, double momentum, double weightDecay, double polyPower, long seed) {

    public TrainingConfig {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("training: epochs and batch size must be >= 1, got " + epochs + " and " + batchSize);
        }
        if (cropWidth < 16 || cropHeight < 16) {
            throw new IllegalArgumentException("training: crop must be at least 16 x 16, got " + cropWidth + "x" + cropHeight);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate) || !(momentum >= 0 && momentum < 1)
                || !(weightDecay >= 0) || !(polyPower >= 0)) {
            throw new IllegalArgumentException("training: learning rate must be > 0, momentum in [0, 1), weight decay and"
                    + " poly power >= 0 (got " + learningRate + ", " + momentum + ", " + weightDecay + ", " + polyPower + ")");
        }
    }

    /** The CPU demo's settings for frames of {@code width x height}: batch 8, lr 0.05, momentum 0.9, wd 1e-4. */
    public static TrainingConfig defaults(int epochs, int width, int height, long seed) {
        return new TrainingConfig(epochs, 8, width, height, true, 0.05, 0.9, 1e-4, 0.9, seed);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(e, batchSize, cropWidth, cropHeight, augment, learningRate, momentum, weightDecay,
                polyPower, seed);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(epochs, batchSize, cropWidth, cropHeight, augment, learningRate, momentum, weightDecay,
                polyPower, s);
    }
}
