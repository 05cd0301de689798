package org.activeseg.backend;

/** Runs the core-set conformance cases on the pure-Java backend. */
class ReferenceDiversityOpsTest extends DiversityOpsConformance {
    private final ScoringBackend backend = new ReferenceScoringBackend();

    @Override
    protected ScoringBackend backend() {
        return backend;
    }
}
