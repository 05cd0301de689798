package org.activeseg.acquisition.pixel;

import java.io.IOException;
import org.activeseg.acquisition.SampleStream;
import org.activeseg.backend.McAccumulator;
import org.activeseg.backend.PixelOps;

/**
 * A frame-ranking method on MC-dropout samples: the T (C, P) samples of a frame are streamed
 * from its {@link SampleStream} into an {@link McAccumulator} (memory independent of T), then one
 * per-pixel statistic is read from it. Ranked descending; ignore pixels get 0 in compat mode.
 */
abstract class McSampleMethod extends FrameRankingMethod {

    /** The fewest samples the statistic is meaningful for. */
    protected abstract int minimumSamples();

    /** The statistics {@link #read} needs the accumulator to keep. */
    protected abstract java.util.Set<McAccumulator.Track> tracks();

    /** Reads the per-pixel statistic from the filled accumulator. */
    protected abstract void read(McAccumulator acc, float[] out);

    @Override
    public org.activeseg.acquisition.ModelOutput modelOutput() {
        return org.activeseg.acquisition.ModelOutput.MC_DROPOUT;
    }

    @Override
    protected boolean ascending() {
        return false;
    }

    @Override
    protected float ignoreValue() {
        return 0f;
    }

    @Override
    protected void pixelScores(PixelOps ops, String frameId, SampleStream samples, float[] out) throws IOException {
        int t = samples.samples();
        if (t < minimumSamples()) {
            throw new IllegalArgumentException(name() + " needs at least " + minimumSamples() + " MC samples per frame; frame "
                    + frameId + " has T = " + t);
        }
        try (McAccumulator acc = ops.mcAccumulator(samples.classes(), out.length, tracks())) {
            for (int d = 0; d < t; d++) {
                acc.add(samples.next());
            }
            read(acc, out);
        }
    }
}
