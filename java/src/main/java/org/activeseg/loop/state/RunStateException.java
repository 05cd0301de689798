package org.activeseg.loop.state;

import java.nio.file.Path;

/**
 * The state database could not be opened, read or written. The message names the database file
 * and the operation; the cause (an SQLException or IOException) carries SQLite's own text. A
 * failed write leaves the database at its last committed state.
 */
public final class RunStateException extends RuntimeException {
    private final Path file;

    public RunStateException(Path file, String operation, String reason, Throwable cause) {
        super(file + ": " + operation + ": " + reason, cause);
        this.file = file;
    }

    public RunStateException(Path file, String operation, String reason) {
        this(file, operation, reason, null);
    }

    /** The database file. */
    public Path file() {
        return file;
    }
}
