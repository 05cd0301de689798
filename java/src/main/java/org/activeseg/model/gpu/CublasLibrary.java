package org.activeseg.model.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.activeseg.device.cuda.ActivesegNative.rethrow;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hand-written Panama bindings of the cuBLAS functions the GPU layers use, in libcublas.so.13
 * (signatures of NVIDIA's cublas_api.h; enum values in {@link CublasConstants}). Located like
 * {@link CudnnLibrary} (-Dactiveseg.cublas.lib, $ACTIVESEG_CUBLAS_LIB, then libcublas.so.13 through
 * the loader, then the CUDA toolkit's lib64, where cuBLAS lives); the version comes from
 * cublasGetProperty, which needs no handle and no GPU, and must be 12 or later. Each downcall
 * handle is made once; nothing native runs in a static initialiser.
 *
 * <p>Every method checks the cublasStatus_t and throws {@link LibraryCallException} naming the
 * function, cublasGetStatusName / cublasGetStatusString and the location. Matrices are column-major
 * device arrays at raw addresses; alpha and beta are host floats (the default pointer mode).
 */
public final class CublasLibrary {
    public static final String LIBRARY = "cuBLAS";
    public static final String PROPERTY = "activeseg.cublas.lib";
    public static final String ENV = "ACTIVESEG_CUBLAS_LIB";
    public static final String SONAME = "libcublas.so.13";

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Map<String, CublasLibrary> LOADED = new ConcurrentHashMap<>();

    /** Every function bound, in binding order (a library missing one is unusable). */
    public static final List<String> FUNCTIONS = List.of("cublasGetProperty", "cublasGetStatusName",
            "cublasGetStatusString", "cublasCreate_v2", "cublasDestroy_v2", "cublasSetStream_v2", "cublasSetMathMode",
            "cublasGetVersion_v2", "cublasSgemm_v2");

    private final String location;
    private final int major;
    private final int minor;
    private final int patch;
    private final MethodHandle statusName;
    private final MethodHandle statusString;
    private final MethodHandle create;
    private final MethodHandle destroy;
    private final MethodHandle setStream;
    private final MethodHandle setMathMode;
    private final MethodHandle getVersion;
    private final MethodHandle sgemm;

    private CublasLibrary(String location, SymbolLookup lookup, int[] version) throws LibraryLoadException {
        this.location = location;
        this.major = version[0];
        this.minor = version[1];
        this.patch = version[2];
        statusName = bind(lookup, location, "cublasGetStatusName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        statusString = bind(lookup, location, "cublasGetStatusString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        create = bind(lookup, location, "cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        destroy = bind(lookup, location, "cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        setStream = bind(lookup, location, "cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        setMathMode = bind(lookup, location, "cublasSetMathMode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        getVersion = bind(lookup, location, "cublasGetVersion_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        // (handle, transa, transb, m, n, k, const float* alpha, A, lda, B, ldb, const float* beta, C, ldc)
        sgemm = bind(lookup, location, "cublasSgemm_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    }

    // ---------------------------------------------------------------------------------------------
    // locating and loading

    /** Locates and binds cuBLAS from -Dactiveseg.cublas.lib, $ACTIVESEG_CUBLAS_LIB, the loader, the toolkit. */
    public static LibraryProbe<CublasLibrary> probe() {
        return probe(VendorLibraryLocator.fromEnvironment(LIBRARY, PROPERTY, ENV, SONAME));
    }

    /** Tries {@code locator}'s candidates in order; the first that loads, fits and binds wins. Never throws. */
    public static LibraryProbe<CublasLibrary> probe(VendorLibraryLocator locator) {
        return LibraryProbe.firstThatLoads(LIBRARY, locator.locate(), LOADED, CublasLibrary::open,
                CublasLibrary::versionString);
    }

    private static CublasLibrary open(LibraryCandidate candidate) throws LibraryLoadException {
        SymbolLookup lookup = candidate.open();
        String location = candidate.target();
        MethodHandle property = bind(lookup, location, "cublasGetProperty",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        int[] version = new int[3];
        int[] types = {CublasConstants.MAJOR_VERSION, CublasConstants.MINOR_VERSION, CublasConstants.PATCH_LEVEL};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            for (int i = 0; i < 3; i++) {
                int status;
                try {
                    status = (int) property.invokeExact(types[i], out);
                } catch (Throwable t) {
                    throw new LibraryLoadException(location + ": cublasGetProperty(" + types[i] + ") failed: " + t);
                }
                if (status != CublasConstants.STATUS_SUCCESS) {
                    throw new LibraryLoadException(location + ": cublasGetProperty(" + types[i] + ") returned "
                            + CublasConstants.statusName(status) + " (" + status + ")");
                }
                version[i] = out.get(JAVA_INT, 0);
            }
        }
        if (version[0] < CublasConstants.MIN_MAJOR) {
            throw new LibraryLoadException(location + " is cuBLAS " + version[0] + "." + version[1] + "." + version[2]
                    + "; these bindings need cuBLAS " + CublasConstants.MIN_MAJOR + " or later");
        }
        return new CublasLibrary(location, lookup, version);
    }

    private static MethodHandle bind(SymbolLookup lookup, String location, String name, FunctionDescriptor fd)
            throws LibraryLoadException {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new LibraryLoadException(
                location + ": function " + name + " not found (not a cuBLAS 12+ libcublas.so?)"));
        return LINKER.downcallHandle(symbol, fd);
    }

    public String location() {
        return location;
    }

    /** CUBLAS_VERSION's encoding: major * 10000 + minor * 100 + patch, e.g. 130100. */
    public int version() {
        return major * 10000 + minor * 100 + patch;
    }

    public String versionString() {
        return major + "." + minor + "." + patch;
    }

    // ---------------------------------------------------------------------------------------------
    // errors

    void check(int status, String function) {
        if (status != CublasConstants.STATUS_SUCCESS) {
            String detail = text(statusString, status);
            throw new LibraryCallException(function, status, function + " failed: " + statusName(status) + " (" + status
                    + ")" + (detail.isEmpty() ? "" : ": " + detail) + " [" + LIBRARY + " " + versionString() + ", "
                    + location + "]");
        }
    }

    /** cublasGetStatusName(status), or the name from {@link CublasConstants} if that call fails. */
    public String statusName(int status) {
        String name = text(statusName, status);
        return name.isEmpty() ? CublasConstants.statusName(status) : name;
    }

    private static String text(MethodHandle function, int status) {
        try {
            MemorySegment s = (MemorySegment) function.invokeExact(status);
            return s.equals(MemorySegment.NULL) ? "" : s.reinterpret(4096).getString(0).strip();
        } catch (Throwable t) {
            return "";
        }
    }

    // ---------------------------------------------------------------------------------------------
    // handle

    /** cublasCreate_v2: a new handle on the current context (needs a GPU). */
    public MemorySegment createHandle() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int status;
            try {
                status = (int) create.invokeExact(out);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            check(status, "cublasCreate_v2");
            return out.get(ADDRESS, 0);
        }
    }

    /** cublasDestroy_v2. */
    public void destroyHandle(MemorySegment handle) {
        int status;
        try {
            status = (int) destroy.invokeExact(handle);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cublasDestroy_v2");
    }

    /** cublasSetStream_v2: the handle's work goes to {@code stream} (a raw cudaStream_t / CUstream). */
    public void setStream(MemorySegment handle, long stream) {
        int status;
        try {
            status = (int) setStream.invokeExact(handle, MemorySegment.ofAddress(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cublasSetStream_v2");
    }

    /** cublasSetMathMode (a cublasMath_t of {@link CublasConstants}). */
    public void setMathMode(MemorySegment handle, int mode) {
        int status;
        try {
            status = (int) setMathMode.invokeExact(handle, mode);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cublasSetMathMode");
    }

    /** cublasGetVersion_v2 through a handle (CUBLAS_VERSION encoding). */
    public int handleVersion(MemorySegment handle) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            int status;
            try {
                status = (int) getVersion.invokeExact(handle, out);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            check(status, "cublasGetVersion_v2");
            return out.get(JAVA_INT, 0);
        }
    }

    /**
     * C = alpha * op(A) op(B) + beta * C, column-major (cublasSgemm_v2); {@code call} carries the
     * operations, extents and leading dimensions (checked when it was made).
     */
    public void sgemm(MemorySegment handle, SgemmCall call, MemorySegment alpha, long a, long b, MemorySegment beta,
                      long c) {
        int status;
        try {
            status = (int) sgemm.invokeExact(handle, call.transA(), call.transB(), call.m(), call.n(), call.k(), alpha,
                    MemorySegment.ofAddress(a), call.lda(), MemorySegment.ofAddress(b), call.ldb(), beta,
                    MemorySegment.ofAddress(c), call.ldc());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cublasSgemm_v2");
    }

    @Override
    public String toString() {
        return "CublasLibrary[" + versionString() + ", " + location + "]";
    }
}
