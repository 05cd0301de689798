package org.activeseg.acquisition.pixel;

import java.io.IOException;
import java.util.Map;
import org.activeseg.acquisition.SampleStream;
import org.activeseg.backend.McAccumulator;
import org.activeseg.backend.PixelOps;
import org.activeseg.backend.PixelStatistic;
import org.activeseg.backend.Reduction;

/**
 * A frame-ranking method on one per-pixel statistic of the prediction (ENT, CONF, MAR). The
 * reference runs one deterministic pass (T = 1); given T > 1 samples the statistic is taken of
 * their mean distribution.
 */
abstract class SingleMapMethod extends FrameRankingMethod {
    private final PixelStatistic statistic;

    SingleMapMethod(PixelStatistic statistic) {
        this.statistic = statistic;
    }

    @Override
    protected float ignoreValue() {
        return statistic.ignoreValue();
    }

    @Override
    protected Reduction defaultReduction() {
        return Reduction.MEAN;
    }

    @Override
    protected void pixelScores(PixelOps ops, String frameId, SampleStream samples, float[] out) throws IOException {
        int t = samples.samples();
        if (t == 1) {
            ops.statistic(samples.next(), statistic, out);
            return;
        }
        try (McAccumulator acc = ops.mcAccumulator(samples.classes(), out.length, McAccumulator.Track.FOR_MEAN)) {
            for (int d = 0; d < t; d++) {
                acc.add(samples.next());
            }
            acc.meanStatistic(statistic, out);
        }
    }

    @Override
    protected void describe(Map<String, Object> parameters) {
        parameters.put("statistic", statistic.name().toLowerCase(java.util.Locale.ROOT));
        parameters.put("samples", "T = 1: the map itself; T > 1: the statistic of the mean distribution");
    }
}
