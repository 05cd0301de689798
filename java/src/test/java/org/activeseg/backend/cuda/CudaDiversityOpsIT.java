package org.activeseg.backend.cuda;

import org.activeseg.backend.DiversityOpsConformance;
import org.activeseg.backend.ScoringBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * CudaDiversityOps against the core-set conformance cases. Needs a GPU: skips with the reasons
 * printed, or fails with -Dactiveseg.test.requireCuda=true.
 */
class CudaDiversityOpsIT extends DiversityOpsConformance {
    private static CudaScoringBackend cuda;

    @BeforeAll
    static void open() {
        cuda = CudaTestBackend.openOrSkip(CudaDiversityOpsIT.class.getSimpleName());
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
