package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.SplittableRandom;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

/** An accumulator that tracks only what is read gives exactly what a full one gives, and refuses the rest. */
class McAccumulatorTrackTest {
    private final PixelOps ops = new ReferencePixelOps();

    private static FloatTensor sample(int c, int p, SplittableRandom r) {
        float[] v = new float[c * p];
        for (int i = 0; i < p; i++) {
            double s = 0;
            for (int k = 0; k < c; k++) {
                s += v[k * p + i] = (float) r.nextDouble(0.01, 1);
            }
            for (int k = 0; k < c; k++) {
                v[k * p + i] /= (float) s;
            }
        }
        return FloatTensor.of(v, c, p);
    }

    @Test
    void partialTrackingIsBitIdenticalAndUntrackedReadsFail() {
        int c = 7, p = 4099, t = 5;
        SplittableRandom r = new SplittableRandom(17);
        FloatTensor[] samples = new FloatTensor[t];
        for (int d = 0; d < t; d++) {
            samples[d] = sample(c, p, r);
        }
        float[] full = new float[p], part = new float[p];
        try (McAccumulator all = ops.mcAccumulator(c, p);
             McAccumulator mean = ops.mcAccumulator(c, p, McAccumulator.Track.FOR_MEAN);
             McAccumulator votes = ops.mcAccumulator(c, p, McAccumulator.Track.FOR_VOTES);
             McAccumulator bald = ops.mcAccumulator(c, p, McAccumulator.Track.FOR_BALD)) {
            for (FloatTensor s : samples) {
                all.add(s);
                mean.add(s);
                votes.add(s);
                bald.add(s);
            }
            all.meanStatistic(PixelStatistic.ENTROPY_LOG2_VIEWAL, full);
            mean.meanStatistic(PixelStatistic.ENTROPY_LOG2_VIEWAL, part);
            assertArrayEquals(full, part);
            all.voteEntropy(full);
            votes.voteEntropy(part);
            assertArrayEquals(full, part);
            all.bald(full);
            bald.bald(part);
            assertArrayEquals(full, part);

            var e = assertThrows(IllegalStateException.class, () -> mean.bald(new float[p]));
            assertTrue(e.getMessage().contains("SAMPLE_ENTROPY"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> votes.meanStatistic(PixelStatistic.MARGIN, new float[p]));
            assertThrows(IllegalStateException.class, () -> bald.voteEntropy(new float[p]));
            assertTrue(mean.footprintBytes() < all.footprintBytes(), "untracked statistics take no memory");
        } finally {
            for (FloatTensor s : samples) {
                s.close();
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ops.mcAccumulator(c, p, Set.of()));
    }
}
