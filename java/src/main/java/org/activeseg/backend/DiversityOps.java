package org.activeseg.backend;

/** Diversity primitives (ALGORITHMS.md section 2.1, CSET): k-center greedy distance updates. */
public interface DiversityOps {
}
