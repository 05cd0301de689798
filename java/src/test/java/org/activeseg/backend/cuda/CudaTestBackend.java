package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.activeseg.backend.BackendProbe;
import org.activeseg.backend.BackendSelector;

/**
 * Opens the CUDA backend for *IT tests, or skips them with the reasons printed; with
 * -Dactiveseg.test.requireCuda=true (the GPU machine) an unavailable backend fails instead.
 */
final class CudaTestBackend {
    static final String REQUIRE = "activeseg.test.requireCuda";

    private CudaTestBackend() {}

    static CudaScoringBackend openOrSkip(String testClass) {
        BackendProbe probe = BackendSelector.fromEnvironment().probeCuda();
        if (probe.isAvailable()) {
            return (CudaScoringBackend) probe.backend().orElseThrow();
        }
        String reasons = ":\n  - " + String.join("\n  - ", probe.reasons());
        if (Boolean.getBoolean(REQUIRE)) {
            fail(testClass + " requires CUDA (-D" + REQUIRE + "=true) but the CUDA backend is unavailable" + reasons);
        }
        System.err.println("SKIPPED " + testClass + ": CUDA backend unavailable" + reasons);
        assumeTrue(false, "CUDA backend unavailable" + reasons);
        throw new AssertionError("unreachable");
    }
}
