package org.activeseg.backend.cuda;

import org.activeseg.backend.EntropyConvention;
import org.activeseg.backend.PixelEntropyConformance;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conformance cases through the JCuda launch path: cuLaunchKernel of the fatbin's pixel statistic
 * kernel, at the default tolerance (double accumulation, as the Panama path).
 */
class CudaJCudaLaunchIT extends PixelEntropyConformance {
    @RegisterExtension
    static final CudaRequirement<CudaScoringBackend> CUDA = CudaRequirement.scoringBackend();

    @Override
    protected ScoringBackend backend() {
        return CUDA.get();
    }

    @Override
    protected void pixelEntropy(FloatTensor probs, FloatTensor out, EntropyConvention convention) {
        CUDA.get().pixelEntropyJCuda(probs, out, convention);
    }
}
