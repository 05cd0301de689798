package org.activeseg.loop.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code checkpoint} table: a round's TRAINED mark with the model file it saved. A path inside
 * the run directory is stored relative to it, so the directory can move, and read back absolute.
 */
final class CheckpointTable {
    private CheckpointTable() {}

    /** Inserts a checkpoint row; {@code storedPath} as {@link #storedPath} makes it. */
    static void insert(Connection c, long trackId, int round, String storedPath, String sha256, long bytes,
                       double trainingSeconds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO checkpoint (track_id, round, path, sha256, bytes, training_seconds, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setLong(1, trackId);
            ps.setInt(2, round);
            ps.setString(3, storedPath);
            ps.setString(4, sha256);
            ps.setLong(5, bytes);
            ps.setDouble(6, trainingSeconds);
            ps.setString(7, Instant.now().toString());
            ps.executeUpdate();
        }
    }

    /** The path as stored: relative to {@code runDir} when inside it, else absolute. */
    static String storedPath(Path runDir, Path checkpoint) {
        Path abs = checkpoint.toAbsolutePath().normalize();
        return (abs.startsWith(runDir) ? runDir.relativize(abs) : abs).toString();
    }

    /** The checkpoint saved in {@code round}, if that round is TRAINED. */
    static Optional<CheckpointRow> of(Connection c, long trackId, int round, Path runDir) throws SQLException {
        return select(c, trackId, "AND round = ?", round, runDir);
    }

    /** The checkpoint of the track's latest TRAINED round. */
    static Optional<CheckpointRow> latest(Connection c, long trackId, Path runDir) throws SQLException {
        return select(c, trackId, "", -1, runDir);
    }

    private static Optional<CheckpointRow> select(Connection c, long trackId, String filter, int round, Path runDir)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT round, path, sha256, bytes, training_seconds "
                + "FROM checkpoint WHERE track_id = ? " + filter + " ORDER BY round DESC LIMIT 1")) {
            ps.setLong(1, trackId);
            if (!filter.isEmpty()) {
                ps.setInt(2, round);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CheckpointRow(rs.getInt(1), runDir.resolve(rs.getString(2)).normalize(),
                        rs.getString(3), rs.getLong(4), rs.getDouble(5)));
            }
        }
    }
}
