package org.activeseg.device.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Recovers the dynamic loader's own text for a library that Panama refused. JDK 25's
 * SymbolLookup.libraryLookup only says "Cannot open library"; dlopen + dlerror give the reason
 * ("invalid ELF header", "libfoo.so.1: cannot open shared object file", a missing dependency such
 * as libcublasLt.so.13, ...). Used for our own library and for the vendor libraries (cuDNN, cuBLAS).
 */
public final class DlopenDiagnosis {
    private static final int RTLD_NOW = 2;

    private DlopenDiagnosis() {}

    /** "<the JDK's message>: <dlerror text>", or the JDK's message alone when dlerror says nothing. */
    static String explain(Path path, String jdkMessage) {
        return explain(path.toString(), jdkMessage);
    }

    /** As {@link #explain(Path, String)} for a path or a bare soname, which dlopen resolves through the loader path. */
    public static String explain(String target, String jdkMessage) {
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
