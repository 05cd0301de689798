package org.activeseg.model.gpu;

import java.util.List;

/**
 * Thrown when GPU layers were asked for and cuDNN or cuBLAS cannot be used here. The message lists
 * every reason in the order they arose (each strategy tried, the loader's text, a version that
 * does not fit); there is no silent fallback to the CPU layers.
 */
public final class LibraryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> reasons;

    public LibraryUnavailableException(String library, List<String> reasons) {
        super(library + " is unavailable:\n  - " + String.join("\n  - ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
