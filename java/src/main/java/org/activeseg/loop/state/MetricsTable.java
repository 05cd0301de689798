package org.activeseg.loop.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.activeseg.report.Json;

/**
 * The {@code metrics} table: a round's EVALUATED mark with its {@link RoundMetrics}. The per-class
 * IoU is a JSON array, null for NaN (a class absent from the test split).
 */
final class MetricsTable {
    private MetricsTable() {}

    static void insert(Connection c, long trackId, int round, RoundMetrics m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO metrics (track_id, round, labelled_pixels, pool_pixels, labelled_fraction, regions,
                                     frames_touched, miou, pixel_accuracy, class_iou, scoring_ms_per_frame,
                                     training_seconds, peak_memory_bytes, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setLong(1, trackId);
            ps.setInt(2, round);
            ps.setLong(3, m.labelledPixels());
            ps.setLong(4, m.poolPixels());
            ps.setDouble(5, m.labelledFraction());
            ps.setLong(6, m.regions());
            ps.setInt(7, m.framesTouched());
            ps.setDouble(8, m.miou());
            ps.setDouble(9, m.pixelAccuracy());
            ps.setString(10, Json.write(m.classIou()).strip());
            NullableReal.bind(ps, 11, m.scoringMillisPerFrame());
            ps.setDouble(12, m.trainingSeconds());
            ps.setLong(13, m.peakMemoryBytes());
            ps.setString(14, Instant.now().toString());
            ps.executeUpdate();
        }
    }

    /** Every evaluated round of every track, ordered by strategy, seed, round. */
    static List<RoundRow> all(Connection c, Path file) throws SQLException {
        List<RoundRow> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT t.strategy, t.seed, m.round, m.labelled_pixels, m.pool_pixels, m.labelled_fraction,
                       m.regions, m.frames_touched, m.miou, m.pixel_accuracy, m.class_iou,
                       m.scoring_ms_per_frame, m.training_seconds, m.peak_memory_bytes
                FROM metrics m JOIN track t ON t.id = m.track_id
                ORDER BY t.strategy, t.seed, m.round""")) {
            while (rs.next()) {
                RoundMetrics m = new RoundMetrics(rs.getLong(4), rs.getLong(5), rs.getDouble(6), rs.getLong(7),
                        rs.getInt(8), rs.getDouble(9), rs.getDouble(10), parseClassIou(rs.getString(11), file),
                        NullableReal.read(rs, 12), rs.getDouble(13), rs.getLong(14));
                out.add(new RoundRow(rs.getString(1), rs.getLong(2), rs.getInt(3), m));
            }
        }
        return List.copyOf(out);
    }

    /** Parses the JSON array that {@link Json#write} makes of a double[] (null = NaN). */
    private static double[] parseClassIou(String json, Path file) {
        String s = json.strip();
        if (s.length() < 2 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']') {
            throw new RunStateException(file, "metrics", "class_iou is not a JSON array: " + json);
        }
        String body = s.substring(1, s.length() - 1).strip();
        if (body.isEmpty()) {
            return new double[0];
        }
        String[] parts = body.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            try {
                out[i] = p.equals("null") ? Double.NaN : Double.parseDouble(p);
            } catch (NumberFormatException e) {
                throw new RunStateException(file, "metrics", "class_iou entry " + i + " is not a number: " + p, e);
            }
        }
        return out;
    }
}
