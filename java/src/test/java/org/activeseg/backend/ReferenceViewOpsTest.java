package org.activeseg.backend;

/** Runs the ViewAL view-statistics conformance cases against the pure-Java reference backend. */
class ReferenceViewOpsTest extends ViewOpsConformance {
    private static final ScoringBackend BACKEND = new ReferenceScoringBackend();

    @Override
    protected ScoringBackend backend() {
        return BACKEND;
    }
}
