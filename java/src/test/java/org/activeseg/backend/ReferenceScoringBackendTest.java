package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pure-Java backend against hand-computed values and a plain loop (PixelEntropyConformance), and
 * its pixel entropy against {@link PixelOps#statistic}'s: one definition, so bit for bit.
 */
class ReferenceScoringBackendTest extends PixelEntropyConformance {
    private static ReferenceScoringBackend backend;

    @BeforeAll
    static void open() {
        backend = new ReferenceScoringBackend();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Override
    protected ScoringBackend backend() {
        return backend;
    }

    @Test
    void parallelAndSerialPathsAgreeExactly() {
        // 2 x 19 x 20000 crosses the parallel threshold; one frame alone at P=3000 stays serial
        int frames = 2;
        int classes = 19;
        int pixels = 20000;
        float[] values = randomProbabilities(frames, classes, pixels, 99);
        try (FloatTensor probs = FloatTensor.of(values, frames, classes, pixels);
             FloatTensor out = FloatTensor.allocate(frames, pixels)) {
            backend.pixelEntropy(probs, out, EntropyConvention.LN_U2PL);
            for (int f = 0; f < frames; f++) {
                float[] one = new float[classes * 3000];
                for (int k = 0; k < classes; k++) {
                    System.arraycopy(values, (f * classes + k) * pixels, one, k * 3000, 3000);
                }
                try (FloatTensor p1 = FloatTensor.of(one, 1, classes, 3000); FloatTensor o1 = FloatTensor.allocate(1, 3000)) {
                    backend.pixelEntropy(p1, o1, EntropyConvention.LN_U2PL);
                    for (int i = 0; i < 3000; i++) {
                        assertEquals(o1.get(i), out.get((long) f * pixels + i), 0.0f, "frame " + f + " pixel " + i);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1", "3, 2, 13", "2, 19, 4098", "1, 40, 7001", "3, 7, 1025"})
    void pixelEntropyIsPixelOpsStatisticPerFrame(int frames, int classes, int pixels) {
        float[] values = randomProbabilities(frames, classes, pixels, 5L * frames + 11L * classes + pixels);
        try (FloatTensor probs = FloatTensor.of(values, frames, classes, pixels);
             FloatTensor out = FloatTensor.allocate(frames, pixels)) {
            for (EntropyConvention convention : EntropyConvention.values()) {
                backend.pixelEntropy(probs, out, convention);
                float[] all = out.toArray();
                for (int f = 0; f < frames; f++) {
                    float[] frame = new float[classes * pixels];
                    System.arraycopy(values, f * classes * pixels, frame, 0, frame.length);
                    float[] statistic = new float[pixels];
                    try (FloatTensor map = FloatTensor.of(frame, classes, pixels)) {
                        backend.pixels().statistic(map, false, PixelStatistic.entropy(convention), statistic);
                    }
                    float[] entropy = new float[pixels];
                    System.arraycopy(all, f * pixels, entropy, 0, pixels);
                    assertArrayEquals(statistic, entropy, 0.0f, convention + " frame " + f);
                }
            }
        }
    }

    @Test
    void nameIsJava() {
        assertEquals("java", backend.name());
    }
}
