package org.activeseg.loop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.activeseg.data.Dataset;
import org.activeseg.data.DatasetLayout;
import org.activeseg.data.Scene;
import org.activeseg.data.io.ImageFiles;
import org.activeseg.data.synthetic.SyntheticGenerator;

/**
 * The pixels of a run's training frames, known before any work (from image headers, or from the
 * synthetic dataset's configuration before it is generated), so that a budget the pool cannot hold
 * is refused before the dataset is generated or a model trained, not after round 0.
 *
 * @param framePixels pixels of each training frame
 * @param testFrames  frames of the test split
 */
public record TrainingPool(long[] framePixels, int testFrames) {
    public TrainingPool {
        framePixels = framePixels.clone();
    }

    /** The pool of {@code dataset} as {@code config} splits it: sizes from the colour images' headers, labels present. */
    public static TrainingPool of(RunConfig config, Dataset dataset) throws IOException {
        RunSplit split = RunSplit.of(config, dataset);
        DatasetLayout layout = dataset.layout();
        long[] px = new long[split.train().size()];
        for (int i = 0; i < px.length; i++) {
            String id = split.train().get(i);
            Path label = layout.label(id);
            if (!Files.isRegularFile(label)) {
                throw new IllegalArgumentException("frame " + id + " of dataset " + dataset.root() + " has no labels ("
                        + label + " is missing): the oracle needs ground truth for every training frame");
            }
            ImageFiles.Size s = ImageFiles.size(layout.color(id));
            px[i] = (long) s.width() * s.height();
        }
        return new TrainingPool(px, split.test().size());
    }

    /** The pool of the synthetic dataset {@code config} describes, as it will be split once generated. */
    public static TrainingPool synthetic(RunConfig config) {
        List<Scene> scenes = new ArrayList<>();
        for (int s = 0; s < config.syntheticScenes(); s++) {
            String id = String.format("scene%04d_00", s);
            List<String> frames = new ArrayList<>();
            for (int f = 0; f < config.syntheticFrames(); f++) {
                frames.add(DatasetLayout.frameId(id, f));
            }
            scenes.add(new Scene(id, frames));
        }
        RunSplit split = RunSplit.of(config, SyntheticGenerator.splits(scenes), "the synthetic dataset ("
                + config.syntheticScenes() + " rooms x " + config.syntheticFrames() + " frames)");
        long[] px = new long[split.train().size()];
        Arrays.fill(px, (long) config.syntheticWidth() * config.syntheticHeight());
        return new TrainingPool(px, split.test().size());
    }

    /** All training pixels. */
    public long pixels() {
        return Arrays.stream(framePixels).sum();
    }

    /** Frames of the seed set: the same count {@link ActiveLearningRun} draws. */
    public int seedFrames(RunConfig config) {
        return (int) Math.max(1, Math.round(config.initialFraction() * framePixels.length));
    }

    /**
     * Refuses a configuration that cannot finish on this pool: a seed set that labels every training
     * frame while rounds remain, or a per-round pixel budget whose rounds need more pixels than the
     * seed set leaves (counted with the smallest frames in the seed set, so only runs sure to fail are refused).
     */
    public void check(RunConfig config) {
        if (config.rounds() == 0) {
            return;
        }
        int seed = seedFrames(config);
        long total = pixels();
        if (seed >= framePixels.length) {
            throw new IllegalArgumentException("the seed set (--initial " + config.initialFraction() + ") labels all "
                    + framePixels.length + " training frames, so no pool is left for --rounds " + config.rounds()
                    + ": lower --initial or give --rounds 0");
        }
        long[] sorted = framePixels.clone();
        Arrays.sort(sorted);
        long seedPixels = 0;
        for (int i = 0; i < seed; i++) {
            seedPixels += sorted[i];
        }
        long left = total - seedPixels;
        long perRound = config.budgetPixels(total);
        if (perRound == 0) {
            return; // a budget in regions: its pixels depend on what the strategy selects
        }
        if (perRound > left) {
            throw new IllegalArgumentException("--budget " + config.budget() + " is " + perRound + " pixels per round,"
                    + " more than the " + left + " unlabelled pixels the seed set leaves of the " + total
                    + " training pixels (" + framePixels.length + " frames)");
        }
        if (perRound * config.rounds() > left) {
            throw new IllegalArgumentException("--budget " + config.budget() + " x --rounds " + config.rounds() + " = "
                    + perRound * config.rounds()
                    + " pixels, more than the " + left + " unlabelled pixels the seed set leaves of the " + total
                    + " training pixels: lower --budget or --rounds");
        }
    }
}
