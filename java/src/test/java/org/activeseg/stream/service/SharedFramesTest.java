package org.activeseg.stream.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.activeseg.stream.FrameInput;
import org.activeseg.stream.FrameRejectedException;
import org.activeseg.stream.grpc.FrameRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared directory of {@code serve --shared-dir}: a frame's probabilities read from a file there
 * are the file's little-endian floats, value for value (over several read chunks); names that are not
 * plain file names, links, directories, missing files and files of the wrong size are refused with an
 * error naming the frame; a frame naming a file on a server without a shared directory, or sending both
 * bytes and a file, is refused.
 */
class SharedFramesTest {
    @TempDir
    Path tmp;

    private static byte[] littleEndian(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static float[] distinct(int n, float offset) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = offset + i * 1e-3f;
        }
        return v;
    }

    @Test
    void readsTheFilesFloatsValueForValueOverSeveralChunks() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("shared"));
        // 300 000 floats: more than one 1 MiB chunk, and a last chunk that is not full
        float[] a = distinct(300_000, 1f), b = distinct(300_000, 7f);
        Files.write(dir.resolve("frame-a.f32"), littleEndian(a));
        Files.write(dir.resolve("frame-b.f32"), littleEndian(b));
        SharedFrames shared = SharedFrames.of(dir);
        assertArrayEquals(a, shared.read("a", "frame-a.f32", a.length, null));
        assertArrayEquals(b, shared.read("b", "frame-b.f32", b.length, null));
        FloatArrayPool pool = new FloatArrayPool(1, 1);
        float[] reused = new float[a.length];
        pool.give(reused);
        float[] got = shared.read("a", "frame-a.f32", a.length, pool);
        assertSame(reused, got, "the array comes from the pool");
        assertArrayEquals(a, got);
    }

    @Test
    void aRequestNamingAFileGetsItsProbabilitiesFromIt() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("shared"));
        int w = 4, h = 3, c = 2, t = 1;
        float[] p = distinct(t * c * w * h, 0.25f);
        Files.write(dir.resolve("p.f32"), littleEndian(p));
        FrameRequest r = FrameRequest.newBuilder().setId("f7").setWidth(w).setHeight(h).setSamples(t).setClasses(c)
                .setProbabilitiesFile("p.f32").build();
        FrameInput in = FrameMessages.input(r, null, SharedFrames.of(dir));
        assertArrayEquals(p, in.probabilities());

        FrameRejectedException noDir = assertThrows(FrameRejectedException.class, () -> FrameMessages.input(r, null, null));
        assertTrue(noDir.getMessage().contains("frame f7") && noDir.getMessage().contains("without --shared-dir"),
                noDir.getMessage());
        FrameRequest both = r.toBuilder().setProbabilities(ByteString.copyFrom(littleEndian(p))).build();
        FrameRejectedException twice = assertThrows(FrameRejectedException.class,
                () -> FrameMessages.input(both, null, SharedFrames.of(dir)));
        assertTrue(twice.getMessage().contains("both probabilities"), twice.getMessage());
        FrameRequest noClasses = r.toBuilder().setClasses(0).build();
        FrameRejectedException zero = assertThrows(FrameRejectedException.class,
                () -> FrameMessages.input(noClasses, null, SharedFrames.of(dir)));
        assertTrue(zero.getMessage().contains("frame f7") && zero.getMessage().contains("at least 1"), zero.getMessage());
    }

    @Test
    void onlyPlainNamesOfRegularFilesOfTheRightSizeAreRead() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("shared"));
        Path outside = tmp.resolve("secret.f32");
        Files.write(outside, littleEndian(distinct(12, 0f)));
        Files.write(dir.resolve("ok.f32"), littleEndian(distinct(12, 0f)));
        Files.write(dir.resolve(".hidden"), littleEndian(distinct(12, 0f)));
        Files.createSymbolicLink(dir.resolve("link.f32"), outside);
        Files.createDirectories(dir.resolve("sub.f32"));
        SharedFrames shared = SharedFrames.of(dir);
        for (String name : new String[] {"", "/etc/passwd", outside.toString(), "../secret.f32", "..", ".", ".hidden",
                "sub.f32/x", "a\\b", "x\u0000y", "\u00e9t\u00e9.f32", "n".repeat(256)}) {
            FrameRejectedException e = assertThrows(FrameRejectedException.class, () -> shared.read("f1", name, 12, null),
                    name);
            assertTrue(e.getMessage().startsWith("frame f1: ") && e.getMessage().contains("not a plain file name"),
                    e.getMessage());
            assertTrue(!e.getMessage().contains("\u0000"), "control characters are escaped: " + e.getMessage());
        }
        FrameRejectedException link = assertThrows(FrameRejectedException.class, () -> shared.read("f1", "link.f32", 12, null));
        assertTrue(link.getMessage().contains("symbolic link"), link.getMessage());
        FrameRejectedException sub = assertThrows(FrameRejectedException.class, () -> shared.read("f1", "sub.f32", 12, null));
        assertTrue(sub.getMessage().contains("not a regular file"), sub.getMessage());
        FrameRejectedException missing = assertThrows(FrameRejectedException.class,
                () -> shared.read("f1", "gone.f32", 12, null));
        assertTrue(missing.getMessage().contains("does not exist") && missing.getMessage().contains("gone.f32"),
                missing.getMessage());
        FrameRejectedException size = assertThrows(FrameRejectedException.class, () -> shared.read("f1", "ok.f32", 13, null));
        assertTrue(size.getMessage().contains("has 48 bytes, expected 52"), size.getMessage());
        FrameRejectedException huge = assertThrows(FrameRejectedException.class,
                () -> shared.read("f1", "ok.f32", ScoringServer.MAX_MESSAGE_BYTES, null));
        assertTrue(huge.getMessage().contains("not between 1 and"), huge.getMessage());
        assertEquals(12, shared.read("f1", "ok.f32", 12, null).length);
    }

    @Test
    void theDirectoryMustExistAndIsKeptByItsRealPath() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SharedFrames.of(tmp.resolve("none")));
        assertTrue(e.getMessage().contains("none") && e.getMessage().contains("not a directory"), e.getMessage());
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), real);
        assertEquals(real.toRealPath(), SharedFrames.of(alias).dir());
    }
}
