package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.activeseg.backend.McAccumulator;
import org.activeseg.backend.PixelEntropyConformance;
import org.activeseg.backend.PixelOps;
import org.activeseg.backend.PixelStatistic;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 10^4 cycles of MC accumulator create / add / finalise / close, and of statistic and top-k
 * calls, leave free device memory (cuMemGetInfo) where it was after a warm-up: accumulators free
 * their buffers, and the ops' staging buffers are reused, not reallocated. Needs a GPU.
 */
class CudaPixelOpsLeakIT {
    @RegisterExtension
    static final CudaRequirement<CudaScoringBackend> CUDA = CudaRequirement.scoringBackend();
    /** Allowed drift of free memory: far below one cycle's 10^4-fold allocation (~1 GB). */
    private static final long SLACK_BYTES = 4L << 20;

    @Test
    void tenThousandCyclesDoNotGrowDeviceMemory() {
        CudaScoringBackend cuda = CUDA.get();
        int classes = 19;
        int pixels = 4099;
        PixelOps ops = cuda.pixels();
        float[] out = new float[pixels];
        try (FloatTensor sample = FloatTensor.of(PixelEntropyConformance.randomProbabilities(1, classes, pixels, 3),
                classes, pixels)) {
            Runnable cycle = () -> {
                try (McAccumulator acc = ops.mcAccumulator(classes, pixels)) {
                    acc.add(sample);
                    acc.add(sample, true);
                    acc.bald(out);
                    acc.voteEntropy(out);
                }
                ops.statistic(sample, PixelStatistic.MARGIN, out);
                ops.topK(out, 10);
            };
            cycle.run();
            long before = cuda.context().memoryInfo()[0];
            for (int i = 0; i < 10_000; i++) {
                cycle.run();
            }
            long after = cuda.context().memoryInfo()[0];
            System.out.println("free device memory before " + before + ", after " + after);
            assertTrue(before - after <= SLACK_BYTES, "free device memory fell by " + (before - after) + " bytes");
        }
    }
}
