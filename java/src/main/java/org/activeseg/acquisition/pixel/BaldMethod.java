package org.activeseg.acquisition.pixel;

import java.util.Map;
import org.activeseg.backend.McAccumulator;
import org.activeseg.backend.Reduction;

/**
 * baal's BALD (ALGORITHMS.md 2.2): {@code H[mean_d p] - mean_d H[p_d]} per pixel in nats with
 * xlogy (0 log 0 = 0, no epsilon), not clamped; frame mean, descending. Needs T >= 2.
 */
public final class BaldMethod extends McSampleMethod {

    @Override
    public String name() {
        return "bald";
    }

    @Override
    protected String mapName() {
        return "score";
    }

    @Override
    protected Reduction defaultReduction() {
        return Reduction.MEAN;
    }

    @Override
    protected int minimumSamples() {
        return 2;
    }

    @Override
    protected java.util.Set<McAccumulator.Track> tracks() {
        return McAccumulator.Track.FOR_BALD;
    }

    @Override
    protected void read(McAccumulator acc, float[] out) {
        acc.bald(out);
    }

    @Override
    protected void describe(Map<String, Object> parameters) {
        parameters.put("statistic", "BALD mutual information, ln with xlogy, not clamped");
    }
}
