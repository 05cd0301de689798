package org.activeseg.model.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Optional;

/**
 * The outcome of looking for a vendor library: the bound library when one candidate loaded,
 * passed its version check and had every function, and in every case the reasons (what was
 * tried, what failed and why). An unavailable probe is an ordinary value carrying its reasons
 * (as {@link org.activeseg.backend.BackendProbe}); {@link #orElseThrow()} turns it into an error
 * for callers that asked for the GPU explicitly.
 *
 * @param <T> the bindings class, {@link CudnnLibrary} or {@link CublasLibrary}
 */
public final class LibraryProbe<T> {
    private final String library;
    private final T bound;
    private final List<String> reasons;

    private LibraryProbe(String library, T bound, List<String> reasons) {
        this.library = library;
        this.bound = bound;
        this.reasons = List.copyOf(reasons);
    }

    /** Opens, checks and binds one vendor library from a candidate. */
    @FunctionalInterface
    interface Opener<T> {
        T open(LibraryCandidate candidate) throws LibraryLoadException;
    }

    /**
     * Tries {@code located}'s candidates in order; the first that opens, fits and binds wins, with
     * every candidate's outcome in the reasons. A library bound once is reused from {@code loaded}
     * (keyed by the candidate's target), as a library cannot be unloaded. Never throws.
     */
    static <T> LibraryProbe<T> firstThatLoads(String library, VendorLibraryLocator.Located located, Map<String, T> loaded,
                                              Opener<T> opener, Function<T, String> version) {
        List<String> reasons = new ArrayList<>();
        for (LibraryCandidate candidate : located.candidates()) {
            try {
                T lib = load(candidate, loaded, opener);
                reasons.add(library + " " + version.apply(lib) + " loaded from " + candidate);
                return available(library, lib, reasons);
            } catch (LibraryLoadException e) {
                reasons.add(library + " from " + candidate.origin() + " unusable: " + e.getMessage());
            }
        }
        reasons.addAll(located.reasons());
        return unavailable(library, reasons);
    }

    private static <T> T load(LibraryCandidate candidate, Map<String, T> loaded, Opener<T> opener)
            throws LibraryLoadException {
        T lib = loaded.get(candidate.target());
        if (lib != null) {
            return lib;
        }
        synchronized (loaded) {
            lib = loaded.get(candidate.target());
            if (lib == null) {
                lib = opener.open(candidate);
                loaded.put(candidate.target(), lib);
            }
            return lib;
        }
    }

    static <T> LibraryProbe<T> available(String library, T bound, List<String> reasons) {
        if (bound == null) {
            throw new IllegalArgumentException("an available probe needs the bound library");
        }
        return new LibraryProbe<>(library, bound, reasons);
    }

    static <T> LibraryProbe<T> unavailable(String library, List<String> reasons) {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("an unavailable probe needs at least one reason");
        }
        return new LibraryProbe<>(library, null, reasons);
    }

    /** "cuDNN" or "cuBLAS". */
    public String library() {
        return library;
    }

    public boolean isAvailable() {
        return bound != null;
    }

    public Optional<T> bound() {
        return Optional.ofNullable(bound);
    }

    public List<String> reasons() {
        return reasons;
    }

    /** The bound library, or {@link LibraryUnavailableException} listing every reason. */
    public T orElseThrow() {
        if (bound == null) {
            throw new LibraryUnavailableException(library, reasons);
        }
        return bound;
    }

    @Override
    public String toString() {
        return "LibraryProbe[" + library + (bound != null ? ", available" : ", unavailable") + ": "
                + String.join("; ", reasons) + "]";
    }
}
