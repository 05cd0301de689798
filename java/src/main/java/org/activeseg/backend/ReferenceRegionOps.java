package org.activeseg.backend;

/** The pure-Java reference implementation of {@link RegionOps}: the ground truth for every other backend. */
public final class ReferenceRegionOps implements RegionOps {
}
