package org.activeseg.loop.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Exclusive use of a run directory by one run: an OS file lock ({@link FileChannel#tryLock}) on
 * {@code <runDir>/.lock}, whose text names the holder ({@code pid=...}, {@code since=...}) for the
 * error a second run gets. The OS drops the lock when the holding process dies, however it dies,
 * so a lock file left by a killed run never blocks. The file stays when a run ends; only a command that
 * fails before doing any work removes the lock file it created ({@link #discard}), so it leaves nothing
 * behind. Because a holder may delete the file, {@link #acquire} checks after locking that the path
 * still names the file it locked, and retries otherwise: two processes never hold two files of one name.
 *
 * <p>Within one JVM the lock is tracked in a table keyed by the lock file's identity (device and
 * inode) and checked <em>before</em> any channel is opened: on Linux, closing any descriptor of a
 * file drops all of the process's locks on it, so a refused second attempt that opened and closed
 * its own channel would silently unlock the first holder. For the same reason nothing else in the
 * holding JVM may open {@code .lock} (not even to read it) while the lock is held.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name in the run directory. */
    public static final String FILE_NAME = ".lock";

    /** Locks this JVM holds, by the lock file's key; guarded by itself. */
    private static final Map<Object, RunLock> HELD = new HashMap<>();

    private final Path directory;
    private final Object key;
    private final FileChannel channel;
    private final FileLock lock;
    private final long pid;
    private final Instant since;
    private final boolean createdFile;
    private boolean closed;

    private RunLock(Path directory, Object key, FileChannel channel, FileLock lock, long pid, Instant since,
                    boolean createdFile) {
        this.createdFile = createdFile;
        this.directory = directory;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.pid = pid;
        this.since = since;
    }

    /**
     * Locks {@code runDir} (created if missing) for this process.
     *
     * @throws RunDirectoryInUseException if another process or another RunLock of this JVM holds it
     * @throws IOException                if the lock file cannot be created, written or locked
     */
    public static RunLock acquire(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        Path dir = runDir.toRealPath();
        for (int attempt = 0; ; attempt++) {
            RunLock lock = tryAcquire(dir);
            if (lock != null) {
                return lock;
            }
            if (attempt == 10) {
                throw new IOException("cannot lock " + dir.resolve(FILE_NAME) + ": another process keeps replacing it");
            }
        }
    }

    /** One attempt; null when the lock file was deleted or replaced while it was being locked. */
    private static RunLock tryAcquire(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        boolean created = false;
        try {
            // A new file cannot carry a lock of ours, so opening and closing it here is harmless.
            Files.createFile(file);
            created = true;
        } catch (FileAlreadyExistsException e) {
            // An earlier run's lock file: its lock, if any, is checked below.
        }
        synchronized (HELD) {
            Object key = currentKey(file);
            if (key == null) {
                return null; // deleted by a holder's discard since createFile: start again
            }
            RunLock mine = HELD.get(key);
            if (mine != null) {
                throw new RunDirectoryInUseException(dir, OptionalLong.of(mine.pid), Optional.of(mine.since),
                        " (this JVM)");
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                return null; // deleted by a holder's discard since it was looked at: start again
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // Locked through some other channel of this JVM, not a RunLock. Leave this channel
                // open: closing it would drop that lock (see the class comment).
                throw new RunDirectoryInUseException(dir, OptionalLong.of(ProcessHandle.current().pid()),
                        Optional.empty(), " (this JVM, outside RunLock)");
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw new IOException("cannot lock " + file + ": " + e.getMessage(), e);
            }
            if (lock == null) {
                RunDirectoryInUseException inUse = inUse(dir, channel);
                channel.close();
                throw inUse;
            }
            if (!key.equals(currentKey(file))) {
                // Deleted (by a holder's discard) or replaced between opening and locking: this lock
                // guards a file nobody else will look at. Drop it and start again.
                lock.release();
                channel.close();
                return null;
            }
            try {
                long pid = ProcessHandle.current().pid();
                Instant since = Instant.now();
                byte[] text = ("pid=" + pid + "\nsince=" + since + "\n").getBytes(StandardCharsets.UTF_8);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(text), 0);
                channel.force(true);
                RunLock held = new RunLock(dir, key, channel, lock, pid, since, created);
                HELD.put(key, held);
                return held;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The identity of the file now at {@code file}, or null if there is none. */
    private static Object currentKey(Path file) {
        try {
            Object k = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return k != null ? k : file;
        } catch (IOException e) {
            return null;
        }
    }

    /** The error for a lock held by another process, with what its lock file says. */
    private static RunDirectoryInUseException inUse(Path dir, FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
        while (buf.hasRemaining() && channel.read(buf, buf.position()) > 0) {
            // read what the holder wrote
        }
        OptionalLong pid = OptionalLong.empty();
        Optional<Instant> since = Optional.empty();
        for (String line : new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).split("\n")) {
            try {
                if (line.startsWith("pid=")) {
                    pid = OptionalLong.of(Long.parseLong(line.substring(4).strip()));
                } else if (line.startsWith("since=")) {
                    since = Optional.of(Instant.parse(line.substring(6).strip()));
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                // a half-written lock file: report what could be read
            }
        }
        return new RunDirectoryInUseException(dir, pid, since, "");
    }

    /** The locked run directory (real path). */
    public Path directory() {
        return directory;
    }

    /** This process's id, as written into the lock file. */
    public long pid() {
        return pid;
    }

    /** When the lock was taken. */
    public Instant since() {
        return since;
    }

    /**
     * Releases the lock and deletes the lock file if this acquisition created it: for a command that
     * fails before doing any work, so it leaves nothing behind. Idempotent with {@link #close}.
     */
    public void discard() throws IOException {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            if (createdFile) {
                // Deleted while still locked: a process that opened the old file finds, once it holds
                // that lock, that the path no longer names it, and retries (see acquire).
                Files.deleteIfExists(directory.resolve(FILE_NAME));
            }
            close();
        }
    }

    /** Releases the lock (the lock file stays). Idempotent. */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            HELD.remove(key);
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
