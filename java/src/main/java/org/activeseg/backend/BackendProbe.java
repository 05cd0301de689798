package org.activeseg.backend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of trying to open an optional backend: the backend when it answered, and in every
 * case the reasons (what was tried, what failed and why) plus facts for {@code activeseg info}
 * (library path and how it was found, ABI version, device count and name, JCuda version).
 * An unavailable probe is an ordinary value that carries its reasons, not an exception.
 */
public final class BackendProbe {
    private final ScoringBackend backend;
    private final List<String> reasons;
    private final Map<String, String> facts;

    private BackendProbe(ScoringBackend backend, List<String> reasons, Map<String, String> facts) {
        this.backend = backend;
        this.reasons = List.copyOf(reasons);
        this.facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    public static BackendProbe available(ScoringBackend backend, List<String> reasons, Map<String, String> facts) {
        if (backend == null) {
            throw new IllegalArgumentException("an available probe needs a backend");
        }
        return new BackendProbe(backend, reasons, facts);
    }

    public static BackendProbe unavailable(List<String> reasons, Map<String, String> facts) {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("an unavailable probe needs at least one reason");
        }
        return new BackendProbe(null, reasons, facts);
    }

    public boolean isAvailable() {
        return backend != null;
    }

    public Optional<ScoringBackend> backend() {
        return Optional.ofNullable(backend);
    }

    public List<String> reasons() {
        return reasons;
    }

    /** Ordered facts, e.g. "native library" -> path; empty values are never stored. */
    public Map<String, String> facts() {
        return facts;
    }
}
