package org.activeseg.acquisition.pixel;

import java.util.Map;
import org.activeseg.backend.McAccumulator;
import org.activeseg.backend.Reduction;

/**
 * Hard vote entropy (ViewAL RMCDR's per-pixel statistic, ALGORITHMS.md 2.1) at frame level:
 * {@code p_c = #(argmax_d == c) / T} (argmax ties to the lowest class), then
 * {@code -sum p_c log2(p_c + 1e-12)}; frame mean, descending. Needs T >= 2.
 */
public final class VoteEntropyMethod extends McSampleMethod {

    @Override
    public String name() {
        return "vote-entropy";
    }

    @Override
    protected String mapName() {
        return "entropy";
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
        return McAccumulator.Track.FOR_VOTES;
    }

    @Override
    protected void read(McAccumulator acc, float[] out) {
        acc.voteEntropy(out);
    }

    @Override
    protected void describe(Map<String, Object> parameters) {
        parameters.put("statistic", "hard-vote entropy, argmax ties to the lowest class, log2, eps 1e-12");
    }
}
