package org.activeseg.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------ header bytes

    @Test
    void float32HeaderIsByteForByteWhatNumpyWrites() throws IOException {
        Path f = dir.resolve("a.npy");
        try (FloatTensor t = FloatTensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)) {
            Npy.write(f, t);
        }
        byte[] bytes = Files.readAllBytes(f);
        // numpy 2.x: np.save(f, np.arange(1, 7, dtype='<f4').reshape(2, 3)); 58 = 20 spare + 38 alignment spaces
        String header = "\u0093NUMPY\u0001\u0000v\u0000{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
                + " ".repeat(58) + "\n";
        assertEquals(128, header.length());
        assertArrayEquals(header.getBytes(StandardCharsets.ISO_8859_1), Arrays.copyOf(bytes, 128));
        assertEquals(128 + 24, bytes.length);
        ByteBuffer data = ByteBuffer.wrap(bytes, 128, 24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 1; i <= 6; i++) {
            assertEquals(i, data.getFloat());
        }
    }

    @Test
    void zeroDimAndOneElementHeadersMatchNumpy() throws IOException {
        Path scalar = dir.resolve("s.npy");
        try (FloatTensor t = FloatTensor.of(new float[] {1.5f})) {
            Npy.writeFloat16(scalar, t);
        }
        String h0 = "\u0093NUMPY\u0001\u0000v\u0000{'descr': '<f2', 'fortran_order': False, 'shape': (), }" + " ".repeat(62) + "\n";
        byte[] b0 = Files.readAllBytes(scalar);
        assertArrayEquals(h0.getBytes(StandardCharsets.ISO_8859_1), Arrays.copyOf(b0, 128));
        assertEquals(130, b0.length);
        assertEquals(0x3E00, (b0[128] & 0xFF) | (b0[129] & 0xFF) << 8, "1.5 as float16, little-endian");

        Path one = dir.resolve("one.npy");
        Npy.write(one, new byte[] {(byte) 200}, 1);
        String h1 = "\u0093NUMPY\u0001\u0000v\u0000{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }" + " ".repeat(60) + "\n";
        byte[] b1 = Files.readAllBytes(one);
        assertArrayEquals(h1.getBytes(StandardCharsets.ISO_8859_1), Arrays.copyOf(b1, 128));
        assertEquals(129, b1.length);
    }

    @Test
    void hugeHeaderSwitchesToVersion2() throws IOException {
        long[] shape = new long[22_000]; // 3 characters per axis: the header passes 65535 bytes
        Arrays.fill(shape, 1);
        Path f = dir.resolve("v2.npy");
        Npy.write(f, new byte[] {7}, shape);
        byte[] b = Files.readAllBytes(f);
        assertEquals(2, b[6]);
        assertEquals(0, (b.length - 1) % 64, "data starts on a 64-byte boundary");
        try (NpyArray a = Npy.read(f)) {
            assertEquals("2.0", a.formatVersion());
            assertEquals(22_000, a.rank());
            assertEquals(7, a.getInt(0));
        }
    }

    // ------------------------------------------------------------ round trips

    @Test
    void everyDtypeRoundTripsAtAwkwardShapes() throws IOException {
        List<long[]> shapes = List.of(new long[] {}, new long[] {1}, new long[] {5}, new long[] {0}, new long[] {2, 0, 3},
                new long[] {3, 1, 4}, new long[] {13, 7});
        int k = 0;
        for (long[] shape : shapes) {
            int n = (int) FloatTensor.elementCount(shape);
            float[] fl = new float[n];
            byte[] u8 = new byte[n];
            short[] u16 = new short[n];
            int[] i32 = new int[n];
            for (int i = 0; i < n; i++) {
                fl[i] = (i - 3.25f) * 1e-3f * (i % 3 == 0 ? -1 : 1);
                u8[i] = (byte) (i * 37);
                u16[i] = (short) (i * 4099);
                i32[i] = (i % 2 == 0 ? -1 : 1) * i * 1_000_003;
            }
            String tag = "shape " + Arrays.toString(shape);
            Path f32 = dir.resolve("f32_" + k + ".npy");
            try (FloatTensor t = FloatTensor.of(fl, shape)) {
                Npy.write(f32, t);
            }
            try (FloatTensor back = Npy.readFloat(f32)) {
                assertArrayEquals(shape, back.shape(), tag);
                assertArrayEquals(n == 0 ? new float[0] : fl, n == 0 ? new float[0] : back.toArray(), tag);
            }
            Path f16 = dir.resolve("f16_" + k + ".npy");
            try (FloatTensor t = FloatTensor.of(fl, shape)) {
                Npy.writeFloat16(f16, t);
            }
            try (NpyArray a = Npy.read(f16)) {
                assertEquals(NpyDtype.FLOAT16, a.dtype());
                assertArrayEquals(shape, a.shape(), tag);
                for (int i = 0; i < n; i++) {
                    assertEquals(Float.float16ToFloat(Float.floatToFloat16(fl[i])), a.getFloat(i), tag);
                }
            }
            Path pu8 = dir.resolve("u8_" + k + ".npy");
            Npy.write(pu8, u8, shape);
            try (NpyArray a = Npy.read(pu8)) {
                assertEquals(NpyDtype.UINT8, a.dtype());
                assertArrayEquals(shape, a.shape(), tag);
                assertArrayEquals(u8, a.toByteArray(), tag);
                int[] widened = a.toIntArray();
                for (int i = 0; i < n; i++) {
                    assertEquals(u8[i] & 0xFF, widened[i]);
                }
            }
            Path pu16 = dir.resolve("u16_" + k + ".npy");
            Npy.writeUint16(pu16, u16, shape);
            try (NpyArray a = Npy.read(pu16)) {
                assertEquals(NpyDtype.UINT16, a.dtype());
                int[] got = a.toIntArray();
                for (int i = 0; i < n; i++) {
                    assertEquals(u16[i] & 0xFFFF, got[i], tag);
                }
            }
            Path pi32 = dir.resolve("i32_" + k + ".npy");
            Npy.write(pi32, i32, shape);
            try (NpyArray a = Npy.read(pi32)) {
                assertEquals(NpyDtype.INT32, a.dtype());
                assertArrayEquals(shape, a.shape(), tag);
                assertArrayEquals(i32, a.toIntArray(), tag);
            }
            k++;
        }
    }

    @Test
    void uint16FromIntsChecksRangeAndKeepsTopValues() throws IOException {
        Path f = dir.resolve("u16.npy");
        Npy.writeUint16(f, new int[] {0, 1, 65535, 40000}, 2, 2);
        try (NpyArray a = Npy.read(f)) {
            assertArrayEquals(new int[] {0, 1, 65535, 40000}, a.toIntArray());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.writeUint16(dir.resolve("bad.npy"), new int[] {1, 65536}, 2));
        assertTrue(e.getMessage().contains("65536") && e.getMessage().contains("index 1"), e.getMessage());
    }

    @Test
    void float16SpecialValuesSurviveExactly() throws IOException {
        float[] values = {
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, -0.0f, 0.0f,
            0x1p-24f,              // smallest float16 subnormal
            0x1.ff8p-15f,          // largest float16 subnormal (1023 * 2^-24)
            0x1p-14f,              // smallest normal
            65504f,                // largest finite
            65520f,                // rounds to infinity
            1 + 0x1p-11f,          // tie: rounds to even (1.0)
            1 + 3 * 0x1p-11f,      // tie: rounds to even (1 + 2^-9)
            0x1p-26f,              // below half the smallest subnormal: 0
        };
        int[] bits = {0x7C00, 0xFC00, -1, 0x8000, 0x0000, 0x0001, 0x03FF, 0x0400, 0x7BFF, 0x7C00, 0x3C00, 0x3C02, 0x0000};
        Path f = dir.resolve("f16.npy");
        try (FloatTensor t = FloatTensor.of(values, values.length)) {
            Npy.writeFloat16(f, t);
        }
        byte[] raw = Files.readAllBytes(f);
        for (int i = 0; i < values.length; i++) {
            int b = (raw[128 + 2 * i] & 0xFF) | (raw[129 + 2 * i] & 0xFF) << 8;
            if (bits[i] < 0) {
                assertTrue((b & 0x7C00) == 0x7C00 && (b & 0x03FF) != 0, "NaN bits " + Integer.toHexString(b));
            } else {
                assertEquals(bits[i], b, "value " + values[i] + " at " + i);
            }
        }
        try (FloatTensor back = Npy.readFloat(f)) {
            float[] got = back.toArray();
            assertEquals(Float.POSITIVE_INFINITY, got[0]);
            assertEquals(Float.NEGATIVE_INFINITY, got[1]);
            assertTrue(Float.isNaN(got[2]));
            assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(got[3]));
            assertEquals(0x1p-24f, got[5]);
            assertEquals(0x1.ff8p-15f, got[6]);
            assertEquals(65504f, got[8]);
            assertEquals(Float.POSITIVE_INFINITY, got[9]);
            assertEquals(1f, got[10]);
            assertEquals(1 + 0x1p-9f, got[11]);
            assertEquals(0f, got[12]);
        }
    }

    @Test
    void largeTensorStreamsThroughChunks() throws IOException {
        int n = 3 * (1 << 20) + 17; // several 1 MiB chunks and a ragged end
        Path f = dir.resolve("big.npy");
        try (FloatTensor t = FloatTensor.allocate(n)) {
            for (int i = 0; i < n; i++) {
                t.set(i, i * 0.25f);
            }
            Npy.write(f, t);
            Path h = dir.resolve("big16.npy");
            Npy.writeFloat16(h, t);
            try (NpyArray a = Npy.read(h)) {
                assertEquals(Float.float16ToFloat(Float.floatToFloat16((n - 1) * 0.25f)), a.getFloat(n - 1));
            }
        }
        assertEquals(128 + 4L * n, Files.size(f));
        try (FloatTensor back = Npy.readFloat(f)) {
            assertEquals(0.25f * 12345, back.get(12345));
            assertEquals((n - 1) * 0.25f, back.get(n - 1));
        }
    }

    // ------------------------------------------------------------ hand-made files numpy could write

    @Test
    void readsBigEndianAndVersions2And3() throws IOException {
        Path be = handMade("be.npy", 1, "{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }",
                ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-2f).putFloat(1e-30f).array());
        try (FloatTensor t = Npy.readFloat(be)) {
            assertArrayEquals(new float[] {1.5f, -2f, 1e-30f}, t.toArray());
        }
        Path beU16 = handMade("beu16.npy", 1, "{'descr': '>u2', 'fortran_order': False, 'shape': (2,), }",
                new byte[] {(byte) 0xFF, (byte) 0xFE, 0x01, 0x02});
        try (NpyArray a = Npy.read(beU16)) {
            assertEquals(ByteOrder.BIG_ENDIAN, a.byteOrder());
            assertArrayEquals(new int[] {0xFFFE, 0x0102}, a.toIntArray());
        }
        Path v2 = handMade("v2.npy", 2, "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2), }",
                new byte[] {1, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        try (NpyArray a = Npy.read(v2)) {
            assertEquals("2.0", a.formatVersion());
            assertArrayEquals(new int[] {1, -1}, a.toIntArray());
            assertArrayEquals(new long[] {1, 2}, a.shape());
        }
        // Version 3 headers are UTF-8; Python 2's long suffix and odd spacing are accepted.
        Path v3 = handMade("v3.npy", 3, "{\"descr\":'|u1',  'shape':(2L, 1,),'fortran_order':False}",
                new byte[] {9, (byte) 250});
        try (NpyArray a = Npy.read(v3)) {
            assertEquals("3.0", a.formatVersion());
            assertArrayEquals(new long[] {2, 1}, a.shape());
            assertArrayEquals(new int[] {9, 250}, a.toIntArray());
        }
    }

    // ------------------------------------------------------------ errors

    @Test
    void truncatedAndOverlongDataAreRefused() throws IOException {
        Path f = dir.resolve("t.npy");
        Npy.write(f, new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
        byte[] full = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(full, full.length - 3));
        IOException e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("truncated")
                && e.getMessage().contains("24") && e.getMessage().contains("21"), e.getMessage());
        Files.write(f, Arrays.copyOf(full, full.length + 4));
        e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("4 bytes after the data"), e.getMessage());
        Files.write(f, Arrays.copyOf(full, 60)); // inside the header
        e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        Files.write(f, Arrays.copyOf(full, 7));
        e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void fortranOrderIsRefusedNamingTheFile() throws IOException {
        Path f = handMade("fortran.npy", 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", new byte[16]);
        IOException e = assertThrows(IOException.class, () -> Npy.readFloat(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("fortran_order True"), e.getMessage());
    }

    @Test
    void badMagicVersionAndDtypeAreRefused() throws IOException {
        Path f = dir.resolve("x.npy");
        Files.write(f, "PK\u0003\u0004 this is a zip".getBytes(StandardCharsets.ISO_8859_1));
        assertMessage(f, "bad magic");
        Files.write(f, new byte[] {(byte) 0x93, 'N', 'U'});
        assertMessage(f, "shorter than the magic");
        Path v9 = handMade("v9.npy", 9, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        assertMessage(v9, "version 9.0");
        Path c8 = handMade("c8.npy", 1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
        assertMessage(c8, "unsupported dtype '<c8' (supported: <f4 <f2 <f8 |u1 <u2 <i4");
        Path pipeF4 = handMade("pipef4.npy", 1, "{'descr': '|f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        assertMessage(pipeF4, "unsupported dtype '|f4'");
        Path structured = handMade("rec.npy", 1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        assertMessage(structured, "unsupported dtype [");
        try (NpyArray a = Npy.read(handMade("ints.npy", 1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", new byte[4]))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, a::toFloatArray);
            assertTrue(e.getMessage().contains("<i4"), e.getMessage());
        }
        Path ints = dir.resolve("ints.npy");
        IOException e = assertThrows(IOException.class, () -> Npy.readFloat(ints));
        assertTrue(e.getMessage().contains("expected float16, float32 or float64"), e.getMessage());
    }

    @Test
    void float64IsReadInEitherByteOrderAndRoundedToFloat32() throws IOException {
        double[] values = {0.1, 1.0 / 3, -2.5e-7, 1e300};
        for (java.nio.ByteOrder order : List.of(java.nio.ByteOrder.LITTLE_ENDIAN, java.nio.ByteOrder.BIG_ENDIAN)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * values.length).order(order);
            for (double v : values) {
                b.putDouble(v);
            }
            char c = order == java.nio.ByteOrder.LITTLE_ENDIAN ? '<' : '>';
            Path f = handMade("f8" + c + ".npy", 1, "{'descr': '" + c + "f8', 'fortran_order': False, 'shape': (4,), }",
                    b.array());
            try (NpyArray a = Npy.read(f)) {
                assertEquals(NpyDtype.FLOAT64, a.dtype());
                float[] got = a.toFloatArray();
                for (int i = 0; i < values.length; i++) {
                    assertEquals((float) values[i], got[i], "element " + i + ", " + order);
                }
            }
        }
    }

    @Test
    void malformedHeaderDictsAndShapesAreRefused() throws IOException {
        String[][] cases = {
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3) ", "malformed"},
            {"{'descr': '<f4' 'fortran_order': False, 'shape': (2,), }", "malformed"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3], }", "not a tuple"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2), }", "not a tuple"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", "negative extent at axis 1"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", "too large"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", "overflows"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': ('a',), }", "non-integer"},
            {"{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", "fortran_order is not True/False"},
            {"{'descr': '<f4', 'shape': (1,), }", "exactly the keys"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "exactly the keys"},
            {"['descr', '<f4']", "not a dict"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } junk", "after the dict"},
            {"{'descr': '<f4, 'fortran_order': False, 'shape': (1,), }", "malformed"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path f = handMade("m" + i + ".npy", 1, cases[i][0], new byte[4]);
            assertMessage(f, cases[i][1]);
        }
    }

    @Test
    void writesAreAtomicAndLeaveNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("atomic.npy");
        Npy.write(f, new int[] {1, 2}, 2);
        Npy.write(f, new int[] {3, 4, 5}, 3);
        try (NpyArray a = Npy.read(f)) {
            assertArrayEquals(new int[] {3, 4, 5}, a.toIntArray());
        }
        assertThrows(IllegalArgumentException.class, () -> Npy.write(f, new int[] {9, 9}, 3));
        assertThrows(IllegalArgumentException.class, () -> Npy.write(f, new byte[0], 2, -1));
        try (NpyArray a = Npy.read(f)) {
            assertArrayEquals(new int[] {3, 4, 5}, a.toIntArray(), "a refused write leaves the old file");
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temporary files left");
        }
        IOException e = assertThrows(IOException.class, () -> Npy.write(dir.resolve("missing/x.npy"), new int[] {1}, 1));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void closedArrayRefusesAccess() throws IOException {
        Path f = dir.resolve("c.npy");
        Npy.write(f, new float[] {1, 2}, 2);
        NpyArray a = Npy.read(f);
        assertEquals(2f, a.getFloat(1));
        a.close();
        a.close();
        assertThrows(IllegalStateException.class, () -> a.getFloat(1));
    }

    // ------------------------------------------------------------ helpers

    private void assertMessage(Path f, String expected) {
        IOException e = assertThrows(IOException.class, () -> {
            try (NpyArray a = Npy.read(f)) {
                a.elementCount();
            }
        }, f.toString());
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(expected),
                "expected '" + expected + "' in: " + e.getMessage());
    }

    /** A .npy file with the given version and header text (padded as numpy does) followed by {@code data}. */
    private Path handMade(String name, int major, String dict, byte[] data) throws IOException {
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int prefix = major == 1 ? 10 : 12;
        int hlen = text.length + 1;
        int pad = 64 - (prefix + hlen) % 64;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer len = ByteBuffer.allocate(prefix - 8).order(ByteOrder.LITTLE_ENDIAN);
        if (prefix == 10) {
            len.putShort((short) (hlen + pad));
        } else {
            len.putInt(hlen + pad);
        }
        out.write(len.array());
        out.write(text);
        out.write(" ".repeat(pad).getBytes(StandardCharsets.ISO_8859_1));
        out.write('\n');
        out.write(data);
        Path f = dir.resolve(name);
        Files.write(f, out.toByteArray());
        return f;
    }
}
