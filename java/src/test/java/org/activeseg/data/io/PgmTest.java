package org.activeseg.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgmTest {
    @TempDir
    Path dir;

    private Path file(String name, String header, int... bytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        for (int v : bytes) {
            b.write(v);
        }
        Path p = dir.resolve(name);
        Files.write(p, b.toByteArray());
        return p;
    }

    @Test
    void reads16BitBigEndianWithCommentsInTheHeader() throws IOException {
        // 2x1, maxval 65535, comments after the magic and between tokens (ScanNet has one after the magic).
        Path p = file("a.pgm", "P5\n# data values are 16-bit each\n2 # width\n1\n# max\n65535\n", 0x01, 0x02, 0xFF, 0xFE);
        GrayImage g = Pgm.read(p);
        assertEquals(2, g.width());
        assertEquals(1, g.height());
        assertEquals(16, g.bitDepth());
        assertArrayEquals(new int[] {0x0102, 0xFFFE}, g.samples());
    }

    @Test
    void reads8BitWhenMaxvalIsAtMost255() throws IOException {
        Path p = file("b.pgm", "P5 3 1 255 ", 0, 128, 255);
        GrayImage g = Pgm.read(p);
        assertEquals(8, g.bitDepth());
        assertArrayEquals(new int[] {0, 128, 255}, g.samples());
        // maxval 256 already needs two bytes a sample
        assertEquals(16, Pgm.read(file("c.pgm", "P5 1 1 256\n", 1, 0)).bitDepth());
    }

    @Test
    void roundTrip16WithComment() throws IOException {
        int w = 7, h = 5;
        int[] s = new Random(3).ints(w * h, 0, 65536).toArray();
        s[0] = 0;
        s[1] = 65535;
        Path p = dir.resolve("sub/d.pgm");
        Pgm.write16(p, new GrayImage(w, h, 16, s), "depth shift is 1000");
        String head = new String(Files.readAllBytes(p), 0, 40, StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("P5\n# depth shift is 1000\n7 5\n"), head);
        assertEquals(head.indexOf("7 5") + "7 5\n65535\n".length() + 2 * w * h, Files.size(p));
        GrayImage g = Pgm.read(p);
        assertArrayEquals(s, g.samples());
        assertEquals(16, g.bitDepth());
        try (var files = Files.list(p.getParent())) {
            assertEquals(1, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void truncatedDataNamesFileAndByteCounts() throws IOException {
        Path p = file("trunc.pgm", "P5\n2 2\n65535\n", 0, 1, 0, 2, 0);
        IOException e = assertThrows(IOException.class, () -> Pgm.read(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("expected 8 bytes") && e.getMessage().contains("found 5"), e.getMessage());
    }

    @Test
    void badHeadersNameTheFile() throws IOException {
        Path[] bad = {
            file("magic.pgm", "P2\n1 1\n255\n0\n"),
            file("neg.pgm", "P5\n-1 1\n255\n", 0),
            file("zero.pgm", "P5\n0 1\n255\n"),
            file("maxval.pgm", "P5\n1 1\n70000\n", 0, 0),
            file("maxval0.pgm", "P5\n1 1\n0\n", 0),
            file("short.pgm", "P5\n1 1"),
            file("empty.pgm", ""),
            file("huge.pgm", "P5\n99999999999 1\n255\n"),
        };
        String[] expect = {"P5", "width", "positive", "maxval", "maxval", "maxval", "P5", "too large"};
        for (int i = 0; i < bad.length; i++) {
            Path p = bad[i];
            IOException e = assertThrows(IOException.class, () -> Pgm.read(p), p.toString());
            assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
            assertTrue(e.getMessage().contains(expect[i]), e.getMessage());
        }
    }

    @Test
    void writeRejectsValuesAndCommentsItCannotStore() {
        Path p = dir.resolve("x.pgm");
        assertThrows(IllegalArgumentException.class, () -> Pgm.write16(p, 2, 1, new int[] {0, 65536}, null));
        assertThrows(IllegalArgumentException.class, () -> Pgm.write16(p, 2, 1, new int[] {-1, 0}, null));
        assertThrows(IllegalArgumentException.class, () -> Pgm.write16(p, 2, 1, new int[] {0, 0}, "two\nlines"));
        assertThrows(IllegalArgumentException.class, () -> Pgm.write16(p, 2, 2, new int[] {0, 0}, null));
        assertTrue(Files.notExists(p));
    }
}
