package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cuDNN bindings without a GPU: a library that is not there gives an unavailable probe whose
 * reasons carry every strategy and the loader's own text; a too-old version or a missing function
 * is named; and against a gcc-built stand-in exporting every bound function, the downcalls work,
 * the descriptor arguments are checked in Java before any native call, and a failing status
 * becomes a LibraryCallException naming the function, cudnnGetErrorString's name, the code and
 * cudnnGetLastErrorString's detail.
 */
class CudnnLibraryTest {

    @TempDir
    Path tmp;

    private static VendorLibraryLocator explicit(String value) {
        return new VendorLibraryLocator("cuDNN", value, "-Dactiveseg.cudnn.lib", CudnnLibrary.SONAME, List.of());
    }

    /** A stub cuDNN of {@code version} whose cudnnCreate fails as without a GPU, and cudnnSetFilter4dDescriptor with BAD_PARAM. */
    private Path stub(String name, long version, Set<String> omitted) throws IOException, InterruptedException {
        Map<String, String> bodies = new HashMap<>();
        bodies.put("cudnnGetVersion", "size_t cudnnGetVersion(void) { return " + version + "; }");
        bodies.put("cudnnGetCudartVersion", "size_t cudnnGetCudartVersion(void) { return 13000; }");
        bodies.put("cudnnGetErrorString", "const char* cudnnGetErrorString(int s) { return s == 1001"
                + " ? \"CUDNN_STATUS_NOT_INITIALIZED\" : s == 2000 ? \"CUDNN_STATUS_BAD_PARAM\" : \"CUDNN_STATUS_OTHER\"; }");
        bodies.put(CudnnLibrary.LAST_ERROR_FUNCTION, "void cudnnGetLastErrorString(char* m, size_t n) {"
                + " strncpy(m, \"stub: no GPU here\", n); }");
        bodies.put("cudnnCreate", "int cudnnCreate(void** h) { *h = 0; return 1001; }");
        bodies.put("cudnnSetFilter4dDescriptor", "int cudnnSetFilter4dDescriptor(void) { return 2000; }");
        return StubLibrary.build(tmp, name, CudnnLibrary.FUNCTIONS, omitted, bodies);
    }

    @Test
    void missingExplicitPathIsTheOnlyCandidateAndIsNamed() {
        Path missing = tmp.resolve("no-such-libcudnn.so.9");
        LibraryProbe<CudnnLibrary> probe = CudnnLibrary.probe(explicit(missing.toString()));
        assertFalse(probe.isAvailable());
        assertEquals(1, probe.reasons().size(), probe.reasons().toString());
        String reason = probe.reasons().getFirst();
        assertTrue(reason.contains(missing + ": no such file") && reason.contains("-Dactiveseg.cudnn.lib"), reason);
        LibraryUnavailableException e = assertThrows(LibraryUnavailableException.class, probe::orElseThrow);
        assertTrue(e.getMessage().startsWith("cuDNN is unavailable:") && e.getMessage().contains(reason), e.getMessage());
        assertEquals(probe.reasons(), e.reasons());
    }

    @Test
    void aFileThatIsNoLibraryGivesTheLoadersText() throws IOException {
        Path text = Files.writeString(tmp.resolve("libcudnn.so.9"), "not a library\n".repeat(20));
        LibraryProbe<CudnnLibrary> probe = CudnnLibrary.probe(explicit(text.toString()));
        assertFalse(probe.isAvailable());
        assertTrue(probe.reasons().getFirst().contains("invalid ELF header"), probe.reasons().toString());
    }

    @Test
    void sonameNotOnTheLoaderPathListsEveryStrategy() {
        Path toolkit = tmp.resolve("cuda/lib64");
        VendorLibraryLocator locator = new VendorLibraryLocator("cuDNN", null, null, "libcudnn_activeseg_absent.so.9",
                List.of(toolkit));
        LibraryProbe<CudnnLibrary> probe = CudnnLibrary.probe(locator);
        assertFalse(probe.isAvailable());
        String all = String.join("\n", probe.reasons());
        assertTrue(all.contains("the dynamic loader's search path") && all.contains("cannot open shared object file"),
                all);
        assertTrue(all.contains("none of the CUDA toolkit folders [" + toolkit + "]"), all);
    }

    @Test
    void thisMachinesCudnnIsEitherBoundOrExplained() {
        LibraryProbe<CudnnLibrary> probe = CudnnLibrary.probe();
        System.out.println("cuDNN on this machine: " + probe);
        if (probe.isAvailable()) {
            CudnnLibrary lib = probe.orElseThrow();
            assertTrue(lib.version() >= CudnnConstants.MIN_VERSION && lib.version() < CudnnConstants.END_VERSION);
        } else {
            assertTrue(String.join("\n", probe.reasons()).contains(CudnnLibrary.SONAME), probe.reasons().toString());
        }
    }

    @Test
    void cudnn8IsRejectedWithItsVersion() throws Exception {
        Path lib = stub("libcudnn-v8.so", 8907, Set.of());
        LibraryProbe<CudnnLibrary> probe = CudnnLibrary.probe(explicit(lib.toString()));
        assertFalse(probe.isAvailable());
        String reason = probe.reasons().getFirst();
        assertTrue(reason.contains("cudnnGetVersion 8907") && reason.contains("need cuDNN 9"), reason);
    }

    @Test
    void aMissingFunctionIsNamed() throws Exception {
        Path lib = stub("libcudnn-partial.so", 91400, Set.of("cudnnConvolutionBackwardFilter"));
        LibraryProbe<CudnnLibrary> probe = CudnnLibrary.probe(explicit(lib.toString()));
        assertFalse(probe.isAvailable());
        assertTrue(probe.reasons().getFirst().contains("function cudnnConvolutionBackwardFilter not found"),
                probe.reasons().toString());
    }

    @Test
    void stubBindsAndFailuresNameFunctionStatusAndDetail() throws Exception {
        Path path = stub("libcudnn-stub.so", 91400, Set.of());
        LibraryProbe<CudnnLibrary> probe = CudnnLibrary.probe(explicit(path.toString()));
        assertTrue(probe.isAvailable(), probe.reasons().toString());
        CudnnLibrary lib = probe.orElseThrow();
        assertSame(lib, CudnnLibrary.probe(explicit(path.toString())).orElseThrow(), "bound once per location");
        assertEquals(91400, lib.version());
        assertEquals("9.14.0", lib.versionString());
        assertEquals(13000, lib.cudartVersion());
        assertTrue(probe.reasons().getFirst().contains("cuDNN 9.14.0 loaded from " + path), probe.reasons().toString());

        LibraryCallException e = assertThrows(LibraryCallException.class, lib::createHandle);
        assertEquals("cudnnCreate", e.function());
        assertEquals(CudnnConstants.STATUS_NOT_INITIALIZED, e.status());
        assertTrue(e.getMessage().startsWith("cudnnCreate failed: CUDNN_STATUS_NOT_INITIALIZED (1001): stub: no GPU here")
                && e.getMessage().contains(path.toString()), e.getMessage());

        try (CudnnDescriptor filter = lib.descriptor(CudnnDescriptor.Kind.FILTER);
             CudnnDescriptor tensor = lib.descriptor(CudnnDescriptor.Kind.TENSOR)) {
            e = assertThrows(LibraryCallException.class, () -> lib.setFilter4d(filter, 8, 3, 3, 3));
            assertTrue(e.getMessage().startsWith("cudnnSetFilter4dDescriptor failed: CUDNN_STATUS_BAD_PARAM (2000)"),
                    e.getMessage());
            lib.setTensor4d(tensor, 2, 3, 5, 7);
            // Java checks run before the (stub) native call would accept anything
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> lib.setTensor4d(tensor, 2, 0, 5, 7));
            assertTrue(bad.getMessage().contains("[2, 0, 5, 7]"), bad.getMessage());
            bad = assertThrows(IllegalArgumentException.class, () -> lib.setTensor4d(filter, 2, 3, 5, 7));
            assertTrue(bad.getMessage().contains("FILTER descriptor was passed where a TENSOR"), bad.getMessage());
            bad = assertThrows(IllegalArgumentException.class, () -> lib.setFilter4d(filter, 1 << 16, 1 << 15, 1, 1));
            assertTrue(bad.getMessage().contains("fewer than 2^31"), bad.getMessage());
        }
        try (CudnnDescriptor conv = lib.descriptor(CudnnDescriptor.Kind.CONVOLUTION);
             CudnnDescriptor act = lib.descriptor(CudnnDescriptor.Kind.ACTIVATION)) {
            lib.setConvolution2d(conv, 1, 2, 1, 4, CudnnConstants.FMA_MATH);
            assertThrows(IllegalArgumentException.class, () -> lib.setConvolution2d(conv, -1, 1, 1, 1, 0));
            assertThrows(IllegalArgumentException.class, () -> lib.setConvolution2d(conv, 0, 1, 0, 1, 0));
            lib.setActivation(act, CudnnConstants.ACTIVATION_CLIPPED_RELU, 6.0);
            assertThrows(IllegalArgumentException.class,
                    () -> lib.setActivation(act, CudnnConstants.ACTIVATION_CLIPPED_RELU, 0.0));
            assertThrows(IllegalArgumentException.class,
                    () -> lib.setActivation(act, CudnnConstants.ACTIVATION_CLIPPED_RELU, Double.NaN));
        }
        CudnnDescriptor closed = lib.descriptor(CudnnDescriptor.Kind.TENSOR);
        closed.close();
        closed.close();
        assertThrows(IllegalStateException.class, () -> lib.setTensor4d(closed, 1, 1, 1, 1));
    }

    /**
     * Calls every binding once against a stub whose functions all succeed: a FunctionDescriptor
     * that disagrees with the Java call site's types would throw WrongMethodTypeException here,
     * long before a GPU run.
     */
    @Test
    void everyBindingIsCallableWithItsJavaTypes() throws Exception {
        Map<String, String> bodies = new HashMap<>();
        bodies.put("cudnnGetVersion", "size_t cudnnGetVersion(void) { return 91400; }");
        bodies.put("cudnnGetConvolutionForwardAlgorithm_v7", "int cudnnGetConvolutionForwardAlgorithm_v7(void* h,"
                + " void* x, void* w, void* c, void* y, int req, int* ret, int* perf) { *ret = 2; perf[0] = 6;"
                + " perf[1] = 0; perf[12] = 1; perf[13] = 0; *(size_t*)(perf + 16) = 4096; perf[18] = 1;"
                + " perf[19] = 3; return 0; }");
        bodies.put("cudnnGetConvolutionForwardWorkspaceSize", "int cudnnGetConvolutionForwardWorkspaceSize(void* h,"
                + " void* x, void* w, void* c, void* y, int algo, size_t* s) { *s = 4096; return 0; }");
        bodies.put("cudnnGetConvolution2dForwardOutputDim", "int cudnnGetConvolution2dForwardOutputDim(void* c,"
                + " void* x, void* w, int* n, int* k, int* h, int* ww) { *n = 2; *k = 8; *h = 5; *ww = 7; return 0; }");
        Path path = StubLibrary.build(tmp, "libcudnn-ok.so", CudnnLibrary.FUNCTIONS, Set.of(), bodies);
        CudnnLibrary lib = CudnnLibrary.probe(explicit(path.toString())).orElseThrow();
        MemorySegment h = lib.createHandle();
        lib.setStream(h, 0);
        try (Arena arena = Arena.ofConfined();
             CudnnDescriptor x = lib.descriptor(CudnnDescriptor.Kind.TENSOR);
             CudnnDescriptor y = lib.descriptor(CudnnDescriptor.Kind.TENSOR);
             CudnnDescriptor w = lib.descriptor(CudnnDescriptor.Kind.FILTER);
             CudnnDescriptor conv = lib.descriptor(CudnnDescriptor.Kind.CONVOLUTION);
             CudnnDescriptor act = lib.descriptor(CudnnDescriptor.Kind.ACTIVATION);
             CudnnDescriptor op = lib.descriptor(CudnnDescriptor.Kind.OP_TENSOR)) {
            MemorySegment one = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1f);
            lib.setOpTensor(op, CudnnConstants.OP_TENSOR_MUL);
            assertArrayEquals(new int[] {2, 8, 5, 7}, lib.convolution2dOutputDim(conv, x, w));
            List<AlgorithmPerf> ranking = lib.algorithms(CudnnLibrary.ConvolutionPass.FORWARD, h, x, w, conv, y);
            assertEquals(List.of(new AlgorithmPerf(6, 0, 0f, 0, 0, 0), new AlgorithmPerf(1, 0, 0f, 4096, 1, 3)),
                    ranking, "the perf structs are read at their C offsets");
            for (CudnnLibrary.ConvolutionPass pass : CudnnLibrary.ConvolutionPass.values()) {
                lib.algorithms(pass, h, x, w, conv, y);
                int[] status = {-1};
                lib.workspaceSize(pass, h, x, w, conv, y, 1, status);
                assertEquals(0, status[0]);
            }
            int[] status = {-1};
            assertEquals(4096, lib.workspaceSize(CudnnLibrary.ConvolutionPass.FORWARD, h, x, w, conv, y, 1, status));
            lib.convolutionForward(h, one, x, 16, w, 16, conv, 1, 16, 4096, one, y, 16);
            lib.convolutionBackwardData(h, one, w, 16, y, 16, conv, 1, 16, 4096, one, x, 16);
            lib.convolutionBackwardFilter(h, one, x, 16, y, 16, conv, 1, 16, 4096, one, w, 16);
            lib.convolutionBackwardBias(h, one, y, 16, one, x, 16);
            lib.addTensor(h, one, x, 16, one, y, 16);
            lib.opTensor(h, op, one, x, 16, one, y, 16, one, x, 16);
            lib.activationForward(h, act, one, x, 16, one, y, 16);
            lib.batchNormTraining(h, one, one, x, 16, y, 16, x, 16, 16, 0.1, 16, 16, 1e-5, 16, 16);
            lib.batchNormInference(h, one, one, x, 16, y, 16, x, 16, 16, 16, 16, 1e-5);
            lib.batchNormBackward(h, one, one, one, one, x, 16, y, 16, x, 16, x, 16, 16, 16, 1e-5, 16, 16);
        }
        lib.destroyHandle(h);
    }

    @Test
    void errorStringFallsBackToTheStatusTable() throws Exception {
        Map<String, String> bodies = new HashMap<>();
        bodies.put("cudnnGetVersion", "size_t cudnnGetVersion(void) { return 90100; }");
        bodies.put("cudnnGetErrorString", "const char* cudnnGetErrorString(int s) { return 0; }");
        Path path = StubLibrary.build(tmp, "libcudnn-quiet.so", CudnnLibrary.FUNCTIONS,
                Set.of(CudnnLibrary.LAST_ERROR_FUNCTION), bodies);
        CudnnLibrary lib = CudnnLibrary.probe(explicit(path.toString())).orElseThrow();
        assertEquals("CUDNN_STATUS_EXECUTION_FAILED", lib.errorString(5000));
        assertEquals("cudnnStatus_t 77", lib.errorString(77));
        assertEquals("", lib.lastErrorString(), "cudnnGetLastErrorString is optional");
    }
}
