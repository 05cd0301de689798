package org.activeseg.backend;

/**
 * Window and region primitives (ALGORITHMS.md sections 3 and 5): box sums, RIPU region impurity x
 * uncertainty, greedy selection with suppression, U2PL's entropy-percentile split.
 */
public interface RegionOps {
}
