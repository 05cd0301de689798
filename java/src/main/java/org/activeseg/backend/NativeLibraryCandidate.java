package org.activeseg.backend;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One place where libactiveseg_cuda.so (and its activeseg.fatbin) may be loaded from.
 *
 * @param library the shared library
 * @param fatbin  the kernel module for JCuda (next to the library unless given explicitly)
 * @param origin  how it was found, for reasons and {@code activeseg info}
 */
public record NativeLibraryCandidate(Path library, Path fatbin, String origin) {
    public NativeLibraryCandidate {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(fatbin, "fatbin");
        Objects.requireNonNull(origin, "origin");
    }
}
