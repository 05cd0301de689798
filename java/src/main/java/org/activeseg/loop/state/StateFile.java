package org.activeseg.loop.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a run's {@value RunDatabase#FILE_NAME} as a file: created whole or not at all, and
 * opened only when it is an activeseg state database of this schema version, in good health.
 *
 * <p>Durability: {@code journal_mode=WAL} (readers such as a report tool do not block the loop)
 * and {@code synchronous=FULL}. In WAL mode NORMAL already survives a killed process and keeps
 * the file consistent, but an OS crash or power loss may drop the last commits; FULL syncs the
 * WAL at every commit, so a step once recorded stays recorded. The loop commits a few times per
 * round, each after seconds to minutes of scoring or training, so the extra fsync costs nothing
 * measurable, while losing a LABELLED mark would make the resumed run select that round again,
 * possibly differently from what was already reported. {@code foreign_keys} is on.
 */
final class StateFile {
    private StateFile() {}

    private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** SQLITE_OPEN_READWRITE without SQLITE_OPEN_CREATE: open never creates a file. */
    private static final String OPEN_READWRITE = "2";

    /**
     * Creates {@value RunDatabase#FILE_NAME} in {@code runDir} (created if missing) with the run's
     * configuration. Fails if a state database, or a leftover journal of one, is already there.
     * The database is built under a temporary name and renamed into place once its schema and
     * configuration are committed, so a process killed while creating it leaves no
     * {@value RunDatabase#FILE_NAME} (a later create starts afresh) rather than an empty or partial one.
     * Returns the new database, opened as {@link #open} does.
     */
    static StateConnection create(Path runDir, String configJson) {
        Objects.requireNonNull(configJson, "configJson");
        Path file = runDir.resolve(RunDatabase.FILE_NAME);
        for (String suffix : List.of("", "-wal", "-journal")) {
            Path p = runDir.resolve(RunDatabase.FILE_NAME + suffix);
            if (Files.exists(p)) {
                throw new RunStateException(file, "create", (suffix.isEmpty() ? "a state database already exists"
                        : "a leftover " + p.getFileName() + " exists")
                        + "; resume that run with RunDatabase.open or choose another run directory");
            }
        }
        Path building = runDir.resolve(RunDatabase.FILE_NAME + ".creating");
        try {
            Files.createDirectories(runDir);
            deleteDatabaseFiles(building);
            Files.createFile(building);
        } catch (IOException e) {
            throw new RunStateException(file, "create", e.toString(), e);
        }
        Connection c = null;
        try {
            c = connect(building, "create");
            configure(c, building);
            String now = Instant.now().toString();
            new StateConnection(building, c).transaction("create schema", true, con -> {
                try (Statement s = con.createStatement()) {
                    for (String ddl : StateSchema.DDL) {
                        s.execute(ddl);
                    }
                    s.execute("PRAGMA application_id = " + StateSchema.APPLICATION_ID);
                }
                MetaTable.insertOwn(con, configJson, now);
                return null;
            });
            c.close(); // checkpoints the WAL into the file and removes it
            c = null;
            if (Files.exists(runDir.resolve(building.getFileName() + "-wal"))) {
                throw new RunStateException(file, "create", "the new database's write-ahead log was not checkpointed");
            }
            try (FileChannel ch = FileChannel.open(building, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(building, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new RunStateException(file, "create", "a state database already exists (created concurrently)", e);
            }
            return open(runDir);
        } catch (SQLException | IOException | RuntimeException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            try {
                deleteDatabaseFiles(building);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof RuntimeException r ? r : new RunStateException(file, "create", e.getMessage(), e);
        }
    }

    private static void deleteDatabaseFiles(Path db) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
    }

    /**
     * Opens the state database of an existing run. Fails, naming the file, if it is missing, is
     * not an SQLite database, fails {@code PRAGMA integrity_check}, is not an activeseg state
     * database, or has another schema version.
     */
    static StateConnection open(Path runDir) {
        Path file = runDir.resolve(RunDatabase.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new RunStateException(file, "open", Files.exists(file) ? "not a regular file"
                    : "no state database here (a run directory gets one from RunDatabase.create)");
        }
        checkHeader(file);
        Connection c = connect(file, "open");
        try {
            verify(c, file);
            configure(c, file);
            return new StateConnection(file, c);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof SQLException s
                    ? new RunStateException(file, "open", "not a readable SQLite database: " + s.getMessage(), s)
                    : (RuntimeException) e;
        }
    }

    private static void checkHeader(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(100);
        } catch (IOException e) {
            throw new RunStateException(file, "open", "cannot read: " + e, e);
        }
        if (head.length == 0) {
            throw new RunStateException(file, "open", "not an activeseg state database: the file is empty");
        }
        if (head.length < 100 || !Arrays.equals(head, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length)) {
            throw new RunStateException(file, "open", "not an SQLite database (no SQLite header); was it overwritten "
                    + "or truncated? A run directory's state.db is written only by activeseg");
        }
    }

    private static Connection connect(Path file, String operation) {
        Properties p = new Properties();
        p.setProperty("open_mode", OPEN_READWRITE);
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
        } catch (SQLException e) {
            throw new RunStateException(file, operation, "cannot open: " + e.getMessage(), e);
        }
    }

    private static void verify(Connection c, Path file) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                for (String line : rs.getString(1).split("\n")) {
                    if (!line.isBlank() && !line.startsWith("*** in database")) {
                        problems.add(line.strip());
                    }
                }
            }
        }
        if (!problems.equals(List.of("ok"))) {
            throw new RunStateException(file, "open", "PRAGMA integrity_check failed: "
                    + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                    + (problems.size() > 5 ? "; ... (" + problems.size() + " problems)" : ""));
        }
        long appId = queryLong(c, "PRAGMA application_id");
        if (appId != StateSchema.APPLICATION_ID) {
            throw new RunStateException(file, "open", "an SQLite database, but not an activeseg state database "
                    + "(application_id 0x" + Long.toHexString(appId) + ", expected 0x"
                    + Integer.toHexString(StateSchema.APPLICATION_ID) + ")");
        }
        String version = MetaTable.schemaVersion(c);
        if (!Integer.toString(StateSchema.VERSION).equals(version)) {
            throw new RunStateException(file, "open", "schema version " + version + ", but this activeseg reads "
                    + "version " + StateSchema.VERSION + " only");
        }
    }

    private static void configure(Connection c, Path file) throws SQLException {
        String mode;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
            mode = rs.next() ? rs.getString(1) : "?";
        }
        if (!"wal".equalsIgnoreCase(mode)) {
            LOG.warn("{}: SQLite could not switch to WAL journaling (the file system may lack shared memory); "
                    + "using journal_mode={}, as crash-safe but readers wait for writers", file, mode);
        }
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("PRAGMA busy_timeout = 10000");
        }
        if (queryLong(c, "PRAGMA foreign_keys") != 1) {
            throw new RunStateException(file, "open", "this SQLite build cannot enforce foreign keys");
        }
    }

    private static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
