package org.activeseg.acquisition;

import java.io.IOException;

/**
 * Receives per-pixel maps a method computes (entropy, view_entropy, view_divergence, impurity,
 * uncertainty, score), e.g. to write {@code <frame>.<map>.npy} for `score --maps DIR`.
 */
@FunctionalInterface
public interface MapSink {
    MapSink NONE = (frame, map, values, width, height) -> { };

    /** A float32 (H, W) map; {@code values} is row-major and is not retained. */
    void put(String frameId, String mapName, float[] values, int width, int height) throws IOException;
}
