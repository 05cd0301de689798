package org.activeseg.stream.service;

import java.util.concurrent.ConcurrentHashMap;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.stream.StreamConfig;
import org.activeseg.stream.StreamNetwork;
import org.activeseg.stream.StreamScorer;

/** The server's streaming scorers, one per scoring configuration (method, mode, parameters, seed), opened on first use. */
final class ScorerRegistry implements AutoCloseable {
    private final ScoringBackend backend;
    private final StreamNetwork network;
    private final ConcurrentHashMap<StreamConfig, StreamScorer> scorers = new ConcurrentHashMap<>();

    /** {@code network}: run on frames sent without probabilities, or null. */
    ScorerRegistry(ScoringBackend backend, StreamNetwork network) {
        this.backend = backend;
        this.network = network;
    }

    StreamScorer scorer(StreamConfig config) {
        return scorers.computeIfAbsent(config, c -> new StreamScorer(c, backend, network));
    }

    StreamScorer existing(StreamConfig config) {
        StreamScorer s = scorers.get(config);
        if (s == null) {
            throw new IllegalArgumentException("no frames were streamed for method " + config.method()
                    + (config.compat() ? " (compat)" : "") + " with parameters " + config.parameters());
        }
        return s;
    }

    /** Closes every scene idle for longer than {@code idle}, in every scorer; returns how many. */
    int closeIdle(java.time.Duration idle) {
        return scorers.values().stream().mapToInt(s -> s.closeIdle(idle).size()).sum();
    }

    @Override
    public void close() {
        scorers.values().forEach(StreamScorer::close);
        scorers.clear();
    }
}
