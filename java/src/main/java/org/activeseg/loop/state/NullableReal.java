package org.activeseg.loop.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** A nullable REAL column holding a double that may be NaN: SQLite has no NaN, so NaN is stored as NULL. */
final class NullableReal {
    private NullableReal() {}

    /** Binds {@code v}, NaN as NULL. */
    static void bind(PreparedStatement ps, int index, double v) throws SQLException {
        if (Double.isNaN(v)) {
            ps.setNull(index, Types.REAL);
        } else {
            ps.setDouble(index, v);
        }
    }

    /** Reads a column bound by {@link #bind}, NULL as NaN. */
    static double read(ResultSet rs, int index) throws SQLException {
        double v = rs.getDouble(index);
        return rs.wasNull() ? Double.NaN : v;
    }
}
