package org.activeseg.backend;

/** The pure-Java reference implementation of {@link ViewOps}: the ground truth for every other backend. */
public final class ReferenceViewOps implements ViewOps {
}
