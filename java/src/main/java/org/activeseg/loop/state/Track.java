package org.activeseg.loop.state;

import java.util.Objects;

/** One line of a benchmark: an acquisition strategy run from one seed. */
public record Track(String strategy, long seed) {
    public Track {
        Objects.requireNonNull(strategy, "strategy");
        if (strategy.isBlank()) {
            throw new IllegalArgumentException("strategy name must not be blank");
        }
    }

    @Override
    public String toString() {
        return "track (strategy=" + strategy + ", seed=" + seed + ")";
    }
}
