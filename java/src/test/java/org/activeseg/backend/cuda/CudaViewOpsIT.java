package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.backend.ReferenceViewOps;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.backend.ViewOps.SceneGeometry;
import org.activeseg.backend.ViewOps.SuperpixelCoverage;
import org.activeseg.backend.ViewOps.Visibility;
import org.activeseg.backend.ViewOps;
import org.activeseg.backend.ViewOpsConformance;
import org.activeseg.data.Frame;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticGenerator;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CudaViewOps against the conformance cases and against ReferenceViewOps on a rendered synthetic
 * room (SyntheticGenerator, 6 frames at 160x120, 7 classes of random probabilities): landed counts
 * equal, VE and VD within 1e-5, coverage maps equal, in both depth modes, with one target per batch
 * and with all targets in one. Needs a GPU: skips with the reasons printed, or fails with
 * -Dactiveseg.test.requireCuda=true.
 */
class CudaViewOpsIT extends ViewOpsConformance {
    @RegisterExtension
    static final CudaRequirement<CudaScoringBackend> CUDA = CudaRequirement.scoringBackend();

    @Override
    protected ScoringBackend backend() {
        return CUDA.get();
    }

    /** A rendered scene: geometry, grid superpixels (16x16 blocks) and random probabilities (N, C, P). */
    record RenderedScene(SceneGeometry geometry, List<int[]> superpixels, FloatTensor probs) {}

    static RenderedScene render(int frames, int width, int height, int classes, long seed) {
        List<Frame> scene = new SyntheticGenerator(SyntheticConfig.defaults().withScenes(1, frames).withSize(width, height))
                .renderScene(0);
        int p = width * height;
        List<int[]> spx = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            int[] ids = new int[p];
            for (int i = 0; i < p; i++) {
                ids[i] = 1000 * f + (i / width / 16) * 100 + (i % width) / 16;  // sparse ids: exercises renumbering
            }
            spx.add(ids);
        }
        FloatTensor probs = FloatTensor.allocate(frames, classes, p);
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[classes];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < p; i++) {
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    sum += v[k] = Math.exp(3 * r.nextDouble());
                }
                for (int k = 0; k < classes; k++) {
                    probs.segment().setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT,
                            ((long) f * classes + k) * p + i, (float) (v[k] / sum));
                }
            }
        }
        return new RenderedScene(new SceneGeometry(scene.stream().map(Frame::camera).toList(),
                scene.stream().map(Frame::depth).toList()), spx, probs);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void matchesTheReferenceOnARenderedRoom(boolean projectInvalidDepth) throws Exception {
        CudaScoringBackend cuda = CUDA.get();
        RenderedScene s = render(6, 160, 120, 7, 11);
        Visibility vis = new Visibility(1.0, projectInvalidDepth);
        int n = s.geometry().frames();
        int p = s.geometry().pixels();
        try (FloatTensor probs = s.probs();
             FloatTensor refVe = FloatTensor.allocate(n, p); FloatTensor refVd = FloatTensor.allocate(n, p);
             FloatTensor ve = FloatTensor.allocate(n, p); FloatTensor vd = FloatTensor.allocate(n, p);
             CudaViewOps oneTargetPerBatch = new CudaViewOps(ViewKernels.bind(cuda.nativeLibrary()), cuda.context(), 1)) {
            ReferenceViewOps reference = new ReferenceViewOps();
            long[] refLanded = reference.viewStatistics(s.geometry(), probs, refVe, refVd, vis);
            assertTrue(refLanded[0] > p / 2, "the frames overlap: " + refLanded[0]);
            SuperpixelCoverage refCoverage = reference.superpixelCoverage(s.geometry(), s.superpixels(), vis);
            for (ViewOps ops : List.of(cuda.views(), oneTargetPerBatch)) {
                long[] landed = ops.viewStatistics(s.geometry(), probs, ve, vd, vis);
                assertArrayEquals(refLanded, landed, "landed points per target");
                assertClose(refVe, ve, "VE");
                assertClose(refVd, vd, "VD");
                SuperpixelCoverage coverage = ops.superpixelCoverage(s.geometry(), s.superpixels(), vis);
                for (int t = 0; t < n; t++) {
                    assertEquals(refCoverage.targets().get(t), coverage.targets().get(t), "coverage of target " + t);
                }
            }
        }
    }

    @Test
    void repeatedCallsReuseTheBuffersAndKeepMemoryFlat() {
        CudaScoringBackend cuda = CUDA.get();
        RenderedScene s = render(3, 64, 48, 5, 3);
        int n = s.geometry().frames();
        int p = s.geometry().pixels();
        try (FloatTensor probs = s.probs(); FloatTensor ve = FloatTensor.allocate(n, p);
             FloatTensor vd = FloatTensor.allocate(n, p)) {
            cuda.views().viewStatistics(s.geometry(), probs, ve, vd, Visibility.DEFAULT);
            long free = cuda.context().memoryInfo()[0];
            for (int i = 0; i < 20; i++) {
                cuda.views().viewStatistics(s.geometry(), probs, ve, vd, Visibility.DEFAULT);
                cuda.views().superpixelCoverage(s.geometry(), s.superpixels(), Visibility.DEFAULT);
            }
            cuda.views().superpixelCoverage(s.geometry(), s.superpixels(), Visibility.DEFAULT);
            long after = cuda.context().memoryInfo()[0];
            cuda.views().viewStatistics(s.geometry(), probs, ve, vd, Visibility.DEFAULT);
            assertTrue(Math.abs(free - after) < (64L << 20), "device memory moved by " + (free - after) + " bytes");
        }
    }

    private static void assertClose(FloatTensor want, FloatTensor got, String what) {
        float[] a = want.toArray();
        float[] b = got.toArray();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst <= 1e-5, what + " differs by " + worst + " at flat index " + at);
    }
}
