package org.activeseg.backend;

/** The pure-Java reference implementation of {@link DiversityOps}: the ground truth for every other backend. */
public final class ReferenceDiversityOps implements DiversityOps {
}
