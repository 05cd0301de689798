package org.activeseg.loop.state;

import java.util.Objects;

/**
 * One line of a benchmark: an acquisition strategy run from one seed. A track trained with
 * semi-supervision ({@code run --semi}) is named {@code METHOD+MODE} (e.g. {@code viewal+ripu}), so the
 * run database, the report and the CSV keep it apart from the supervised track of the same method.
 */
public record Track(String strategy, long seed) {
    /** Joins a method and its semi-supervised mode in a track's name. */
    public static final char SEMI_SEPARATOR = '+';
    /** The semi-supervised mode of a supervised track. */
    public static final String SUPERVISED = "none";

    public Track {
        Objects.requireNonNull(strategy, "strategy");
        if (strategy.isBlank()) {
            throw new IllegalArgumentException("strategy name must not be blank");
        }
    }

    /** The track of {@code method} trained with semi-supervised mode {@code semi} ({@value #SUPERVISED}: supervised). */
    public static Track of(String method, String semi, long seed) {
        return new Track(semi.equals(SUPERVISED) ? method : method + SEMI_SEPARATOR + semi, seed);
    }

    /** The acquisition method (the strategy without its semi-supervised mode). */
    public String method() {
        int at = strategy.indexOf(SEMI_SEPARATOR);
        return at < 0 ? strategy : strategy.substring(0, at);
    }

    /** The semi-supervised training mode, {@value #SUPERVISED} for a supervised track. */
    public String semi() {
        int at = strategy.indexOf(SEMI_SEPARATOR);
        return at < 0 ? SUPERVISED : strategy.substring(at + 1);
    }

    @Override
    public String toString() {
        return "track (strategy=" + strategy + ", seed=" + seed + ")";
    }
}
