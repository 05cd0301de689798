package org.activeseg.loop.state;

import java.nio.file.Path;

/**
 * The checkpoint a track saved after training in {@code round}: its file (absolute), SHA-256
 * (lower-case hex), size in bytes, and the training time that produced it.
 */
public record CheckpointRow(int round, Path path, String sha256, long bytes, double trainingSeconds) {}
