package org.activeseg.loop.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/** Every row of every table of a state.db, read through a connection of its own, as text. */
final class StateDump {
    private StateDump() {}

    static String of(Path dbFile) throws SQLException {
        Properties p = new Properties();
        p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile, p);
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                out.append("== ").append(table).append('\n');
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY rowid")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            out.append(i == 1 ? "" : " | ").append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : v);
                        }
                        out.append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    /** The first column of the first row of {@code sql}. */
    static String query(Path dbFile, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Runs one statement, with foreign keys enforced. */
    static void execute(Path dbFile, String sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("foreign_keys", "true");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile, p); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
