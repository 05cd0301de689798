package org.activeseg.acquisition.pixel;

import org.activeseg.backend.PixelStatistic;

/**
 * ViewAL CONF: per-pixel max probability, frame mean, ascending (lowest mean max-probability
 * first, the same order as the highest mean of 1 - max p). The map written is max p ("score").
 */
public final class LeastConfidenceMethod extends SingleMapMethod {

    public LeastConfidenceMethod() {
        super(PixelStatistic.MAX_PROBABILITY);
    }

    @Override
    public String name() {
        return "least-confidence";
    }

    @Override
    protected String mapName() {
        return "score";
    }

    @Override
    protected boolean ascending() {
        return true;
    }
}
