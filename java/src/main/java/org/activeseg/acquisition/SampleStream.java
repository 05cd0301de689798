package org.activeseg.acquisition;

import java.io.IOException;
import org.activeseg.tensor.FloatTensor;

/**
 * The T MC samples of one frame's probabilities, read one (C, P) sample at a time (P = H*W
 * contiguous), so that a method can stream them into its accumulators without the (T, C, P) tensor
 * ever existing. {@link ProbabilitySource#stream} opens one; the caller closes it.
 *
 * <p>Each sample returned by {@link #next()} is valid until the next call to {@code next()} or
 * {@link #close()}; the caller must not close it. A source that computes samples on the fly (the
 * network's head run T times) may reuse or free a sample's memory as soon as the next one is asked for.
 */
public interface SampleStream extends AutoCloseable {

    /** Number of samples T (T = 1 for an already averaged map). */
    int samples();

    /** Number of classes C. */
    int classes();

    /** Number of pixels P = H*W. */
    int pixels();

    /**
     * The next sample as a (C, P) tensor, valid until the next call to {@code next()} or {@code close()};
     * the caller does not close it.
     *
     * @throws IllegalStateException after all {@link #samples()} samples were read, or after close, naming the frame
     */
    FloatTensor next() throws IOException;

    @Override
    void close();

    /**
     * Reads all T samples of a fresh {@code stream} and returns their mean, (C, P) row-major, summed
     * in double in sample order and rounded to float once.
     *
     * @throws IllegalArgumentException when the stream has no samples (T = 0) or C*P exceeds an array
     */
    static float[] mean(SampleStream stream) throws IOException {
        int samples = stream.samples();
        if (samples < 1) {
            throw new IllegalArgumentException("cannot average " + samples + " MC samples");
        }
        int plane = Math.multiplyExact(stream.classes(), stream.pixels());
        double[] acc = new double[plane];
        float[] row = new float[plane];
        for (int t = 0; t < samples; t++) {
            stream.next().copyTo(0, row, 0, plane);
            for (int i = 0; i < plane; i++) {
                acc[i] += row[i];
            }
        }
        for (int i = 0; i < plane; i++) {
            row[i] = (float) (acc[i] / samples);
        }
        return row;
    }

    /**
     * Zero-copy (C, P) views of a (T, C, P) tensor that the caller keeps open and closes after this
     * stream; closing the stream frees nothing. A tensor of another rank, or with an extent above
     * {@code Integer.MAX_VALUE}, is an error naming {@code frameId}.
     */
    static SampleStream of(FloatTensor probs, String frameId) {
        return new TensorSampleStream(probs, frameId, false);
    }
}
