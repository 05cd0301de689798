package org.activeseg.stream.service;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;
import org.activeseg.stream.FrameRejectedException;

/**
 * The directory a co-located client hands the server its frames' probabilities through
 * ({@code serve --shared-dir}, {@code FrameRequest.probabilities_file}): a file there holds the bytes
 * the request's {@code probabilities} field would, so a 12 MB frame (320x240, 40 classes) is read from
 * the page cache instead of travelling through HTTP/2.
 *
 * <p>Confinement: a request names a plain file name (letters, digits, '.', '_', '-', not starting with
 * '.', at most 255 characters), resolved in the directory as it was when the server started (its real
 * path); the file must be a regular file, not a link (checked without following links, and opened with
 * {@link LinkOption#NOFOLLOW_LINKS}), and hold exactly the frame's {@code 4 T C H W} bytes (at most
 * {@link ScoringServer#MAX_MESSAGE_BYTES}, as a message). The server only reads; it never writes, creates
 * or deletes a file there. The directory should be writable by the server's clients only (a hard link
 * placed there by someone who can write it is read like any file).
 */
final class SharedFrames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9._\\-]{0,254}");
    private static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Bytes read per call into a thread's direct buffer. */
    private static final int CHUNK = 1 << 20;
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> java.lang.foreign.Arena.ofAuto().allocate(CHUNK, 64));

    private final Path dir;

    private SharedFrames(Path dir) {
        this.dir = dir;
    }

    /** The shared directory {@code dir} (it must exist and be a directory), by its real path. */
    static SharedFrames of(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--shared-dir " + dir + " is not a directory");
        }
        return new SharedFrames(dir.toRealPath());
    }

    /** The directory files are read from (its real path). */
    Path dir() {
        return dir;
    }

    /**
     * The {@code expected} little-endian float32 values of file {@code name}, for frame {@code id}, in an
     * array from {@code pool} (null: a new one).
     */
    float[] read(String id, String name, long expected, FloatArrayPool pool) {
        if (!NAME.matcher(name).matches()) {
            throw new FrameRejectedException(id, "probabilities_file \"" + printable(name) + "\" is not a plain file name "
                    + "(letters, digits, '.', '_', '-'; not starting with '.'; at most 255 characters)");
        }
        if (expected <= 0 || 4 * expected > ScoringServer.MAX_MESSAGE_BYTES) {
            throw new FrameRejectedException(id, "probabilities_file " + name + " would hold " + expected
                    + " values (samples x classes x height x width): not between 1 and "
                    + ScoringServer.MAX_MESSAGE_BYTES / 4);
        }
        Path file = dir.resolve(name);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw new FrameRejectedException(id, "probabilities_file " + file + " is not a regular file"
                        + (a.isSymbolicLink() ? " (a symbolic link)" : ""));
            }
            if (a.size() != 4 * expected) {
                throw new FrameRejectedException(id, "probabilities_file " + file + " has " + a.size() + " bytes, expected "
                        + 4 * expected + " (" + expected + " float32 values: samples x classes x height x width)");
            }
            int n = (int) expected;
            float[] v = pool == null ? new float[n] : pool.take(n);
            boolean read = false;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                MemorySegment seg = SCRATCH.get();
                ByteBuffer buf = seg.asByteBuffer();
                int done = 0;
                while (done < n) {
                    int want = Math.min(CHUNK / 4, n - done);
                    buf.clear().limit(4 * want);
                    while (buf.hasRemaining()) {
                        if (ch.read(buf) < 0) {
                            throw new FrameRejectedException(id, "probabilities_file " + file + " ended after "
                                    + (4L * done + buf.position()) + " of " + 4 * expected + " bytes (changed while read)");
                        }
                    }
                    MemorySegment.copy(seg, LE_FLOAT, 0, v, done, want);
                    done += want;
                }
                read = true;
            } finally {
                if (!read && pool != null) {
                    pool.give(v);
                }
            }
            return v;
        } catch (NoSuchFileException e) {
            throw new FrameRejectedException(id, "probabilities_file " + file + " does not exist");
        } catch (IOException e) {
            throw new FrameRejectedException(id, "probabilities_file " + file + " cannot be read: " + e, e);
        }
    }

    /** {@code s} with control characters escaped, shortened for an error message. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 80 ? b + "..." : b.toString();
    }
}
