package org.activeseg.acquisition.viewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.MapSink;
import org.activeseg.acquisition.ProbabilitySource;
import org.activeseg.data.Dataset;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * viewal on the real ScanNet sample (10 frames with shipped superpixels) with fixed synthetic
 * probabilities (seeded per frame): scores and selection are identical on one thread and on the
 * common pool, and repeat exactly.
 */
class ViewAlScanNetTest {

    static ProbabilitySource seeded(int classes) {
        return new ProbabilitySource() {
            @Override
            public FloatTensor load(String frameId) {
                int p = 320 * 240;
                SplittableRandom rnd = new SplittableRandom(frameId.hashCode());
                float[] v = new float[classes * p];
                double[] w = new double[classes];
                for (int i = 0; i < p; i++) {
                    double sum = 0;
                    for (int c = 0; c < classes; c++) {
                        w[c] = Math.pow(rnd.nextDouble(), 4);
                        sum += w[c];
                    }
                    for (int c = 0; c < classes; c++) {
                        v[c * p + i] = (float) (w[c] / sum);
                    }
                }
                return FloatTensor.of(v, 1, classes, p);
            }

            @Override
            public int classes() {
                return classes;
            }
        };
    }

    @Test
    void deterministicAcrossThreadCounts() throws Exception {
        Dataset ds = ScanNetReader.open(SharedData.scannetSample());
        AcquisitionRequest request = new AcquisitionRequest(ds, ds.frameIds(), seeded(5), Budget.fraction(0.05), false,
                Map.of(), LabelState.empty(), ViewAlMethodTest.BACKEND, MapSink.NONE, 0);
        AcquisitionResult pooled = new ViewAlMethod().run(request);
        AcquisitionResult single;
        try (ForkJoinPool one = new ForkJoinPool(1)) {
            single = one.submit(() -> new ViewAlMethod().run(request)).get();
        }
        assertEquals(pooled, single);
        assertEquals(10, pooled.frames().size());
        assertFalse(pooled.selection().isEmpty());
        long total = pooled.selection().stream().mapToLong(AcquisitionResult.Selection::pixels).sum();
        assertTrue(total >= Math.round(0.05 * 10 * 320 * 240), "budget not reached: " + total);
        for (AcquisitionResult.FrameScore f : pooled.frames()) {
            assertTrue(f.superpixels().size() > 10, f.id() + " has " + f.superpixels().size() + " superpixels");
            assertTrue(f.score() > 0 && Double.isFinite(f.score()), f.id() + " score " + f.score());
        }
    }
}
