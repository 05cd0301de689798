package org.activeseg.backend;

import java.util.List;

/**
 * Thrown when the user asked for a backend explicitly (e.g. {@code --backend cuda}) and it cannot
 * run here. The message lists every reason in the order they arose; there is no silent fallback.
 */
public final class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> reasons;

    public BackendUnavailableException(String backend, List<String> reasons) {
        super("backend '" + backend + "' is unavailable:\n  - " + String.join("\n  - ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
