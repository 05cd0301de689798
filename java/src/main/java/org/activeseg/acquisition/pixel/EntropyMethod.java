package org.activeseg.acquisition.pixel;

import org.activeseg.backend.PixelStatistic;

/** ViewAL ENT: {@code -sum p log2(p + 1e-12)} per pixel, frame mean, descending (ALGORITHMS.md 2.1). */
public final class EntropyMethod extends SingleMapMethod {

    public EntropyMethod() {
        super(PixelStatistic.ENTROPY_LOG2_VIEWAL);
    }

    @Override
    public String name() {
        return "entropy";
    }

    @Override
    protected String mapName() {
        return "entropy";
    }

    @Override
    protected boolean ascending() {
        return false;
    }
}
