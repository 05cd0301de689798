package org.activeseg.loop.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code meta} table: facts about the run by key. The database owns {@code schema_version},
 * {@code config} and {@code created_at}; callers may add others (e.g. provenance).
 */
final class MetaTable {
    private MetaTable() {}

    /** Keys the database itself owns; {@link #put} is not for them. */
    static final Set<String> OWN_KEYS = Set.of("schema_version", "config", "created_at");

    /** Writes the keys the database owns, into a new database. */
    static void insertOwn(Connection c, String configJson, String createdAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)")) {
            for (String[] kv : new String[][] {{"schema_version", Integer.toString(StateSchema.VERSION)},
                    {"config", configJson}, {"created_at", createdAt}}) {
                ps.setString(1, kv[0]);
                ps.setString(2, kv[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The stored schema version; null if there is none. */
    static String schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static String config(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'config'")) {
            if (!rs.next()) {
                throw new RunStateException(file, "configJson", "meta has no 'config' row");
            }
            return rs.getString(1);
        }
    }

    static void replaceConfig(Connection c, String configJson, Path file) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE meta SET value = ? WHERE key = 'config'")) {
            ps.setString(1, configJson);
            if (ps.executeUpdate() != 1) {
                throw new RunStateException(file, "replaceConfig", "meta has no 'config' row");
            }
        }
    }

    /** Inserts or replaces a key that the database does not own. */
    static void put(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    /** Every row, by key. */
    static Map<String, String> all(Connection c) throws SQLException {
        Map<String, String> m = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT key, value FROM meta")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        }
        return m;
    }
}
