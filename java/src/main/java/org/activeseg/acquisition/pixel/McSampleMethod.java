package org.activeseg.acquisition.pixel;

import org.activeseg.backend.McAccumulator;
import org.activeseg.backend.PixelOps;
import org.activeseg.tensor.FloatTensor;

/**
 * A frame-ranking method on MC-dropout samples: the (T, C, P) probabilities of a frame are
 * streamed sample by sample into an {@link McAccumulator} (memory independent of T), then one
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
    protected boolean ascending() {
        return false;
    }

    @Override
    protected float ignoreValue() {
        return 0f;
    }

    @Override
    protected void pixelScores(PixelOps ops, String frameId, FloatTensor probs, float[] out) {
        long samples = probs.dim(0);
        if (samples < minimumSamples()) {
            throw new IllegalArgumentException(name() + " needs at least " + minimumSamples() + " MC samples per frame; frame "
                    + frameId + " has T = " + samples);
        }
        try (McAccumulator acc = ops.mcAccumulator((int) probs.dim(1), out.length, tracks())) {
            for (long t = 0; t < samples; t++) {
                try (FloatTensor s = sample(probs, t)) {
                    acc.add(s);
                }
            }
            read(acc, out);
        }
    }
}
