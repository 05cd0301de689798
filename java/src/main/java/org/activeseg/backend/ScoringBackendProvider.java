package org.activeseg.backend;

/**
 * Opens an optional backend from located native libraries. Implementations live in packages the
 * base code never links to (they need JCuda and Panama) and are instantiated by class name through
 * their public no-argument constructor, so a machine without them still runs (Lucene's
 * VectorizationProvider pattern).
 */
public interface ScoringBackendProvider {

    /**
     * Tries the candidates in order. Never throws for a machine that cannot run the backend:
     * returns {@link BackendProbe#unavailable} with the reasons (missing driver, no device, a
     * library the OS refused with its error text, an ABI mismatch), so the caller decides.
     */
    BackendProbe open(LocatedLibraries located);
}
