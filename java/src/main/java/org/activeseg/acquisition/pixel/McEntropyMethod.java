package org.activeseg.acquisition.pixel;

import java.util.Map;
import org.activeseg.backend.McAccumulator;
import org.activeseg.backend.PixelStatistic;
import org.activeseg.backend.Reduction;

/**
 * ViewAL MCDR (soft vote entropy, ALGORITHMS.md 2.1): the mean of the T MC softmaxes, then
 * {@code -sum p log2(p + 1e-12)} of the mean; the frame score is the SUM over pixels, as the
 * reference computes it (the same order as the mean for frames of equal size), descending.
 */
public final class McEntropyMethod extends McSampleMethod {

    @Override
    public String name() {
        return "mc-entropy";
    }

    @Override
    protected String mapName() {
        return "entropy";
    }

    @Override
    protected Reduction defaultReduction() {
        return Reduction.SUM;
    }

    @Override
    protected int minimumSamples() {
        return 1;
    }

    @Override
    protected java.util.Set<McAccumulator.Track> tracks() {
        return McAccumulator.Track.FOR_MEAN;
    }

    @Override
    protected void read(McAccumulator acc, float[] out) {
        acc.meanStatistic(PixelStatistic.ENTROPY_LOG2_VIEWAL, out);
    }

    @Override
    protected void describe(Map<String, Object> parameters) {
        parameters.put("statistic", "entropy of the mean of the MC samples, log2, eps 1e-12");
    }
}
