package org.activeseg.loop.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Where a track stands, read from which rows exist: a round's {@code labelled_round} row is its
 * LABELLED mark, its {@code checkpoint} row the TRAINED mark and its {@code metrics} row the
 * EVALUATED mark. Steps are recorded only in {@link StepMark} order, one after another.
 */
final class StepOrder {
    private StepOrder() {}

    /** The last step the track finished; empty before its seed set is labelled. */
    static Optional<StepMark> lastFinished(Connection c, long trackId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT lr.round,
                       EXISTS (SELECT 1 FROM checkpoint k WHERE k.track_id = lr.track_id AND k.round = lr.round),
                       EXISTS (SELECT 1 FROM metrics m WHERE m.track_id = lr.track_id AND m.round = lr.round)
                FROM labelled_round lr WHERE lr.track_id = ? ORDER BY lr.round DESC LIMIT 1""")) {
            ps.setLong(1, trackId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Phase phase = rs.getBoolean(3) ? Phase.EVALUATED : rs.getBoolean(2) ? Phase.TRAINED : Phase.LABELLED;
                return Optional.of(new StepMark(rs.getInt(1), phase));
            }
        }
    }

    /**
     * Refuses to record {@code step} unless it is the track's next one.
     *
     * @param where the track and the database, for the message
     */
    static void expect(Connection c, long trackId, String where, StepMark step) throws SQLException {
        Optional<StepMark> last = lastFinished(c, trackId);
        StepMark next = last.map(StepMark::next).orElse(StepMark.FIRST);
        if (!next.equals(step)) {
            throw new IllegalStateException(where + ": cannot record " + step + "; its next step is "
                    + next + last.map(l -> " (last finished: " + l + ")").orElse(" (nothing recorded yet)"));
        }
    }

    /** When the last step of any track finished (ISO-8601), empty before the first. */
    static Optional<String> lastFinishedAt(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT max(t) FROM (SELECT max(finished_at) AS t FROM labelled_round UNION ALL"
                        + " SELECT max(finished_at) FROM checkpoint UNION ALL SELECT max(finished_at) FROM metrics)")) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }
}
