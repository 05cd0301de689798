package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.device.cuda.NativeLoadException;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * The PixelOps C launchers reached through {@link PixelKernels} on a machine without a GPU: every
 * symbol binds, bad arguments come back as AS_ERR_INVALID_ARGUMENT (-1) with text naming the
 * function and the bad value before any CUDA call, and empty problems succeed without a device.
 * Skips visibly when no nvcc-built library is present, or fails with -Dactiveseg.test.requireCuda=true.
 */
class PixelKernelsTest {
    @RegisterExtension
    static final CudaRequirement<ActivesegNative> NATIVE = CudaRequirement.nativeLibrary();

    private static PixelKernels kernels;

    @BeforeAll
    static void bind() throws NativeLoadException {
        kernels = PixelKernels.bind(NATIVE.get());
    }

    private static void refused(String text, Executable call) {
        CudaCallException e = assertThrows(CudaCallException.class, call);
        assertEquals(-1, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(text), "expected '" + text + "' in: " + e.getMessage());
    }

    @Test
    void statisticArgumentsAreChecked() {
        refused("as_pixel_statistic: bad shape C=0 P=4", () -> kernels.statistic(8, 0, 8, 0, 4, false, 0, 0f, false, 1f, 0));
        refused("bad shape C=3 P=-1", () -> kernels.statistic(8, 0, 8, 3, -1, false, 0, 0f, false, 1f, 0));
        refused("unknown dtype 7", () -> kernels.statistic(8, 7, 8, 3, 4, false, 0, 0f, false, 1f, 0));
        refused("unknown statistic 5", () -> kernels.statistic(8, 0, 8, 3, 4, false, 5, 0f, false, 1f, 0));
        refused("bad eps", () -> kernels.statistic(8, 0, 8, 3, 4, false, 0, -1f, false, 1f, 0));
        refused("bad scale", () -> kernels.statistic(8, 0, 8, 3, 4, false, 0, 0f, false, 0f, 0));
        refused("null device pointer", () -> kernels.statistic(0, 0, 8, 3, 4, false, 0, 0f, false, 1f, 0));
        kernels.statistic(0, 0, 0, 3, 0, false, 0, 0f, false, 1f, 0); // P = 0: nothing to do
    }

    @Test
    void mcArgumentsAreChecked() {
        refused("as_mc_add: bad track bits 0x0", () -> kernels.mcAdd(8, 0, 3, 4, false, 0, 8, 8, 8, 0));
        refused("bad track bits 0x8", () -> kernels.mcAdd(8, 0, 3, 4, false, 8, 8, 8, 8, 0));
        refused("null device pointer", () -> kernels.mcAdd(8, 0, 3, 4, false, PixelKernels.MC_VOTES, 8, 0, 8, 0));
        kernels.mcAdd(0, 0, 3, 0, false, PixelKernels.MC_MEAN, 0, 0, 0, 0); // P = 0: nothing to do
    }

    @Test
    void finalisationAndReductionArgumentsAreChecked() {
        refused("as_mc_bald: needs at least one sample, got 0", () -> kernels.mcBald(8, 8, 8, 3, 4, 0, 0));
        refused("as_mc_vote_entropy: null device pointer", () -> kernels.mcVoteEntropy(0, 8, 3, 4, 1, 0));
        refused("as_mc_mean_probabilities: bad shape", () -> kernels.mcMeanProbabilities(8, 8, 0, 4, 1, 0));
        refused("as_reduce: needs n >= 1, got 0", () -> kernels.reduce(8, 0, 0, 8, 0));
        refused("unknown reduction 3", () -> kernels.reduce(8, 4, 3, 8, 0));
        refused("as_segment_sums: bad extents n=4 bins=0", () -> kernels.segmentSums(8, 8, 4, 0, 8, 8, 0));
        refused("as_box_sums: window must be odd and positive, got 4", () -> kernels.boxSums(8, 5, 5, 4, 8, 8, 0, 0));
        refused("as_box_sums: bad extents -1x5", () -> kernels.boxSums(8, -1, 5, 3, 8, 8, 0, 0));
        refused("as_top_k_order: n must be in [0, 2^31)", () -> kernels.topKOrder(8, -1, 8, 8, 0, 0));
        refused("as_top_k_workspace_bytes: n must be in", () -> kernels.topKWorkspaceBytes(1L << 32));
        // empty problems enqueue nothing
        kernels.boxSums(0, 0, 7, 3, 0, 0, 0, 0);
        kernels.segmentSums(0, 0, 0, 0, 0, 0, 0);
        kernels.topKOrder(0, 0, 0, 0, 0, 0);
    }

    @Test
    void launchGeometryIsTheOneTheLaunchersUse() {
        // shared/notes/GPU-PROFILE.md: as_pixel_entropy ran one 320x240 frame as (300, 1, 1) x 256 threads
        PixelLaunchGeometry g = kernels.launchGeometry();
        assertEquals(256, g.block(), "threads per block of the per-pixel launchers");
        assertEquals(300, g.blocks(320 * 240), "the grid the C launcher used for one 320x240 frame on the H200");
    }
}
