package org.activeseg.bench;

import java.util.concurrent.TimeUnit;
import jcuda.driver.JCudaDriver;
import jcuda.runtime.JCuda;
import org.activeseg.backend.BackendProbe;
import org.activeseg.backend.BackendSelector;
import org.activeseg.backend.NativeLibraryCandidate;
import org.activeseg.backend.NativeLibraryLocator;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.NativeLoadException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fixed cost of crossing from Java into native code, with calls that do (almost) nothing:
 * <ul>
 *   <li>{@code panamaAbiVersion}: one Panama downcall, as_abi_version() of libactiveseg_cuda.so
 *       (needs the library, not a GPU);</li>
 *   <li>{@code jcudaRuntimeGetVersion}: one JNI call through JCuda's runtime binding (runs without a
 *       driver);</li>
 *   <li>{@code jcudaDriverGetVersion}: one JNI call into the driver, cuDriverGetVersion (needs the
 *       CUDA backend to open, i.e. a GPU);</li>
 *   <li>{@code javaCall}: a Java method that is not inlined, for scale.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NativeCallOverheadBenchmark {

    /** libactiveseg_cuda.so loaded through Panama from the first loadable candidate. */
    @State(Scope.Benchmark)
    public static class Panama {
        ActivesegNative lib;

        @Setup
        public void load() {
            StringBuilder why = new StringBuilder();
            for (NativeLibraryCandidate c : NativeLibraryLocator.fromEnvironment().locate().candidates()) {
                try {
                    lib = ActivesegNative.load(c.library());
                    return;
                } catch (NativeLoadException e) {
                    why.append("; ").append(e.getMessage());
                }
            }
            throw new IllegalStateException("libactiveseg_cuda.so unavailable (build it with cmake, or set -D"
                    + NativeLibraryLocator.LIB_PROPERTY + ")" + why);
        }
    }

    /** JCuda's driver binding, usable once the CUDA backend has opened a context. */
    @State(Scope.Benchmark)
    public static class Driver {
        ScoringBackend cuda;
        final int[] version = new int[1];

        @Setup
        public void open() {
            BackendProbe probe = BackendSelector.fromEnvironment().probeCuda();
            if (!probe.isAvailable()) {
                throw new IllegalStateException("jcudaDriverGetVersion skipped: CUDA backend unavailable: "
                        + String.join("; ", probe.reasons()));
            }
            cuda = probe.backend().orElseThrow();
        }

        @TearDown
        public void close() {
            cuda.close();
        }
    }

    @State(Scope.Thread)
    public static class Scratch {
        final int[] version = new int[1];
        int value = 7;
    }

    @Benchmark
    public int panamaAbiVersion(Panama p) {
        return p.lib.abiVersion();
    }

    @Benchmark
    public int jcudaRuntimeGetVersion(Scratch s) {
        JCuda.cudaRuntimeGetVersion(s.version);
        return s.version[0];
    }

    @Benchmark
    public int jcudaDriverGetVersion(Driver d) {
        JCudaDriver.cuDriverGetVersion(d.version);
        return d.version[0];
    }

    @Benchmark
    public int javaCall(Scratch s) {
        return notInlined(s);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static int notInlined(Scratch s) {
        return s.value;
    }
}
