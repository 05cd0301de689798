package org.activeseg.acquisition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

/**
 * The default {@link ProbabilitySource#stream}: zero-copy (C, P) views of the loaded (T, C, P)
 * tensor, freed on close, an error naming the frame past T samples or on a tensor of another rank;
 * and {@link SampleStream#mean} against a double reference.
 */
class SampleStreamTest {

    private static ProbabilitySource holding(FloatTensor probs, AtomicReference<FloatTensor> loaded) {
        return new ProbabilitySource() {
            @Override
            public FloatTensor load(String frameId) {
                loaded.set(probs);
                return probs;
            }

            @Override
            public int classes() {
                return (int) probs.dim(1);
            }
        };
    }

    private static float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i * 37 % 101) / 101f;
        }
        return v;
    }

    @Test
    void defaultStreamServesViewsOfTheLoadedTensorAndFreesItOnClose() throws Exception {
        int t = 3, c = 2, p = 5;
        float[] v = values(t * c * p);
        AtomicReference<FloatTensor> loaded = new AtomicReference<>();
        ProbabilitySource source = holding(FloatTensor.of(v, t, c, p), loaded);
        try (SampleStream s = source.stream("scene_f7")) {
            assertEquals(t, s.samples());
            assertEquals(c, s.classes());
            assertEquals(p, s.pixels());
            for (int d = 0; d < t; d++) {
                FloatTensor sample = s.next();
                assertArrayEquals(new long[] {c, p}, sample.shape());
                long offset = (long) d * c * p * Float.BYTES;
                assertEquals(loaded.get().segment().address() + offset, sample.segment().address(), "sample " + d + " is a copy");
                for (int i = 0; i < c * p; i++) {
                    assertEquals(v[d * c * p + i], sample.get(i));
                }
            }
            IllegalStateException past = assertThrows(IllegalStateException.class, s::next);
            assertTrue(past.getMessage().contains("scene_f7"), past.getMessage());
            assertTrue(loaded.get().segment().scope().isAlive());
        }
        assertFalse(loaded.get().segment().scope().isAlive(), "close() must free the loaded tensor");
    }

    @Test
    void nextAfterCloseNamesTheFrame() throws Exception {
        SampleStream s = holding(FloatTensor.of(values(4), 1, 2, 2), new AtomicReference<>()).stream("f1");
        s.close();
        s.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, s::next);
        assertTrue(e.getMessage().contains("f1"), e.getMessage());
    }

    @Test
    void aTensorOfAnotherRankIsRefusedNamingTheFrameAndFreed() {
        AtomicReference<FloatTensor> loaded = new AtomicReference<>();
        ProbabilitySource flat = holding(FloatTensor.allocate(2, 4), loaded);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> flat.stream("f2"));
        assertTrue(e.getMessage().contains("f2") && e.getMessage().contains("[2, 4]"), e.getMessage());
        assertFalse(loaded.get().segment().scope().isAlive());
    }

    @Test
    void meanIsTheDoubleMeanOfEverySampleRoundedOnce() throws Exception {
        for (int t : new int[] {1, 2, 7}) {
            int c = 3, p = 13;
            float[] v = values(t * c * p);
            float[] expected = new float[c * p];
            for (int i = 0; i < c * p; i++) {
                double sum = 0;
                for (int d = 0; d < t; d++) {
                    sum += v[d * c * p + i];
                }
                expected[i] = (float) (sum / t);
            }
            try (FloatTensor probs = FloatTensor.of(v, t, c, p); SampleStream s = SampleStream.of(probs, "f")) {
                assertArrayEquals(expected, SampleStream.mean(s), "T = " + t);
                assertThrows(IllegalStateException.class, s::next, "mean must read all T samples");
            }
        }
        try (FloatTensor none = FloatTensor.allocate(0, 2, 3); SampleStream s = SampleStream.of(none, "f")) {
            assertThrows(IllegalArgumentException.class, () -> SampleStream.mean(s));
        }
    }
}
