package org.activeseg.backend;

/** Runs the RIPU region conformance cases on the pure-Java backend. */
class ReferenceRegionOpsTest extends RegionOpsConformance {
    private final ScoringBackend backend = new ReferenceScoringBackend();

    @Override
    protected ScoringBackend backend() {
        return backend;
    }
}
