package org.activeseg.backend.cuda;

import org.activeseg.backend.EntropyBase;
import org.activeseg.backend.PixelEntropyConformance;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance cases through the JCuda launch path: cuLaunchKernel of the fatbin's pixel statistic
 * kernel, at the default tolerance (double accumulation, as the Panama path).
 */
class CudaJCudaLaunchIT extends PixelEntropyConformance {
    private static CudaScoringBackend cuda;

    @BeforeAll
    static void open() {
        cuda = CudaTestBackend.openOrSkip(CudaJCudaLaunchIT.class.getSimpleName());
    }

    @AfterAll
    static void close() {
        if (cuda != null) {
            cuda.close();
        }
    }

    @Override
    protected ScoringBackend backend() {
        return cuda;
    }

    @Override
    protected void pixelEntropy(FloatTensor probs, FloatTensor out, EntropyBase base) {
        cuda.pixelEntropyJCuda(probs, out, base);
    }
}
