package org.activeseg.model.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The dynamic loader's own text for a library that Panama refused: JDK 25's
 * {@code SymbolLookup.libraryLookup} only says "Cannot open library", while dlopen + dlerror say
 * why ("libcudnn.so.9: cannot open shared object file: No such file or directory", "invalid ELF
 * header", a missing dependency such as libcublasLt.so.13, ...). The same recovery as
 * org.activeseg.backend.cuda.DynamicLoaderError, which is package-private there; it also takes a
 * bare soname, which dlopen resolves through the loader path.
 */
final class LoaderDiagnostics {
    private static final int RTLD_NOW = 2;

    private LoaderDiagnostics() {}

    /** "<the JDK's message>: <dlerror text>" for {@code target} (a path or a soname). */
    static String explain(String target, String jdkMessage) {
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            MethodHandle dlopen = linker.downcallHandle(libc.find("dlopen").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
            MethodHandle dlerror = linker.downcallHandle(libc.find("dlerror").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS));
            MethodHandle dlclose = linker.downcallHandle(libc.find("dlclose").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment handle = (MemorySegment) dlopen.invokeExact(arena.allocateFrom(target), RTLD_NOW);
                if (!handle.equals(MemorySegment.NULL)) {
                    int ignored = (int) dlclose.invokeExact(handle);
                    return jdkMessage + " (dlopen succeeded on a second attempt)";
                }
                MemorySegment text = (MemorySegment) dlerror.invokeExact();
                return text.equals(MemorySegment.NULL) ? jdkMessage
                        : jdkMessage + ": " + text.reinterpret(Long.MAX_VALUE).getString(0);
            }
        } catch (Throwable t) {
            return jdkMessage + " (dlerror unavailable: " + t + ")";
        }
    }
}
