package org.activeseg.acquisition;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.activeseg.tensor.FloatTensor;

/**
 * A {@link SampleStream} over a loaded (T, C, P) tensor: each sample is a zero-copy (C, P) view of
 * its slice. When it owns the tensor (the default {@link ProbabilitySource#stream}) close() frees it.
 */
final class TensorSampleStream implements SampleStream {
    private final FloatTensor probs;
    private final String frameId;
    private final boolean owner;
    private final int samples;
    private final int classes;
    private final int pixels;
    private int next;
    private boolean closed;

    TensorSampleStream(FloatTensor probs, String frameId, boolean owner) {
        long[] s = probs.shape();
        if (s.length != 3 || s[0] > Integer.MAX_VALUE || s[1] > Integer.MAX_VALUE || s[2] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("probabilities of frame " + frameId + " must be (T, C, P) with int extents, got "
                    + Arrays.toString(s));
        }
        this.probs = probs;
        this.frameId = frameId;
        this.owner = owner;
        this.samples = (int) s[0];
        this.classes = (int) s[1];
        this.pixels = (int) s[2];
    }

    @Override
    public int samples() {
        return samples;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int pixels() {
        return pixels;
    }

    @Override
    public FloatTensor next() {
        if (closed) {
            throw new IllegalStateException("the sample stream of frame " + frameId + " is closed");
        }
        if (next >= samples) {
            throw new IllegalStateException("frame " + frameId + " has " + samples + " MC samples; all were read");
        }
        long bytes = (long) classes * pixels * Float.BYTES;
        MemorySegment seg = probs.segment().asSlice(next * bytes, bytes);
        next++;
        return FloatTensor.wrap(seg, classes, pixels);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (owner) {
                probs.close();
            }
        }
    }
}
