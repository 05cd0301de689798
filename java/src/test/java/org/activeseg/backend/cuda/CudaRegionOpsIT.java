package org.activeseg.backend.cuda;

import org.activeseg.backend.RegionOpsConformance;
import org.activeseg.backend.ScoringBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * CudaRegionOps against the RIPU region conformance cases. Needs a GPU: skips with the reasons
 * printed, or fails with -Dactiveseg.test.requireCuda=true.
 */
class CudaRegionOpsIT extends RegionOpsConformance {
    private static CudaScoringBackend cuda;

    @BeforeAll
    static void open() {
        cuda = CudaTestBackend.openOrSkip(CudaRegionOpsIT.class.getSimpleName());
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
}
