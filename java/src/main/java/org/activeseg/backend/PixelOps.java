package org.activeseg.backend;

/**
 * Per-pixel uncertainty statistics and their reductions (ALGORITHMS.md sections 0.1, 2):
 * the softmax entropy family, least confidence, margin, and streaming MC-sample statistics
 * (mean entropy, vote entropy, BALD); reductions of pixel maps to frames, superpixels and windows;
 * top-k.
 */
public interface PixelOps {
}
