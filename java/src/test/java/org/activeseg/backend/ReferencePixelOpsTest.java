package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reference {@link PixelOps} against {@link PixelOpsConformance}, plus its parallel/serial agreement. */
class ReferencePixelOpsTest extends PixelOpsConformance {
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
    void parallelBlocksAgreeExactlyWithSmallCalls() {
        // 70001 x 19 runs in parallel blocks; each 1024-pixel slice alone runs serially
        int pixels = 70001;
        int classes = 19;
        float[] p = PixelEntropyConformance.randomProbabilities(1, classes, pixels, 77);
        float[] whole = new float[pixels];
        try (FloatTensor t = FloatTensor.of(p, classes, pixels)) {
            backend.pixels().statistic(t, PixelStatistic.ENTROPY_LOG2_VIEWAL, whole);
        }
        int first = 3 * 1024;
        int len = 1024;
        float[] slice = new float[classes * len];
        for (int k = 0; k < classes; k++) {
            System.arraycopy(p, k * pixels + first, slice, k * len, len);
        }
        float[] part = new float[len];
        try (FloatTensor t = FloatTensor.of(slice, classes, len)) {
            backend.pixels().statistic(t, PixelStatistic.ENTROPY_LOG2_VIEWAL, part);
        }
        float[] expected = new float[len];
        System.arraycopy(whole, first, expected, 0, len);
        assertArrayEquals(expected, part, 0f);
    }
}
