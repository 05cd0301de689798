package org.activeseg.backend.cuda;

import org.activeseg.backend.DiversityOpsConformance;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CudaDiversityOps against the core-set conformance cases. Needs a GPU: skips with the reasons
 * printed, or fails with -Dactiveseg.test.requireCuda=true.
 */
class CudaDiversityOpsIT extends DiversityOpsConformance {
    @RegisterExtension
    static final CudaRequirement<CudaScoringBackend> CUDA = CudaRequirement.scoringBackend();

    @Override
    protected ScoringBackend backend() {
        return CUDA.get();
    }
}
