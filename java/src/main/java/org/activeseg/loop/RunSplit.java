package org.activeseg.loop;

import java.util.ArrayList;
import java.util.List;
import org.activeseg.data.Dataset;
import org.activeseg.data.Splits;

/**
 * The frames a run trains on (its seed set and pool) and evaluates on: the dataset's train and test
 * splits, or, with {@code --holdout F}, the training frames with the last fraction F of them by id
 * held out as the test split (for datasets without one).
 */
public record RunSplit(List<String> train, List<String> test) {
    public RunSplit {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    /** The split {@code config} asks for on {@code dataset}; an error naming the dataset when either side is empty. */
    public static RunSplit of(RunConfig config, Dataset dataset) {
        return of(config, dataset.splits(), "dataset " + dataset.root());
    }

    /** As {@link #of(RunConfig, Dataset)} for the splits of the dataset that {@code name} names in errors. */
    public static RunSplit of(RunConfig config, Splits splits, String name) {
        List<String> train = splits.train();
        if (train.isEmpty()) {
            throw new IllegalArgumentException(name + " has an empty training split");
        }
        RunSplit split;
        if (config.holdout() > 0) {
            List<String> all = new ArrayList<>(train);
            all.sort(null);
            int held = (int) Math.ceil(config.holdout() * all.size());
            if (held >= all.size()) {
                throw new IllegalArgumentException("--holdout " + config.holdout() + " leaves no training frame of the "
                        + all.size() + " in " + name);
            }
            split = new RunSplit(all.subList(0, all.size() - held), all.subList(all.size() - held, all.size()));
        } else {
            split = new RunSplit(train, splits.test());
        }
        if (split.test().isEmpty()) {
            throw new IllegalArgumentException(name + " has an empty test split to evaluate on;"
                    + " give --holdout F to evaluate on a held-out fraction of its training frames");
        }
        return split;
    }
}
