package org.activeseg.loop.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one connection to a run's {@code state.db}, through which every read and write runs as one
 * SQLite transaction: {@code BEGIN IMMEDIATE} (the write lock taken at once, so checks and writes
 * see the same state) for writes, {@code BEGIN} (one consistent snapshot) for reads. Any exception,
 * including an I/O error or a full disk, rolls the transaction back, leaving the file at its last
 * committed state; failures of SQLite itself become {@link RunStateException}s naming the file and
 * the operation. One transaction at a time (methods are synchronized).
 */
final class StateConnection implements AutoCloseable {

    /** Work done inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Path file;
    private final Connection connection;
    private Consumer<String> faultPoint = point -> {};
    private boolean closed;

    StateConnection(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** The database file. */
    Path file() {
        return file;
    }

    /** Runs {@code work} in one transaction, committing when it returns and rolling back if it throws. */
    synchronized <T> T transaction(String operation, boolean write, Work<T> work) {
        if (closed) {
            throw new IllegalStateException(file + " is closed (" + operation + ")");
        }
        try (Statement s = connection.createStatement()) {
            s.execute(write ? "BEGIN IMMEDIATE" : "BEGIN");
        } catch (SQLException e) {
            throw new RunStateException(file, operation, e.getMessage(), e);
        }
        try {
            T result = work.run(connection);
            try (Statement s = connection.createStatement()) {
                s.execute("COMMIT");
            }
            return result;
        } catch (SQLException e) {
            RunStateException failure = new RunStateException(file, operation, e.getMessage(), e);
            rollback(failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            rollback(e);
            throw e;
        }
    }

    private void rollback(Throwable cause) {
        try (Statement s = connection.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite rolls back by itself after some I/O errors; then there is nothing left to undo.
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Marks a named point inside a write transaction, where a test's hook may throw. */
    void faultPoint(String point) {
        faultPoint.accept(point);
    }

    /** Tests: called with every named point inside write transactions, to throw there. */
    void onFaultPoint(Consumer<String> hook) {
        this.faultPoint = Objects.requireNonNull(hook);
    }

    /** Runs {@code PRAGMA <pragma>} and returns its first value. */
    synchronized String pragma(String pragma) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new RunStateException(file, "PRAGMA " + pragma, e.getMessage(), e);
        }
    }

    /** Closes the connection (SQLite folds the WAL back into the file). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw new RunStateException(file, "close", e.getMessage(), e);
        }
    }
}
