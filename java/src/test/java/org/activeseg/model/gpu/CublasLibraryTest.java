package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cuBLAS bindings without a GPU: library-not-found reasons, the version from
 * cublasGetProperty (no handle needed) and its minimum, a missing function, and against a
 * gcc-built stand-in, failures that name the function, cublasGetStatusName's name, the code and
 * cublasGetStatusString's text.
 */
class CublasLibraryTest {

    @TempDir
    Path tmp;

    private static VendorLibraryLocator explicit(String value) {
        return new VendorLibraryLocator("cuBLAS", value, "$ACTIVESEG_CUBLAS_LIB", CublasLibrary.SONAME, List.of());
    }

    private Path stub(String name, int major, Set<String> omitted) throws IOException, InterruptedException {
        Map<String, String> bodies = new HashMap<>();
        bodies.put("cublasGetProperty", "int cublasGetProperty(int type, int* v) { *v = type == 0 ? " + major
                + " : type == 1 ? 1 : 7; return 0; }");
        bodies.put("cublasGetStatusName", "const char* cublasGetStatusName(int s) { return s == 1"
                + " ? \"CUBLAS_STATUS_NOT_INITIALIZED\" : s == 7 ? \"CUBLAS_STATUS_INVALID_VALUE\" : \"CUBLAS_STATUS_OTHER\"; }");
        bodies.put("cublasGetStatusString", "const char* cublasGetStatusString(int s) { return \"stub detail\"; }");
        bodies.put("cublasCreate_v2", "int cublasCreate_v2(void** h) { *h = 0; return 1; }");
        bodies.put("cublasSgemm_v2", "int cublasSgemm_v2(void) { return 7; }");
        return StubLibrary.build(tmp, name, CublasLibrary.FUNCTIONS, omitted, bodies);
    }

    @Test
    void missingExplicitNameGivesTheLoadersText() {
        LibraryProbe<CublasLibrary> probe = CublasLibrary.probe(explicit("libcublas_activeseg_absent.so.13"));
        assertFalse(probe.isAvailable());
        String reason = probe.reasons().getFirst();
        assertTrue(reason.contains("explicit name from $ACTIVESEG_CUBLAS_LIB")
                && reason.contains("cannot open shared object file"), reason);
    }

    @Test
    void thisMachinesCublasIsEitherBoundOrExplained() {
        LibraryProbe<CublasLibrary> probe = CublasLibrary.probe();
        System.out.println("cuBLAS on this machine: " + probe);
        if (probe.isAvailable()) {
            assertTrue(probe.orElseThrow().version() >= CublasConstants.MIN_MAJOR * 10000);
        } else {
            assertTrue(String.join("\n", probe.reasons()).contains(CublasLibrary.SONAME), probe.reasons().toString());
        }
    }

    @Test
    void cublas11IsRejected() throws Exception {
        Path lib = stub("libcublas-v11.so", 11, Set.of());
        LibraryProbe<CublasLibrary> probe = CublasLibrary.probe(explicit(lib.toString()));
        assertFalse(probe.isAvailable());
        assertTrue(probe.reasons().getFirst().contains("is cuBLAS 11.1.7; these bindings need cuBLAS 12 or later"),
                probe.reasons().toString());
    }

    @Test
    void aMissingFunctionIsNamed() throws Exception {
        Path lib = stub("libcublas-partial.so", 13, Set.of("cublasSgemm_v2"));
        LibraryProbe<CublasLibrary> probe = CublasLibrary.probe(explicit(lib.toString()));
        assertFalse(probe.isAvailable());
        assertTrue(probe.reasons().getFirst().contains("function cublasSgemm_v2 not found"), probe.reasons().toString());
    }

    @Test
    void stubBindsAndFailuresNameFunctionStatusAndText() throws Exception {
        Path path = stub("libcublas-stub.so", 13, Set.of());
        LibraryProbe<CublasLibrary> probe = CublasLibrary.probe(explicit(path.toString()));
        assertTrue(probe.isAvailable(), probe.reasons().toString());
        CublasLibrary lib = probe.orElseThrow();
        assertEquals(130107, lib.version());
        assertEquals("13.1.7", lib.versionString());

        LibraryCallException e = assertThrows(LibraryCallException.class, lib::createHandle);
        assertEquals("cublasCreate_v2", e.function());
        assertEquals(CublasConstants.STATUS_NOT_INITIALIZED, e.status());
        assertTrue(e.getMessage().startsWith("cublasCreate_v2 failed: CUBLAS_STATUS_NOT_INITIALIZED (1): stub detail")
                && e.getMessage().contains(path.toString()), e.getMessage());

        SgemmCall call = new SgemmCall(CublasConstants.OP_T, CublasConstants.OP_N, 4, 2, 3, 3, 3, 4);
        e = assertThrows(LibraryCallException.class,
                () -> lib.sgemm(MemorySegment.NULL, call, MemorySegment.NULL, 0, 0, MemorySegment.NULL, 0));
        assertTrue(e.getMessage().startsWith("cublasSgemm_v2 failed: CUBLAS_STATUS_INVALID_VALUE (7)"), e.getMessage());
        // the remaining bindings with their Java types (the stub succeeds)
        lib.setMathMode(MemorySegment.NULL, CublasConstants.DEFAULT_MATH);
        lib.setStream(MemorySegment.NULL, 0);
        assertEquals(0, lib.handleVersion(MemorySegment.NULL));
        lib.destroyHandle(MemorySegment.NULL);
    }
}
