package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pure-Java backend against hand-computed values and a plain loop (PixelEntropyConformance). */
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
            backend.pixelEntropy(probs, out, EntropyBase.LN_U2PL);
            for (int f = 0; f < frames; f++) {
                float[] one = new float[classes * 3000];
                for (int k = 0; k < classes; k++) {
                    System.arraycopy(values, (f * classes + k) * pixels, one, k * 3000, 3000);
                }
                try (FloatTensor p1 = FloatTensor.of(one, 1, classes, 3000); FloatTensor o1 = FloatTensor.allocate(1, 3000)) {
                    backend.pixelEntropy(p1, o1, EntropyBase.LN_U2PL);
                    for (int i = 0; i < 3000; i++) {
                        assertEquals(o1.get(i), out.get((long) f * pixels + i), 0.0f, "frame " + f + " pixel " + i);
                    }
                }
            }
        }
    }

    @Test
    void nameIsJava() {
        assertEquals("java", backend.name());
    }
}
