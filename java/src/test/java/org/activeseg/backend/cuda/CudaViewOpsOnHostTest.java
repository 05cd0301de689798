package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.activeseg.backend.ReferenceViewOps;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.backend.ViewOps;
import org.activeseg.backend.ViewOps.SuperpixelCoverage;
import org.activeseg.backend.ViewOps.Visibility;
import org.activeseg.backend.ViewOpsConformance;
import org.activeseg.backend.cuda.CudaViewOpsIT.RenderedScene;
import org.activeseg.device.DeviceTensor;
import org.activeseg.device.HostDevice;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java side of {@link CudaViewOps} (staging, workspace sizing, batching, reading results and
 * coverage runs back, decoding keys) run on the {@link HostDevice} stand-in against the kernels
 * restated in Java ({@link HostViewKernels}): the conformance hand cases, and ReferenceViewOps on a
 * rendered room, exactly. No GPU: this is what a CPU can check of the cuda ViewAL path; the kernels
 * themselves are checked by {@link CudaViewOpsIT} on the GPU machine.
 */
class CudaViewOpsOnHostTest extends ViewOpsConformance {
    private static final HostDevice DEVICE = new HostDevice();
    private static final CudaViewOps VIEWS = new CudaViewOps(new HostViewKernels(), DEVICE,
            CudaViewOps.DEFAULT_WORKSPACE_BUDGET);
    private static final ScoringBackend BACKEND = StandInBackend.withViews(VIEWS);

    @AfterAll
    static void close() {
        VIEWS.close();
        assertEquals(0, DEVICE.liveAllocations(), "device memory left allocated after close");
    }

    @Override
    protected ScoringBackend backend() {
        return BACKEND;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void matchesTheReferenceOnARenderedRoom(boolean projectInvalidDepth) {
        RenderedScene s = CudaViewOpsIT.render(5, 48, 36, 6, 11);
        Visibility vis = new Visibility(1.0, projectInvalidDepth);
        int n = s.geometry().frames();
        int p = s.geometry().pixels();
        try (FloatTensor probs = s.probs();
             FloatTensor refVe = FloatTensor.allocate(n, p); FloatTensor refVd = FloatTensor.allocate(n, p);
             FloatTensor ve = FloatTensor.allocate(n, p); FloatTensor vd = FloatTensor.allocate(n, p);
             CudaViewOps oneTargetPerBatch = new CudaViewOps(new HostViewKernels(), DEVICE, 1)) {
            ReferenceViewOps reference = new ReferenceViewOps();
            long[] refLanded = reference.viewStatistics(s.geometry(), probs, refVe, refVd, vis);
            for (int t = 0; t < n; t++) {
                assertTrue(refLanded[t] > p, "target " + t + " gets points from other frames: " + refLanded[t]);
            }
            SuperpixelCoverage refCoverage = reference.superpixelCoverage(s.geometry(), s.superpixels(), vis);
            for (ViewOps ops : List.of(VIEWS, oneTargetPerBatch)) {
                assertArrayEquals(refLanded, ops.viewStatistics(s.geometry(), probs, ve, vd, vis), "landed points per target");
                assertArrayEquals(refVe.toArray(), ve.toArray(), "VE");
                assertArrayEquals(refVd.toArray(), vd.toArray(), "VD");
                SuperpixelCoverage coverage = ops.superpixelCoverage(s.geometry(), s.superpixels(), vis);
                assertEquals(refCoverage, coverage, "coverage");
            }
        }
    }

    @Test
    void probabilitiesAlreadyOnTheDeviceAreUsedWhereTheyAre() {
        RenderedScene s = CudaViewOpsIT.render(3, 40, 30, 4, 9);
        int n = s.geometry().frames();
        int p = s.geometry().pixels();
        ReferenceViewOps reference = new ReferenceViewOps();
        try (FloatTensor probs = s.probs();
             FloatTensor refVe = FloatTensor.allocate(n, p); FloatTensor refVd = FloatTensor.allocate(n, p);
             FloatTensor ve = FloatTensor.allocate(n, p); FloatTensor vd = FloatTensor.allocate(n, p);
             DeviceTensor resident = DeviceTensor.upload(DEVICE, probs)) {
            long[] refLanded = reference.viewStatistics(s.geometry(), probs, refVe, refVd, Visibility.DEFAULT);
            long live;
            try (DeviceScene scene = VIEWS.stage(s.geometry())) {
                long before = DEVICE.bytesToDevice();
                live = DEVICE.liveBytes();
                scene.useProbabilities(resident);
                assertEquals(live, DEVICE.liveBytes(), "no copy of the probabilities was allocated");
                assertArrayEquals(refLanded, VIEWS.viewStatistics(scene, ve, vd, Visibility.DEFAULT));
                assertArrayEquals(refVe.toArray(), ve.toArray(), "VE");
                assertArrayEquals(refVd.toArray(), vd.toArray(), "VD");
                assertEquals(before, DEVICE.bytesToDevice(), "nothing copied to the device");
            }
            try (FloatTensor back = resident.download()) {
                assertArrayEquals(probs.toArray(), back.toArray(), "closing the scene leaves the caller's tensor alone");
            }
        }
    }

    @Test
    void aStagedSceneServesEveryOperationWithoutCopyingToTheDeviceAgain() {
        RenderedScene s = CudaViewOpsIT.render(4, 40, 30, 5, 7);
        int n = s.geometry().frames();
        int p = s.geometry().pixels();
        ReferenceViewOps reference = new ReferenceViewOps();
        try (FloatTensor probs = s.probs();
             FloatTensor refVe = FloatTensor.allocate(n, p); FloatTensor refVd = FloatTensor.allocate(n, p);
             FloatTensor ve = FloatTensor.allocate(n, p); FloatTensor vd = FloatTensor.allocate(n, p);
             DeviceScene scene = VIEWS.stage(s.geometry())) {
            scene.setProbabilities(probs);
            scene.setSuperpixels(s.superpixels());
            long staged = DEVICE.bytesToDevice();
            long[] refLanded = reference.viewStatistics(s.geometry(), probs, refVe, refVd, Visibility.DEFAULT);
            SuperpixelCoverage refCoverage = reference.superpixelCoverage(s.geometry(), s.superpixels(), Visibility.DEFAULT);
            for (int round = 0; round < 2; round++) {
                assertArrayEquals(refLanded, VIEWS.viewStatistics(scene, ve, vd, Visibility.DEFAULT));
                assertArrayEquals(refVe.toArray(), ve.toArray(), "VE");
                assertArrayEquals(refVd.toArray(), vd.toArray(), "VD");
                assertEquals(refCoverage, VIEWS.superpixelCoverage(scene, Visibility.DEFAULT));
            }
            assertEquals(staged, DEVICE.bytesToDevice(), "bytes copied to the device after the scene was staged");
        }
    }
}
