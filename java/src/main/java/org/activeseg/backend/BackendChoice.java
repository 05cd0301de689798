package org.activeseg.backend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backend {@link BackendSelector} chose, with the request it answered, every reason behind the
 * choice and the facts it learnt on the way; {@link #describe()} is what {@code activeseg info}
 * prints. Closing the choice closes the backend.
 */
public final class BackendChoice implements AutoCloseable {
    private final String requested;
    private final String requestSource;
    private final ScoringBackend backend;
    private final List<String> reasons;
    private final Map<String, String> facts;

    BackendChoice(String requested, String requestSource, ScoringBackend backend, List<String> reasons,
                  Map<String, String> facts) {
        this.requested = requested;
        this.requestSource = requestSource;
        this.backend = backend;
        this.reasons = List.copyOf(reasons);
        this.facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    public ScoringBackend backend() {
        return backend;
    }

    /** "auto", "java" or "cuda". */
    public String requested() {
        return requested;
    }

    public List<String> reasons() {
        return reasons;
    }

    public Map<String, String> facts() {
        return facts;
    }

    /** Multi-line report: the choice, each reason, then the facts (library, ABI, devices, JCuda). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("backend: ").append(backend.name()).append(" (requested ").append(requested)
                .append(" via ").append(requestSource).append(")\n");
        sb.append("reasons:\n");
        for (String r : reasons) {
            sb.append("  - ").append(r).append('\n');
        }
        for (Map.Entry<String, String> f : facts.entrySet()) {
            sb.append(f.getKey()).append(": ").append(f.getValue()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return "BackendChoice[" + backend.name() + ", requested " + requested + "]";
    }
}
