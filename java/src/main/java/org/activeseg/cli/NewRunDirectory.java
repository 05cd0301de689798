package org.activeseg.cli;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.activeseg.loop.state.RunDatabase;
import org.activeseg.loop.state.RunLock;

/**
 * The {@code --out} directory of a new run. Accepted: a path that does not exist, an empty directory,
 * or one holding only what a start killed before creating its state database leaves (its lock file,
 * a half-built database). Refused before anything is written: a file, an existing run (pointing at
 * {@code --resume}), and any other non-empty directory, so a run never writes into a dataset or
 * another tool's output. {@link #removeIfCreated} undoes the directory of a start that failed.
 */
final class NewRunDirectory {
    /** What an interrupted start of a run may leave in its directory before the run exists. */
    private static final Set<String> LEFT_BY_A_KILLED_START = Set.of(RunLock.FILE_NAME,
            RunDatabase.FILE_NAME + ".creating", RunDatabase.FILE_NAME + ".creating-wal",
            RunDatabase.FILE_NAME + ".creating-shm", RunDatabase.FILE_NAME + ".creating-journal");

    private final Path dir;
    /** The outermost directory a start creates on the way to {@code dir}, or null if {@code dir} exists. */
    private final Path outermostNew;

    private NewRunDirectory(Path dir, Path outermostNew) {
        this.dir = dir;
        this.outermostNew = outermostNew;
    }

    /** Checks {@code dir} for a new run; creates nothing. */
    static NewRunDirectory check(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            Path top = dir;
            while (top.getParent() != null && !Files.exists(top.getParent())) {
                top = top.getParent();
            }
            return new NewRunDirectory(dir, top);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a directory");
        }
        if (Files.exists(dir.resolve(RunDatabase.FILE_NAME))) {
            throw new IllegalArgumentException(dir + " already holds a run; continue it with --resume " + dir
                    + " or choose another --out");
        }
        List<String> other;
        try (Stream<Path> entries = Files.list(dir)) {
            other = entries.map(p -> p.getFileName().toString()).filter(n -> !LEFT_BY_A_KILLED_START.contains(n))
                    .sorted().toList();
        }
        if (!other.isEmpty()) {
            throw new IllegalArgumentException("--out " + dir + " is not empty and holds no run (it has "
                    + String.join(", ", other.subList(0, Math.min(5, other.size())))
                    + (other.size() > 5 ? " and " + (other.size() - 5) + " more" : "")
                    + "): give a new or empty directory, or --resume DIR for an existing run");
        }
        return new NewRunDirectory(dir, null);
    }

    Path path() {
        return dir;
    }

    /** After a start failed before its run existed: removes the directories this start created (each only if empty). */
    void removeIfCreated() throws IOException {
        if (outermostNew == null) {
            return;
        }
        for (Path p = dir; p != null && p.startsWith(outermostNew); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException e) {
                return; // someone else's files appeared there meanwhile: leave them
            }
        }
    }
}
