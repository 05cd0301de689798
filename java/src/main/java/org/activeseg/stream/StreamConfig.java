package org.activeseg.stream;

import java.util.Map;
import org.activeseg.acquisition.AcquisitionMethods;

/**
 * How a {@link StreamScorer} scores: the method (a name `activeseg score --method` takes), compat mode,
 * method parameters as `--param NAME=VALUE` gives them, the most frames a scene keeps (the oldest is
 * evicted first), the seed for methods with randomness, and the most heap bytes a scene's scoring state
 * may hold (0: no limit; beyond it the oldest frames are evicted, though a scene always keeps its newest
 * frame).
 */
public record StreamConfig(String method, boolean compat, Map<String, String> parameters, int window, long seed,
                           long maxBytes) {
    /** The default window: ViewAL's scenes hold about 25-30 frames. */
    public static final int DEFAULT_WINDOW = 30;

    public StreamConfig {
        AcquisitionMethods.create(method);
        parameters = Map.copyOf(parameters);
        if (window < 1) {
            throw new IllegalArgumentException("window must hold at least 1 frame, got " + window);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("max bytes must be 0 (no limit) or positive, got " + maxBytes);
        }
    }

    public StreamConfig(String method, boolean compat, Map<String, String> parameters, int window, long seed) {
        this(method, compat, parameters, window, seed, 0);
    }

    public static StreamConfig of(String method) {
        return new StreamConfig(method, false, Map.of(), DEFAULT_WINDOW, 0);
    }

    public StreamConfig withWindow(int frames) {
        return new StreamConfig(method, compat, parameters, frames, seed, maxBytes);
    }

    public StreamConfig withParameters(boolean compatMode, Map<String, String> params) {
        return new StreamConfig(method, compatMode, params, window, seed, maxBytes);
    }

    /** The same configuration with a memory bound per scene (0: none). */
    public StreamConfig withMaxBytes(long bytes) {
        return new StreamConfig(method, compat, parameters, window, seed, bytes);
    }
}
