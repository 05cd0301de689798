package org.activeseg.loop;

import java.io.IOException;
import java.util.List;
import org.activeseg.acquisition.ProbabilitySource;
import org.activeseg.acquisition.SampleStream;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.model.net.SegmentationInference;
import org.activeseg.model.net.SegmentationNetwork;
import org.activeseg.tensor.FloatTensor;

/**
 * Class probabilities of pool frames computed by the current network on demand: with
 * {@code samples == 1} the deterministic evaluation pass (softmax, no dropout), otherwise T
 * MC-dropout samples where the encoder runs once per frame and the head T times, handed out one
 * (C, P) sample at a time through {@link #stream} so T x C x P never exists. The masks of frame f
 * derive from (seed, f's id), so scores do not depend on the order frames are asked for.
 */
final class NetworkProbabilities implements ProbabilitySource {
    private final Dataset dataset;
    private final SegmentationInference inference;
    private final int samples;
    private final long seed;

    NetworkProbabilities(Dataset dataset, SegmentationInference inference, int samples, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("MC samples must be >= 1, got " + samples);
        }
        this.dataset = dataset;
        this.inference = inference;
        this.samples = samples;
        this.seed = seed;
    }

    @Override
    public int classes() {
        return inference.network().config().classes();
    }

    /** The (T, C, P) tensor; methods that read samples use {@link #stream} instead. */
    @Override
    public FloatTensor load(String frameId) throws IOException {
        Frame f = dataset.frame(frameId);
        int plane = classes() * f.pixels();
        FloatTensor out = FloatTensor.allocate(samples, classes(), f.pixels());
        inference.samples(List.of(f), samples, frameSeed(frameId),
                (frame, t, probs) -> out.copyFrom(probs, 0, (long) t * plane, plane));
        return out;
    }

    @Override
    public SampleStream stream(String frameId) throws IOException {
        Frame f = dataset.frame(frameId);
        SegmentationInference.Sampler sampler = inference.sampler(f, samples, frameSeed(frameId));
        int c = classes();
        int p = f.pixels();
        return new SampleStream() {
            private int next;
            private FloatTensor current;

            @Override public int samples() { return samples; }
            @Override public int classes() { return c; }
            @Override public int pixels() { return p; }

            @Override
            public FloatTensor next() {
                if (next >= samples) {
                    throw new IllegalStateException("frame " + frameId + ": all " + samples + " samples were read");
                }
                closeCurrent();
                current = FloatTensor.of(sampler.next(), c, p);
                next++;
                return current;
            }

            private void closeCurrent() {
                if (current != null) {
                    current.close();
                    current = null;
                }
            }

            @Override
            public void close() {
                closeCurrent();
                sampler.close();
            }
        };
    }

    private long frameSeed(String frameId) {
        return seed * 31 + frameId.hashCode();
    }

    /** The network the probabilities come from. */
    SegmentationNetwork network() {
        return inference.network();
    }
}
