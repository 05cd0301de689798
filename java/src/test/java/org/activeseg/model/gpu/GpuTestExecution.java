package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.activeseg.backend.BackendProbe;
import org.activeseg.backend.BackendSelector;
import org.activeseg.backend.cuda.CudaScoringBackend;

/**
 * Opens a {@link GpuExecution} for the *IT tests (CUDA backend for the context, stream and our
 * kernels; cuDNN; cuBLAS), or skips them with every reason printed; with
 * -Dactiveseg.test.requireCuda=true (the GPU machine) anything unavailable fails instead.
 */
final class GpuTestExecution implements AutoCloseable {
    static final String REQUIRE = "activeseg.test.requireCuda";

    final CudaScoringBackend backend;
    final GpuExecution exec;

    private GpuTestExecution(CudaScoringBackend backend, GpuExecution exec) {
        this.backend = backend;
        this.exec = exec;
    }

    static GpuTestExecution openOrSkip(String testClass) {
        List<String> reasons = new ArrayList<>();
        BackendProbe cuda = BackendSelector.fromEnvironment().probeCuda();
        if (!cuda.isAvailable()) {
            cuda.reasons().forEach(r -> reasons.add("CUDA backend: " + r));
        }
        LibraryProbe<CudnnLibrary> cudnn = CudnnLibrary.probe();
        if (!cudnn.isAvailable()) {
            reasons.addAll(cudnn.reasons());
        }
        LibraryProbe<CublasLibrary> cublas = CublasLibrary.probe();
        if (!cublas.isAvailable()) {
            reasons.addAll(cublas.reasons());
        }
        CudaScoringBackend backend = (CudaScoringBackend) cuda.backend().orElse(null);
        if (reasons.isEmpty()) {
            try {
                GpuExecution exec = GpuExecution.open(backend, cudnn.orElseThrow(), cublas.orElseThrow());
                System.out.println(testClass + ": " + backend.context().deviceName() + ", cuDNN "
                        + cudnn.orElseThrow().versionString() + " (" + cudnn.orElseThrow().location() + "), cuBLAS "
                        + cublas.orElseThrow().versionString() + " (" + cublas.orElseThrow().location() + ")");
                return new GpuTestExecution(backend, exec);
            } catch (RuntimeException e) {
                reasons.add("GPU execution could not be opened: " + e);
            }
        }
        if (backend != null) {
            backend.close();
        }
        String text = ":\n  - " + String.join("\n  - ", reasons);
        if (Boolean.getBoolean(REQUIRE)) {
            fail(testClass + " requires CUDA, cuDNN and cuBLAS (-D" + REQUIRE + "=true) but" + text);
        }
        System.err.println("SKIPPED " + testClass + ": GPU layers unavailable" + text);
        assumeTrue(false, "GPU layers unavailable" + text);
        throw new AssertionError("unreachable");
    }

    @Override
    public void close() {
        try {
            exec.close();
        } finally {
            backend.close();
        }
    }
}
