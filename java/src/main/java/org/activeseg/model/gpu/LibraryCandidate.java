package org.activeseg.model.gpu;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.activeseg.device.cuda.DlopenDiagnosis;

/**
 * One place a vendor library may be opened from: a file path, or a soname that the dynamic loader
 * resolves through its own search path (LD_LIBRARY_PATH, ld.so.cache, the caller's RUNPATH).
 *
 * @param target a path ({@code /usr/local/cuda/lib64/libcublas.so.13}) or a soname ({@code libcudnn.so.9})
 * @param byPath true when {@code target} is a file path
 * @param origin how the candidate was found, for reasons and reports
 */
public record LibraryCandidate(String target, boolean byPath, String origin) {
    public LibraryCandidate {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * Opens the library for the JVM's lifetime (global arena: vendor libraries are never unloaded).
     *
     * @throws LibraryLoadException with the dynamic loader's text when the OS refuses it
     */
    SymbolLookup open() throws LibraryLoadException {
        if (byPath && !Files.isRegularFile(Path.of(target))) {
            throw new LibraryLoadException(target + ": no such file");
        }
        try {
            return byPath ? SymbolLookup.libraryLookup(Path.of(target), Arena.global())
                    : SymbolLookup.libraryLookup(target, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new LibraryLoadException(target + " did not load: " + DlopenDiagnosis.explain(target, e.getMessage()));
        }
    }

    @Override
    public String toString() {
        return target + " (" + origin + ")";
    }
}
