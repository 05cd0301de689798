package org.activeseg.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.activeseg.backend.BackendProbe;
import org.activeseg.backend.BackendSelector;
import org.activeseg.backend.LocatedLibraries;
import org.activeseg.backend.NativeLibraryLocator;
import org.activeseg.backend.cuda.CudaScoringBackend;
import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.model.gpu.CublasLibrary;
import org.activeseg.model.gpu.CudnnLibrary;
import org.activeseg.model.gpu.GpuExecution;
import org.activeseg.model.gpu.LibraryProbe;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * The one place that decides what a test does when the CUDA piece it needs is missing: it skips,
 * printing "SKIPPED &lt;class&gt;: needs &lt;piece&gt;" with every reason once per class, or, with
 * {@code -Dactiveseg.test.requireCuda=true} (the GPU machine: benchmarks/device/run-gpu-checks.sh),
 * it fails with the same reasons. Tests register it as a static field and ask it for the piece:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final CudaRequirement<CudaScoringBackend> CUDA = CudaRequirement.scoringBackend();
 * ... CUDA.get() ...
 * }</pre>
 *
 * The piece is opened once per test class, before its {@code @BeforeAll} methods, and closed after
 * the class: without it the whole class skips (or fails). {@link #whenAsked()} instead opens it when
 * a test first asks, for classes where only some tests need it; the others then run on any machine.
 */
public final class CudaRequirement<T> implements BeforeAllCallback, AfterAllCallback {
    /** The system property that turns every skip for a missing CUDA piece into a failure. */
    public static final String REQUIRE_PROPERTY = "activeseg.test.requireCuda";

    /** Opens the piece, or says why it cannot; may throw when the piece is there but broken. */
    @FunctionalInterface
    private interface Opener<T> {
        Opened<T> open() throws Exception;
    }

    /** The piece and what releases it, or (piece null) the reasons it is unavailable. */
    private record Opened<T>(T piece, AutoCloseable release, List<String> reasons) {
        static <T> Opened<T> of(T piece, AutoCloseable release) {
            return new Opened<>(piece, release, List.of());
        }

        static <T> Opened<T> unavailable(List<String> reasons) {
            return new Opened<>(null, () -> {}, List.copyOf(reasons));
        }
    }

    private final String what;
    private final Opener<T> opener;
    private final boolean eager;
    private Class<?> owner;
    private Opened<T> opened;
    private Exception broken;

    private CudaRequirement(String what, Opener<T> opener, boolean eager) {
        this.what = what;
        this.opener = opener;
        this.eager = eager;
    }

    private CudaRequirement(String what, Opener<T> opener) {
        this(what, opener, true);
    }

    /** The same requirement, met (or skipped, or failed) only by the tests that call {@link #get()}. */
    public CudaRequirement<T> whenAsked() {
        return new CudaRequirement<>(what, opener, false);
    }

    /** The CUDA scoring backend (native library, driver, device 0, kernel module), closed after the class. */
    public static CudaRequirement<CudaScoringBackend> scoringBackend() {
        return new CudaRequirement<>("the CUDA backend", () -> {
            BackendProbe probe = BackendSelector.fromEnvironment().probeCuda();
            if (!probe.isAvailable()) {
                return Opened.unavailable(probe.reasons());
            }
            CudaScoringBackend backend = (CudaScoringBackend) probe.backend().orElseThrow();
            return Opened.of(backend, backend);
        });
    }

    /**
     * The nvcc-built libactiveseg_cuda.so of this checkout (build/native), loaded and ABI-checked;
     * needs no driver or device. A library that is found but does not load fails the test.
     */
    public static CudaRequirement<ActivesegNative> nativeLibrary() {
        return new CudaRequirement<>("the nvcc-built native library", () -> {
            LocatedLibraries located = new NativeLibraryLocator(null, null, null, null, null, Path.of("")).locate();
            if (located.candidates().isEmpty()) {
                return Opened.unavailable(located.reasons());
            }
            return Opened.of(ActivesegNative.load(located.candidates().getFirst().library()), () -> {});
        });
    }

    /**
     * The nvcc-built activeseg.fatbin of this checkout (build/native) or of the environment's
     * library location; needs no driver or device.
     */
    public static CudaRequirement<Path> fatbin() {
        return new CudaRequirement<>("the nvcc-built kernel fatbin", () -> {
            LocatedLibraries located = NativeLibraryLocator.fromEnvironment().locate();
            if (located.candidates().isEmpty()) {
                return Opened.unavailable(located.reasons());
            }
            Path fatbin = located.candidates().getFirst().fatbin();
            if (!Files.isRegularFile(fatbin)) {
                return Opened.unavailable(List.of("no fatbin at " + fatbin + " beside " + located.candidates().getFirst().library()));
            }
            return Opened.of(fatbin, () -> {});
        });
    }

    /**
     * A {@link GpuExecution} for the GPU layers (the CUDA backend's context, stream and kernels;
     * cuDNN; cuBLAS), closed after the class together with the backend it runs on.
     */
    public static CudaRequirement<GpuExecution> gpuExecution() {
        return new CudaRequirement<>("CUDA, cuDNN and cuBLAS", () -> {
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
                    System.out.println("GPU layers on " + backend.context().deviceName() + ", cuDNN "
                            + cudnn.orElseThrow().versionString() + " (" + cudnn.orElseThrow().location() + "), cuBLAS "
                            + cublas.orElseThrow().versionString() + " (" + cublas.orElseThrow().location() + ")");
                    return Opened.of(exec, () -> {
                        try {
                            exec.close();
                        } finally {
                            backend.close();
                        }
                    });
                } catch (RuntimeException e) {
                    reasons.add("GPU execution could not be opened: " + e);
                }
            }
            if (backend != null) {
                backend.close();
            }
            return Opened.unavailable(reasons);
        });
    }

    /**
     * The piece, opened on the first call of the class; when it is unavailable the caller (the
     * class, or a test) is skipped (aborted, with the reasons), or fails under
     * -Dactiveseg.test.requireCuda=true.
     */
    public synchronized T get() {
        if (opened == null && broken == null) {
            try {
                opened = opener.open();
            } catch (Exception e) {
                broken = e;
            }
            if (opened != null && opened.piece() == null && !required()) {
                System.err.println("SKIPPED " + ownerName() + ": needs " + what + ", unavailable here:\n  - "
                        + String.join("\n  - ", opened.reasons()));
            }
        }
        if (broken != null) {
            throw new AssertionError(ownerName() + ": " + what + " is here but could not be opened: " + broken, broken);
        }
        if (opened.piece() == null) {
            if (required()) {
                fail(ownerName() + " requires " + what + " (-D" + REQUIRE_PROPERTY
                        + "=true) but it is unavailable:\n  - " + String.join("\n  - ", opened.reasons()));
            }
            // one line: test reports keep only the first line of a skip's reason
            throw new TestAbortedException("needs " + what + ", unavailable here: "
                    + String.join("; ", opened.reasons()));
        }
        return opened.piece();
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (owner != null) {
            return; // a nested class starting: its enclosing class holds the piece
        }
        owner = context.getRequiredTestClass();
        if (eager) {
            get();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws Exception {
        if (context.getRequiredTestClass() != owner) {
            return; // a nested class finishing: the piece stays open for its enclosing class
        }
        owner = null;
        Opened<T> done = opened;
        opened = null;
        broken = null;
        if (done != null) {
            done.release().close();
        }
    }

    private static boolean required() {
        return Boolean.getBoolean(REQUIRE_PROPERTY);
    }

    private String ownerName() {
        return owner != null ? owner.getSimpleName() : "a test";
    }
}
