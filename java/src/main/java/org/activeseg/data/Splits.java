package org.activeseg.data;

import java.util.List;

/**
 * Frame ids per split. {@code seed} is the initially labelled subset of {@code train}
 * (the active-learning seed set); {@code val} and {@code test} are never selected from.
 */
public record Splits(List<String> train, List<String> val, List<String> test, List<String> seed) {
    public Splits {
        train = List.copyOf(train);
        val = List.copyOf(val);
        test = List.copyOf(test);
        seed = List.copyOf(seed);
    }

    public static final List<String> NAMES = List.of("train", "val", "test", "seed");

    public List<String> get(String name) {
        return switch (name) {
            case "train" -> train;
            case "val" -> val;
            case "test" -> test;
            case "seed" -> seed;
            default -> throw new IllegalArgumentException("unknown split '" + name + "', expected one of " + NAMES);
        };
    }
}
