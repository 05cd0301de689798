package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.activeseg.backend.ReferenceRegionOps;
import org.activeseg.backend.RegionOpsConformance;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.device.HostDevice;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Java side of {@link CudaRegionOps} (RIPU and U2PL: staging the probabilities, label and entropy
 * maps and the uint8 blocked / valid masks, workspace sizing, reading maps, picks and the updated
 * blocked mask back) run on the {@link HostDevice} stand-in against the kernels restated in Java
 * ({@link HostRegionKernels}): the region conformance cases, and the reference on random maps with a
 * different value at every pixel, exactly. The kernels themselves are checked by CudaRegionOpsIT and
 * CudaRegionExactnessIT on the GPU machine.
 */
class CudaRegionOpsOnHostTest extends RegionOpsConformance {
    private static final HostDevice DEVICE = new HostDevice();
    private static final CudaRegionOps REGIONS = new CudaRegionOps(DEVICE, new HostRegionKernels());
    private static final ScoringBackend BACKEND = StandInBackend.withRegions(REGIONS);

    @AfterAll
    static void close() {
        REGIONS.close();
        assertEquals(0, DEVICE.liveAllocations(), "device memory left allocated after close");
    }

    @Override
    protected ScoringBackend backend() {
        return BACKEND;
    }

    @Test
    void everyOperationEqualsTheReferenceOnDistinctMaps() {
        ReferenceRegionOps reference = new ReferenceRegionOps();
        SplittableRandom rnd = new SplittableRandom(5);
        int w = 37;
        int h = 23;
        int p = w * h;
        int classes = 6;
        int samples = 3;
        try (FloatTensor probs = FloatTensor.allocate(samples, classes, p)) {
            for (int t = 0; t < samples; t++) {
                for (int i = 0; i < p; i++) {
                    double sum = 0;
                    double[] v = new double[classes];
                    for (int k = 0; k < classes; k++) {
                        sum += v[k] = Math.exp(4 * rnd.nextDouble());
                    }
                    for (int k = 0; k < classes; k++) {
                        probs.set(((long) t * classes + k) * p + i, (float) (v[k] / sum));
                    }
                }
            }
            float[] e0 = new float[p];
            int[] a0 = new int[p];
            float[] e1 = new float[p];
            int[] a1 = new int[p];
            reference.meanEntropyArgmax(probs, 1e-6, Math.log(classes), e0, a0);
            REGIONS.meanEntropyArgmax(probs, 1e-6, Math.log(classes), e1, a1);
            assertArrayEquals(e0, e1, "mean entropy");
            assertArrayEquals(a0, a1, "argmax");

            for (boolean withUncertainty : new boolean[] {false, true}) {
                float[] i0 = new float[p];
                float[] u0 = withUncertainty ? new float[p] : null;
                float[] i1 = new float[p];
                float[] u1 = withUncertainty ? new float[p] : null;
                reference.impurityUncertainty(a0, e0, w, h, classes, 2, 1e-6, Math.log(classes), i0, u0);
                REGIONS.impurityUncertainty(a0, e0, w, h, classes, 2, 1e-6, Math.log(classes), i1, u1);
                assertArrayEquals(i0, i1, "impurity");
                assertArrayEquals(u0, u1, "uncertainty");
            }

            float[] score = new float[p];
            boolean[] b0 = new boolean[p];
            for (int i = 0; i < p; i++) {
                score[i] = e0[i] + i * 1e-7f;
                b0[i] = i % 11 == 0;
            }
            boolean[] b1 = b0.clone();
            int[] picks0 = reference.greedySelect(score, w, h, 3, 9, b0);
            int[] picks1 = REGIONS.greedySelect(score, w, h, 3, 9, b1);
            assertArrayEquals(picks0, picks1, "greedy picks");
            assertArrayEquals(b0, b1, "blocked mask after the picks");

            boolean[] valid = new boolean[p];
            for (int i = 0; i < p; i++) {
                valid[i] = i % 3 != 1;
            }
            for (double q : new double[] {0, 20, 50, 99.5, 100}) {
                assertEquals(reference.percentile(e0, valid, q), REGIONS.percentile(e0, valid, q), "percentile " + q);
                assertEquals(reference.percentile(e0, null, q), REGIONS.percentile(e0, null, q), "percentile " + q + " unmasked");
            }
        }
    }
}
