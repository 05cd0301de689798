package org.activeseg.device.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jcuda.driver.JCudaDriver;
import org.activeseg.backend.cuda.CudaScoringBackend;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Panama bindings: the nvcc-built library (build/native, when nvcc was there to build it) loads,
 * reports its ABI version, and answers as_device_count as the machine allows: without a CUDA driver
 * with the CUDA error text instead of crashing, with a GPU with the count the driver API reports;
 * argument errors come back as AS_ERR_* statuses. ABI mismatches and missing symbols are checked
 * against tiny libraries compiled here with gcc. The tests of the built library skip visibly without
 * it, and the GPU's device count without a GPU; -Dactiveseg.test.requireCuda=true makes both fail.
 */
class ActivesegNativeTest {
    /** cudaErrorInsufficientDriver: what the CUDA runtime answers where libcuda.so.1 is missing. */
    private static final int CUDA_ERROR_INSUFFICIENT_DRIVER = 35;

    @RegisterExtension
    static final CudaRequirement<ActivesegNative> LIBRARY = CudaRequirement.nativeLibrary().whenAsked();

    @RegisterExtension
    static final CudaRequirement<CudaScoringBackend> CUDA = CudaRequirement.scoringBackend().whenAsked();

    @TempDir
    Path tmp;

    /** Whether the CUDA driver library loads here (the CUDA runtime looks for the same name). */
    private static boolean driverLoads() {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup("libcuda.so.1", arena);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void builtLibraryLoadsAndReportsAbiVersion() throws NativeLoadException {
        ActivesegNative lib = LIBRARY.get();
        assertEquals(ActivesegNative.ABI_VERSION, lib.abiVersion());
        assertEquals(ActivesegNative.ABI_VERSION, lib.abiVersion());
        assertSame(lib, ActivesegNative.load(lib.path()), "a library is loaded once per path");
    }

    @Test
    void deviceCountFailsWithCudaErrorTextWithoutADriver() {
        ActivesegNative lib = LIBRARY.get();
        assumeFalse(driverLoads(),
                "libcuda.so.1 loads here: the answer without a driver is checked on machines without one");
        CudaCallException e = assertThrows(CudaCallException.class, lib::deviceCount);
        System.out.println("as_device_count on this machine: " + e.getMessage());
        assertEquals(CUDA_ERROR_INSUFFICIENT_DRIVER, e.status(), e.getMessage());
        assertTrue(e.getMessage().startsWith("as_device_count: cudaErrorInsufficientDriver"), e.getMessage());
        assertTrue(lib.lastError().startsWith("as_device_count: cudaErrorInsufficientDriver"), lib.lastError());
    }

    @Test
    void deviceCountIsTheDriversCountOnAGpu() {
        ActivesegNative lib = LIBRARY.get();
        CUDA.get(); // a device answered: the driver is initialised
        int[] driverCount = new int[1];
        CudaContext.check(JCudaDriver.cuDeviceGetCount(driverCount), "cuDeviceGetCount");
        int count = lib.deviceCount();
        System.out.println("as_device_count on this machine: " + count);
        assertTrue(count >= 1, "as_device_count answered " + count + " although device 0 is open");
        assertEquals(driverCount[0], count, "as_device_count (runtime API) vs cuDeviceGetCount (driver API)");
    }

    @Test
    void badArgumentsComeBackAsStatusesWithText() {
        ActivesegNative lib = LIBRARY.get();
        CudaCallException e = assertThrows(CudaCallException.class,
                () -> lib.pixelEntropy(0, 0, -1, 3, 4, 1e-12f, true, 0));
        assertEquals(-1, e.status());
        assertTrue(e.getMessage().contains("as_pixel_entropy: bad shape N=-1 C=3 P=4"), e.getMessage());
        e = assertThrows(CudaCallException.class, () -> lib.pixelEntropy(0, 0, 2, 3, 4, 1e-12f, true, 0));
        assertTrue(e.getMessage().contains("null device pointer"), e.getMessage());
        e = assertThrows(CudaCallException.class, () -> lib.pixelEntropy(8, 8, 2, 3, 4, -1f, false, 0));
        assertTrue(e.getMessage().contains("bad eps"), e.getMessage());
        // an empty problem enqueues nothing, so it succeeds even without a device
        lib.pixelEntropy(0, 0, 0, 3, 4, 1e-12f, true, 0);
    }

    @Test
    void abiMismatchNamesBothVersionsAndThePath() throws Exception {
        int other = ActivesegNative.ABI_VERSION + 1;
        Path lib = compile("int as_abi_version(void) { return " + other + "; }\n", "libabi-other.so");
        NativeLoadException e = assertThrows(NativeLoadException.class, () -> ActivesegNative.load(lib));
        assertTrue(e.getMessage().contains("AS_ABI_VERSION " + other)
                && e.getMessage().contains("expects " + ActivesegNative.ABI_VERSION)
                && e.getMessage().contains(lib.toString()), e.getMessage());
    }

    @Test
    void missingSymbolIsNamed() throws Exception {
        Path lib = compile("int as_abi_version(void) { return " + ActivesegNative.ABI_VERSION + "; }\n",
                "libabi-current.so");
        NativeLoadException e = assertThrows(NativeLoadException.class, () -> ActivesegNative.load(lib));
        assertTrue(e.getMessage().contains("symbol as_device_count not found"), e.getMessage());
    }

    @Test
    void missingFileAndNonLibrary() throws IOException {
        Path missing = tmp.resolve("nothing.so");
        NativeLoadException e = assertThrows(NativeLoadException.class, () -> ActivesegNative.load(missing));
        assertTrue(e.getMessage().contains(missing + ": no such file"), e.getMessage());
        Path text = Files.writeString(tmp.resolve("text.so"), "#!/bin/sh\necho not a library\n".repeat(10));
        e = assertThrows(NativeLoadException.class, () -> ActivesegNative.load(text));
        assertTrue(e.getMessage().contains("invalid ELF header"), e.getMessage());
    }

    /** Builds a shared library from C source with gcc, or skips visibly when gcc is missing. */
    private Path compile(String source, String name) throws IOException, InterruptedException {
        Path c = Files.writeString(tmp.resolve(name + ".c"), source);
        Path so = tmp.resolve(name);
        Process gcc;
        try {
            gcc = new ProcessBuilder(List.of("gcc", "-shared", "-fPIC", "-o", so.toString(), c.toString()))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            System.err.println("SKIPPED: gcc not available to build a test library: " + e.getMessage());
            assumeTrue(false, "gcc not available: " + e.getMessage());
            throw e;
        }
        String output = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc failed: " + output);
        return so;
    }
}
