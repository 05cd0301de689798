package org.activeseg.acquisition.pixel;

import org.activeseg.backend.PixelStatistic;

/** ViewAL MAR: per-pixel p(1) - p(2), frame mean, ascending (smallest margin first). The map written is the margin ("score"). */
public final class MarginMethod extends SingleMapMethod {

    public MarginMethod() {
        super(PixelStatistic.MARGIN);
    }

    @Override
    public String name() {
        return "margin";
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
