package org.activeseg.backend.cuda;

import org.activeseg.backend.RegionOpsConformance;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CudaRegionOps against the RIPU region conformance cases. Needs a GPU: skips with the reasons
 * printed, or fails with -Dactiveseg.test.requireCuda=true.
 */
class CudaRegionOpsIT extends RegionOpsConformance {
    @RegisterExtension
    static final CudaRequirement<CudaScoringBackend> CUDA = CudaRequirement.scoringBackend();

    @Override
    protected ScoringBackend backend() {
        return CUDA.get();
    }
}
