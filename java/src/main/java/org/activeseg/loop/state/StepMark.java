package org.activeseg.loop.state;

import java.util.Objects;

/**
 * One step of a track: a round (0 = the seed set) and a phase. Steps are totally ordered:
 * (0, LABELLED) &lt; (0, TRAINED) &lt; (0, EVALUATED) &lt; (1, LABELLED) &lt; ...
 */
public record StepMark(int round, Phase phase) implements Comparable<StepMark> {

    /** The first step of every track: labelling the seed set. */
    public static final StepMark FIRST = new StepMark(0, Phase.LABELLED);

    public StepMark {
        if (round < 0) {
            throw new IllegalArgumentException("round must be >= 0, got " + round);
        }
        Objects.requireNonNull(phase, "phase");
    }

    /** The step that follows this one. */
    public StepMark next() {
        return switch (phase) {
            case LABELLED -> new StepMark(round, Phase.TRAINED);
            case TRAINED -> new StepMark(round, Phase.EVALUATED);
            case EVALUATED -> new StepMark(round + 1, Phase.LABELLED);
        };
    }

    @Override
    public int compareTo(StepMark o) {
        int c = Integer.compare(round, o.round);
        return c != 0 ? c : phase.compareTo(o.phase);
    }

    @Override
    public String toString() {
        return phase + " of round " + round;
    }
}
