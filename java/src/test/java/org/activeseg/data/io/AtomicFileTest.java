package org.activeseg.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheTargetOnSuccess() throws IOException {
        Path p = dir.resolve("a.txt");
        AtomicFile.write(p, "old".getBytes());
        AtomicFile.write(p, "new".getBytes());
        assertEquals("new", Files.readString(p));
        assertEquals(List.of(p), list());
    }

    @Test
    void failureLeavesTargetUntouchedAndNoTemporaryFile() throws IOException {
        Path p = dir.resolve("a.txt");
        AtomicFile.write(p, "old".getBytes());
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(p, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(p));
        assertEquals(List.of(p), list());
    }

    @Test
    void aSyncedWriteReplacesTheTargetAndCreatesMissingDirectories() throws IOException {
        Path p = dir.resolve("sub").resolve("b.bin");
        AtomicFile.writeSynced(p, new byte[] {1, 2, 3});
        AtomicFile.writeSynced(p, new byte[] {4, 5});
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(p));
        try (var s = Files.list(p.getParent())) {
            assertEquals(List.of(p), s.toList(), "no temporary file is left");
        }
    }

    private List<Path> list() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }
}
