package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.activeseg.backend.EntropyConvention;
import org.activeseg.backend.PixelEntropyConformance;
import org.activeseg.backend.PixelEntropyShape;
import org.activeseg.backend.PixelStatistic;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.device.cuda.CudaContext;
import org.activeseg.device.cuda.DeviceBuffer;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CUDA backend (Panama launcher) against the conformance cases, plus: Panama and JCuda launches
 * agree with the reference within 1e-6 relative at awkward sizes and with each other exactly, and
 * pixel entropy is bit for bit the pixel statistic (the same kernel);
 * 10^4 allocate/free cycles leave device memory where it was; bad input gives errors that name the
 * operation while the backend keeps working. Needs a GPU: skips with the reasons printed, or fails
 * with -Dactiveseg.test.requireCuda=true.
 */
class CudaScoringBackendIT extends PixelEntropyConformance {
    @RegisterExtension
    static final CudaRequirement<CudaScoringBackend> CUDA = CudaRequirement.scoringBackend();

    private static final ReferenceScoringBackend REFERENCE = new ReferenceScoringBackend();

    @BeforeAll
    static void describe() {
        CudaScoringBackend cuda = CUDA.get();
        System.out.println("CUDA backend on " + cuda.context().deviceName() + " (" + cuda.context().computeCapability()
                + "), library " + cuda.nativeLibrary().path());
    }

    @Override
    protected ScoringBackend backend() {
        return CUDA.get();
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1", "2, 3, 13", "3, 19, 4098", "1, 40, 76800", "2, 19, 131073", "5, 7, 1"})
    void panamaAndJCudaMatchTheReference(int frames, int classes, int pixels) {
        CudaScoringBackend cuda = CUDA.get();
        float[] values = randomProbabilities(frames, classes, pixels, 7L * frames + 131L * classes + pixels);
        try (FloatTensor probs = FloatTensor.of(values, frames, classes, pixels);
             FloatTensor ref = FloatTensor.allocate(frames, pixels);
             FloatTensor viaPanama = FloatTensor.allocate(frames, pixels);
             FloatTensor viaJCuda = FloatTensor.allocate(frames, pixels)) {
            for (EntropyConvention convention : EntropyConvention.values()) {
                REFERENCE.pixelEntropy(probs, ref, convention);
                cuda.pixelEntropy(probs, viaPanama, convention);
                cuda.pixelEntropyJCuda(probs, viaJCuda, convention);
                for (long i = 0; i < ref.size(); i++) {
                    double expected = ref.get(i);
                    double tol = 1e-6 * Math.abs(expected) + 1e-6;
                    if (!(Math.abs(viaPanama.get(i) - expected) <= tol)) {
                        throw new AssertionError(convention + " Panama element " + i + ": " + viaPanama.get(i)
                                + " vs " + expected);
                    }
                }
                // the same kernel with the same launch configuration: bit-identical
                assertArrayEquals(viaPanama.toArray(), viaJCuda.toArray(), convention + " JCuda vs Panama");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 3, 13", "3, 19, 4098", "2, 40, 76800"})
    void pixelEntropyIsThePixelStatisticKernel(int frames, int classes, int pixels) {
        float[] values = randomProbabilities(frames, classes, pixels, 17L * frames + classes + pixels);
        try (FloatTensor probs = FloatTensor.of(values, frames, classes, pixels);
             FloatTensor out = FloatTensor.allocate(frames, pixels)) {
            CudaScoringBackend cuda = CUDA.get();
            for (EntropyConvention convention : EntropyConvention.values()) {
                for (CudaScoringBackend.Launcher route : CudaScoringBackend.Launcher.values()) {
                    cuda.pixelEntropy(probs, out, convention, route);
                    float[] all = out.toArray();
                    for (int f = 0; f < frames; f++) {
                        float[] map = Arrays.copyOfRange(values, f * classes * pixels, (f + 1) * classes * pixels);
                        float[] statistic = new float[pixels];
                        try (FloatTensor one = FloatTensor.of(map, classes, pixels)) {
                            cuda.pixels().statistic(one, false, PixelStatistic.entropy(convention), statistic);
                        }
                        assertArrayEquals(statistic, Arrays.copyOfRange(all, f * pixels, (f + 1) * pixels),
                                convention + " " + route + " frame " + f);
                    }
                }
            }
        }
    }

    @Test
    void tenThousandAllocationsDoNotLeak() {
        CudaContext ctx = CUDA.get().context();
        try (DeviceBuffer warm = ctx.allocate(1 << 16)) {
            warm.copyFrom(new float[16]);
        }
        long before = ctx.memoryInfo()[0];
        for (int i = 0; i < 10_000; i++) {
            try (DeviceBuffer b = ctx.allocate(64 * 1024)) {
                if (b.address() == 0) {
                    throw new AssertionError("null device address at allocation " + i);
                }
            }
        }
        long after = ctx.memoryInfo()[0];
        // a leak would hold 10^4 x 64 KiB = 625 MiB
        assertTrue(before - after < 16L << 20, "free device memory fell from " + before + " to " + after);
    }

    @Test
    void deviceResidentCallsCheckBufferSizes() {
        CudaScoringBackend cuda = CUDA.get();
        CudaContext ctx = cuda.context();
        try (DeviceBuffer probs = ctx.allocate(4L * 3 * 10); DeviceBuffer out = ctx.allocate(4L * 10)) {
            PixelEntropyShape tooBig = new PixelEntropyShape(2, 3, 10);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cuda.pixelEntropy(probs, out, tooBig, EntropyConvention.LOG2_VIEWAL,
                            CudaScoringBackend.Launcher.PANAMA));
            assertTrue(e.getMessage().contains("240") && e.getMessage().contains("120"), e.getMessage());
            float[] host = new float[3];
            assertThrows(IllegalArgumentException.class, () -> out.copyFrom(new float[11]));
            assertThrows(IllegalArgumentException.class, () -> out.copyTo(new float[11]));
            out.copyTo(host);
        }
    }

    @Test
    void nativeArgumentErrorsNameTheOperationAndTheBackendKeepsWorking() {
        CudaScoringBackend cuda = CUDA.get();
        CudaCallException e = assertThrows(CudaCallException.class,
                () -> cuda.nativeLibrary().pixelEntropy(0, 0, 2, 3, 4, 1e-12f, true, cuda.context().streamAddress()));
        assertTrue(e.getMessage().contains("as_pixel_entropy") && e.getMessage().contains("null device pointer"), e.getMessage());
        try (FloatTensor probs = FloatTensor.of(new float[] {0.5f, 0.25f, 0.25f}, 1, 3, 1);
             FloatTensor out = FloatTensor.allocate(1, 1)) {
            cuda.pixelEntropy(probs, out, EntropyConvention.LOG2_VIEWAL);
            assertEquals(1.5, out.get(0), 1e-6);
        }
    }

    @Test
    void heapSegmentsAreRefusedForCopies() {
        try (DeviceBuffer b = CUDA.get().context().allocate(16)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.copyFrom(java.lang.foreign.MemorySegment.ofArray(new float[4]), 16));
            assertTrue(e.getMessage().contains("off-heap"), e.getMessage());
        }
    }
}
