package org.activeseg.stream;

import org.activeseg.data.Frame;
import org.activeseg.tensor.FloatTensor;

/**
 * A checked frame a session holds: the frame (geometry, superpixels, optional labels) and its
 * probabilities as (T, C, P) off-heap, owned and freed on close. {@code probabilities} is null once
 * released (a method that keeps what it needs elsewhere, as ViewAL keeps the mean).
 */
record HeldFrame(Frame frame, FloatTensor probabilities, int samples, int classes) implements AutoCloseable {

    HeldFrame(Frame frame, FloatTensor probabilities) {
        this(frame, probabilities, (int) probabilities.dim(0), (int) probabilities.dim(1));
    }

    String id() {
        return frame.id();
    }

    /** This frame without its probabilities, which are freed. */
    HeldFrame released() {
        close();
        return new HeldFrame(frame, null, samples, classes);
    }

    /** Heap and off-heap bytes of the frame's arrays and of its probabilities while held. */
    long bytes() {
        Frame f = frame;
        long b = 4L * f.depth().length;
        b += f.rgb() == null ? 0 : f.rgb().length;
        b += f.labels() == null ? 0 : f.labels().length;
        b += f.superpixels() == null ? 0 : 4L * f.superpixels().length;
        return b + (probabilities == null ? 0 : 4L * probabilities.size());
    }

    @Override
    public void close() {
        if (probabilities != null) {
            probabilities.close();
        }
    }
}
