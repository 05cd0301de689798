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

/** The {@code track} table: one row per {@link Track}, whose id the other tables reference. */
final class TrackTable {
    private TrackTable() {}

    /** Adds a track; fails if it exists. */
    static void add(Connection c, Track track, Path file) throws SQLException {
        if (find(c, track) != null) {
            throw new IllegalStateException(track + " is already in " + file);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO track (strategy, seed, added_at) VALUES (?, ?, ?)")) {
            ps.setString(1, track.strategy());
            ps.setLong(2, track.seed());
            ps.setString(3, Instant.now().toString());
            ps.executeUpdate();
        }
    }

    /** All tracks, ordered by strategy, then seed. */
    static List<Track> all(Connection c) throws SQLException {
        List<Track> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT strategy, seed FROM track ORDER BY strategy, seed")) {
            while (rs.next()) {
                out.add(new Track(rs.getString(1), rs.getLong(2)));
            }
        }
        return List.copyOf(out);
    }

    /** The track's id; an IllegalArgumentException naming the tracks there are if it was never added. */
    static long id(Connection c, Track track, Path file) throws SQLException {
        Long id = find(c, track);
        if (id == null) {
            throw new IllegalArgumentException(track + " is not in " + file + " (tracks: " + all(c)
                    + "); add it with addTrack");
        }
        return id;
    }

    private static Long find(Connection c, Track track) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM track WHERE strategy = ? AND seed = ?")) {
            ps.setString(1, track.strategy());
            ps.setLong(2, track.seed());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
