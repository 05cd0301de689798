package org.activeseg.loop.state;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** Another run (another process, or another RunLock in this JVM) holds the run directory's lock. */
public final class RunDirectoryInUseException extends IOException {
    private final Path directory;
    private final OptionalLong pid;
    private final Optional<Instant> since;

    RunDirectoryInUseException(Path directory, OptionalLong pid, Optional<Instant> since, String holder) {
        super("run directory " + directory + " is in use by "
                + (pid.isPresent() ? "pid " + pid.getAsLong() : "another process") + holder
                + (since.isPresent() ? " since " + since.get() : " (its lock file names no owner yet)")
                + "; two runs cannot share a directory: wait for that run to finish, stop it, or choose another "
                + "run directory");
        this.directory = directory;
        this.pid = pid;
        this.since = since;
    }

    /** The run directory. */
    public Path directory() {
        return directory;
    }

    /** The holder's process id, if its lock file says. */
    public OptionalLong pid() {
        return pid;
    }

    /** When the holder took the lock, if its lock file says. */
    public Optional<Instant> since() {
        return since;
    }
}
