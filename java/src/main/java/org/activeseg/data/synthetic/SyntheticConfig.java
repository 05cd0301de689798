package org.activeseg.data.synthetic;

import java.util.Objects;

/**
 * What the synthetic generator makes: {@code scenes} rooms of {@code framesPerScene} frames each,
 * rendered at width x height with a pinhole camera of the given horizontal field of view, all
 * drawn from {@code seed}. The defaults (4 scenes x 20 frames, 160 x 120, 60 degrees, seed 1, no
 * sensor noise) are the project's default dataset.
 *
 * <p>The field of view: 60 degrees horizontally (vertical 46.8 at 4:3), a little wider than
 * ScanNet's depth camera (fx = 577.9 at 640 px, 58 degrees), so a view takes in furniture and the
 * walls behind it from the middle of a room.
 */
public record SyntheticConfig(int scenes, int framesPerScene, int width, int height, double horizontalFovDegrees,
                              long seed, SensorNoise noise) {

    public static final int MAX_SIDE = 4096;

    public SyntheticConfig {
        Objects.requireNonNull(noise, "noise (use SensorNoise.NONE)");
        if (scenes < 1 || scenes > 9999) {
            throw new IllegalArgumentException("synthetic scenes must be in 1..9999, got " + scenes);
        }
        if (framesPerScene < 1 || framesPerScene > 999_999) {
            throw new IllegalArgumentException("synthetic framesPerScene must be in 1..999999, got " + framesPerScene);
        }
        if (width < 8 || height < 8 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("synthetic image size must be 8.." + MAX_SIDE + " per side, got " + width + "x" + height);
        }
        if (!(horizontalFovDegrees >= 20 && horizontalFovDegrees <= 120)) {
            throw new IllegalArgumentException("synthetic horizontal field of view must be 20..120 degrees, got " + horizontalFovDegrees);
        }
    }

    public static SyntheticConfig defaults() {
        return new SyntheticConfig(4, 20, 160, 120, 60.0, 1L, SensorNoise.NONE);
    }

    public SyntheticConfig withScenes(int scenes, int framesPerScene) {
        return new SyntheticConfig(scenes, framesPerScene, width, height, horizontalFovDegrees, seed, noise);
    }

    public SyntheticConfig withSize(int width, int height) {
        return new SyntheticConfig(scenes, framesPerScene, width, height, horizontalFovDegrees, seed, noise);
    }

    public SyntheticConfig withSeed(long seed) {
        return new SyntheticConfig(scenes, framesPerScene, width, height, horizontalFovDegrees, seed, noise);
    }

    public SyntheticConfig withNoise(SensorNoise noise) {
        return new SyntheticConfig(scenes, framesPerScene, width, height, horizontalFovDegrees, seed, noise);
    }

    public SyntheticConfig withFov(double horizontalFovDegrees) {
        return new SyntheticConfig(scenes, framesPerScene, width, height, horizontalFovDegrees, seed, noise);
    }
}
