package org.activeseg.loop.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.activeseg.acquisition.Granularity;

/**
 * The tables a round's labelling writes, all in one transaction: {@code labelled_round} (the
 * LABELLED mark), {@code region} (the units given to the oracle, in pick order),
 * {@code labelled_mask} (per frame, every pixel the track has labelled so far) and
 * {@code frame_score} (the scores the selection came from). Rows are keyed by track id.
 */
final class LabelTables {
    private LabelTables() {}

    static void insertRound(Connection c, long trackId, int round, int regions, long newPixels,
                            double scoringMillisPerFrame) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO labelled_round (track_id, round, regions, new_pixels, scoring_ms_per_frame, finished_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            ps.setLong(1, trackId);
            ps.setInt(2, round);
            ps.setInt(3, regions);
            ps.setLong(4, newPixels);
            NullableReal.bind(ps, 5, scoringMillisPerFrame);
            ps.setString(6, Instant.now().toString());
            ps.executeUpdate();
        }
    }

    /** Inserts the round's regions, {@code pick} being each one's position in the list. */
    static void insertRegions(Connection c, long trackId, int round, List<LabelledRegion> regions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO region (track_id, round, pick, frame, kind, unit, x, y, radius, pixels)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < regions.size(); i++) {
                LabelledRegion r = regions.get(i);
                ps.setLong(1, trackId);
                ps.setInt(2, round);
                ps.setInt(3, i);
                ps.setString(4, r.frame());
                ps.setString(5, r.kind().name());
                ps.setInt(6, r.unit());
                ps.setInt(7, r.x());
                ps.setInt(8, r.y());
                ps.setInt(9, r.radius());
                ps.setLong(10, r.pixels());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Stores the frames' masks (replacing earlier ones), as updated in {@code round}. */
    static void upsertMasks(Connection c, long trackId, int round, Map<String, BitSet> masks) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO labelled_mask (track_id, frame, pixels, mask, updated_round) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (track_id, frame) DO UPDATE
                SET pixels = excluded.pixels, mask = excluded.mask, updated_round = excluded.updated_round""")) {
            for (Map.Entry<String, BitSet> e : masks.entrySet()) {
                ps.setLong(1, trackId);
                ps.setString(2, e.getKey());
                ps.setLong(3, e.getValue().cardinality());
                ps.setBytes(4, e.getValue().toByteArray());
                ps.setInt(5, round);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Inserts the round's frame scores, {@code ordinal} being each one's position in the list. */
    static void insertScores(Connection c, long trackId, int round, List<FrameScoreRow> scores) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO frame_score (track_id, round, frame, ordinal, score) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < scores.size(); i++) {
                ps.setLong(1, trackId);
                ps.setInt(2, round);
                ps.setString(3, scores.get(i).frame());
                ps.setInt(4, i);
                NullableReal.bind(ps, 5, scores.get(i).score());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Of the given regions, those whose unit (frame, kind, unit) the track labelled before, with that round. */
    static Map<LabelledRegion, Integer> labelledBefore(Connection c, long trackId, List<LabelledRegion> regions)
            throws SQLException {
        Map<LabelledRegion, Integer> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT round FROM region WHERE track_id = ? AND frame = ? AND kind = ? AND unit = ?")) {
            for (LabelledRegion r : regions) {
                ps.setLong(1, trackId);
                ps.setString(2, r.frame());
                ps.setString(3, r.kind().name());
                ps.setInt(4, r.unit());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.put(r, rs.getInt(1));
                    }
                }
            }
        }
        return out;
    }

    /** The stored masks of the given frames, in frame order; an empty mask for a frame with none. */
    static Map<String, BitSet> masks(Connection c, long trackId, Collection<String> frames) throws SQLException {
        Map<String, BitSet> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT mask FROM labelled_mask WHERE track_id = ? AND frame = ?")) {
            for (String frame : frames) {
                ps.setLong(1, trackId);
                ps.setString(2, frame);
                try (ResultSet rs = ps.executeQuery()) {
                    out.put(frame, rs.next() ? BitSet.valueOf(rs.getBytes(1)) : new BitSet());
                }
            }
        }
        return out;
    }

    /** Every stored mask of the track, in frame order (unmodifiable map of fresh BitSets). */
    static Map<String, BitSet> masks(Connection c, long trackId) throws SQLException {
        Map<String, BitSet> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT frame, mask FROM labelled_mask WHERE track_id = ? ORDER BY frame")) {
            ps.setLong(1, trackId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), BitSet.valueOf(rs.getBytes(2)));
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Pixels in all the track's masks. */
    static long maskPixels(Connection c, long trackId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(sum(pixels), 0) FROM labelled_mask WHERE track_id = ?")) {
            ps.setLong(1, trackId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Every region of the track, by round, then pick order. */
    static List<LabelledRegion> regions(Connection c, long trackId) throws SQLException {
        List<LabelledRegion> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT frame, kind, unit, x, y, radius, pixels, round FROM region
                WHERE track_id = ? ORDER BY round, pick""")) {
            ps.setLong(1, trackId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LabelledRegion(rs.getString(1), Granularity.valueOf(rs.getString(2)), rs.getInt(3),
                            rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getLong(7), rs.getInt(8)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The round's frame scores in ordinal order; empty if none. */
    static List<FrameScoreRow> scores(Connection c, long trackId, int round) throws SQLException {
        List<FrameScoreRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT frame, score FROM frame_score WHERE track_id = ? AND round = ? ORDER BY ordinal")) {
            ps.setLong(1, trackId);
            ps.setInt(2, round);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FrameScoreRow(rs.getString(1), NullableReal.read(rs, 2)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The round's scoring time per pool frame; NaN where none was recorded or the round is not LABELLED. */
    static double scoringMillisPerFrame(Connection c, long trackId, int round) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT scoring_ms_per_frame FROM labelled_round WHERE track_id = ? AND round = ?")) {
            ps.setLong(1, trackId);
            ps.setInt(2, round);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? NullableReal.read(rs, 1) : Double.NaN;
            }
        }
    }
}
