package org.activeseg.backend;

/**
 * ViewAL's cross-view primitives (ALGORITHMS.md section 1): reprojection of a scene's per-frame
 * probabilities into each frame, view entropy and view divergence, superpixel coverage between views.
 */
public interface ViewOps {
}
