package org.activeseg.device.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hand-written Panama bindings of cuda/include/activeseg.h (the one C ABI of libactiveseg_cuda.so).
 * Each downcall handle is made once, when the library is loaded by {@link #load}; nothing native
 * runs in a static initialiser. A loaded library is never unloaded (global arena): the static
 * CUDA runtime inside it must outlive every context that used it, so loads are cached per path.
 *
 * <p>Status codes: 0 ok, positive = cudaError_t, negative = AS_ERR_*; a failing call throws
 * {@link CudaCallException} with the library's {@code as_last_error()} text (thread-local, read on
 * the calling thread right after the failure).
 */
public final class ActivesegNative {
    /** The AS_ABI_VERSION these bindings were written for. */
    public static final int ABI_VERSION = 3;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Map<Path, ActivesegNative> LOADED = new ConcurrentHashMap<>();

    private final Path path;
    private final MethodHandle abiVersion;
    private final MethodHandle deviceCount;
    private final MethodHandle lastError;
    private final MethodHandle pixelEntropy;

    private final SymbolLookup lookup;

    private ActivesegNative(Path path, SymbolLookup lookup, MethodHandle abiVersion) throws NativeLoadException {
        this.path = path;
        this.lookup = lookup;
        this.abiVersion = abiVersion;
        this.deviceCount = bind(lookup, path, "as_device_count", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        this.lastError = bind(lookup, path, "as_last_error", FunctionDescriptor.of(ADDRESS));
        this.pixelEntropy = bind(lookup, path, "as_pixel_entropy", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_FLOAT, JAVA_INT, ADDRESS));
    }

    /**
     * Loads the library at {@code library} (or returns the copy already loaded from there) and
     * checks its ABI version.
     *
     * @throws NativeLoadException with the dynamic loader's error text, a missing symbol, or an
     *                             ABI mismatch naming both versions and the path
     */
    public static ActivesegNative load(Path library) throws NativeLoadException {
        Path path = library.toAbsolutePath().normalize();
        ActivesegNative loaded = LOADED.get(path);
        if (loaded != null) {
            return loaded;
        }
        synchronized (LOADED) {
            loaded = LOADED.get(path);
            if (loaded == null) {
                loaded = open(path);
                LOADED.put(path, loaded);
            }
            return loaded;
        }
    }

    private static ActivesegNative open(Path path) throws NativeLoadException {
        if (!Files.isRegularFile(path)) {
            throw new NativeLoadException(path + ": no such file");
        }
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(path, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new NativeLoadException(path + " did not load: " + DlopenDiagnosis.explain(path, e.getMessage()));
        }
        MethodHandle abi = bind(lookup, path, "as_abi_version", FunctionDescriptor.of(JAVA_INT));
        int version;
        try {
            version = (int) abi.invokeExact();
        } catch (Throwable t) {
            throw new NativeLoadException(path + ": as_abi_version() failed: " + t);
        }
        if (version != ABI_VERSION) {
            throw new NativeLoadException("ABI mismatch: " + path + " has AS_ABI_VERSION " + version
                    + " but this activeseg jar expects " + ABI_VERSION + "; rebuild the library from the same checkout");
        }
        return new ActivesegNative(path, lookup, abi);
    }

    private static MethodHandle bind(SymbolLookup lookup, Path path, String name, FunctionDescriptor fd)
            throws NativeLoadException {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new NativeLoadException(
                path + ": symbol " + name + " not found (a library built from another activeseg.h?)"));
        return LINKER.downcallHandle(symbol, fd);
    }

    public Path path() {
        return path;
    }

    /**
     * A downcall handle for another function of this library's C ABI, for the per-group bindings
     * classes (one per operation group, each creating its handles once, never in a static
     * initialiser). A missing symbol names the function and the library.
     */
    public MethodHandle downcall(String name, FunctionDescriptor descriptor) throws NativeLoadException {
        return bind(lookup, path, name, descriptor);
    }

    /** {@link #lastError()} with the status code: the text for exceptions naming the operation. */
    public String describeFailure(String operation, int status) {
        return operation + " failed with status " + status + ": " + lastError();
    }

    /** as_abi_version(). */
    public int abiVersion() {
        try {
            return (int) abiVersion.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** as_device_count(); throws with the CUDA error text when no driver or device answers. */
    public int deviceCount() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            int status = (int) deviceCount.invokeExact(out);
            check(status, "as_device_count");
            return out.get(JAVA_INT, 0);
        } catch (CudaCallException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** as_last_error(): the message of the last failed call on this thread ("" when none). */
    public String lastError() {
        try {
            MemorySegment text = (MemorySegment) lastError.invokeExact();
            return text.equals(MemorySegment.NULL) ? "" : text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * as_pixel_entropy on device buffers: probs (N, C, P) and out (N, P) at raw device addresses.
     * Enqueues the kernel on {@code stream} (a raw CUstream/cudaStream_t, 0 = default stream) and
     * returns without synchronising.
     */
    public void pixelEntropy(long probs, long out, long n, int c, long p, float eps, boolean log2, long stream) {
        int status;
        try {
            status = (int) pixelEntropy.invokeExact(MemorySegment.ofAddress(probs), MemorySegment.ofAddress(out),
                    n, c, p, eps, log2 ? 1 : 0, MemorySegment.ofAddress(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "as_pixel_entropy");
    }

    private void check(int status, String op) {
        if (status != 0) {
            String text = lastError();
            throw new CudaCallException((text.isEmpty() ? op + ": status " + status : text) + " [" + path + "]", status);
        }
    }

    /** A native address as the MemorySegment a downcall takes. */
    public static MemorySegment address(long address) {
        return MemorySegment.ofAddress(address);
    }

    /**
     * Throws a {@link CudaCallException} for a non-zero status of the C ABI function {@code op},
     * with its as_last_error text and this library's path.
     */
    public void checkStatus(int status, String op) {
        if (status != 0) {
            throw new CudaCallException(describeFailure(op, status) + " [" + path + "]", status);
        }
    }

    /** Rethrows what a downcall's invokeExact threw: unchecked as they are, anything else wrapped. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("downcall failed", t);
    }

    @Override
    public String toString() {
        return "ActivesegNative[" + path + "]";
    }
}
