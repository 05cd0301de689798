package org.activeseg.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.activeseg.testing.NumpyScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exchanges .npy files with the real numpy through python3: files written here must be
 * loaded by numpy with the same dtype and values and re-saved by numpy to the same bytes;
 * files numpy writes (both byte orders, format 2.0 and 3.0, Fortran order) must read here
 * with exactly the values numpy put in. Skips, saying so, where python3 with numpy is absent.
 */
class NpyNumpyInteropTest {
    @TempDir
    Path dir;

    @Test
    void numpyLoadsWhatJavaWritesAndResavesTheSameBytes() throws IOException {
        NumpyScript.requireNumpy("NpyNumpyInteropTest");
        try (FloatTensor t = FloatTensor.of(new float[] {1.5f, -0f, Float.MIN_VALUE, 3.4e38f, Float.NaN, -7.25f}, 2, 3)) {
            Npy.write(dir.resolve("f4.npy"), t);
        }
        try (FloatTensor t = FloatTensor.of(new float[] {-2.5f})) {
            Npy.write(dir.resolve("f4_scalar.npy"), t);
        }
        try (FloatTensor t = FloatTensor.of(new float[] {Float.POSITIVE_INFINITY, Float.NaN, 0x1p-24f, 65504f, 70000f, 0.1f, -0f},
                7)) {
            Npy.writeFloat16(dir.resolve("f2.npy"), t);
        }
        byte[] u8 = new byte[20];
        for (int i = 0; i < u8.length; i++) {
            u8[i] = (byte) (i * 13);
        }
        Npy.write(dir.resolve("u1.npy"), u8, 4, 5);
        Npy.writeUint16(dir.resolve("u2.npy"), new int[] {0, 65535, 1234}, 3);
        Npy.write(dir.resolve("i4.npy"), new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE, 5, 6, 7, 8}, 2, 2, 2);
        Npy.write(dir.resolve("i4_empty.npy"), new int[0], 0, 3);
        Npy.write(dir.resolve("u1_one.npy"), new byte[] {42}, 1);

        Run r = python(dir, """
                import numpy as np, sys
                expect = {
                    'f4': ('<f4', (2, 3), np.array([1.5, -0.0, 1.4e-45, 3.4e38, np.nan, -7.25], '<f4').reshape(2, 3)),
                    'f4_scalar': ('<f4', (), np.array(-2.5, '<f4')),
                    'f2': ('<f2', (7,), np.array([np.inf, np.nan, 2.0**-24, 65504, np.inf, 0.1, -0.0], '<f2')),
                    'u1': ('|u1', (4, 5), (np.arange(20) * 13 % 256).astype('u1').reshape(4, 5)),
                    'u2': ('<u2', (3,), np.array([0, 65535, 1234], '<u2')),
                    'i4': ('<i4', (2, 2, 2), np.array([-2**31, -1, 0, 2**31 - 1, 5, 6, 7, 8], '<i4').reshape(2, 2, 2)),
                    'i4_empty': ('<i4', (0, 3), np.zeros((0, 3), '<i4')),
                    'u1_one': ('|u1', (1,), np.array([42], 'u1')),
                }
                bad = []
                for name, (descr, shape, want) in expect.items():
                    a = np.load(name + '.npy')
                    if a.dtype.str != descr or a.shape != shape:
                        bad.append(f'{name}: {a.dtype.str} {a.shape}, expected {descr} {shape}')
                    elif a.tobytes() != want.tobytes():
                        bad.append(f'{name}: values {a!r}, expected {want!r}')
                    np.save(name + '.numpy.npy', a)
                print('\\n'.join(bad) if bad else 'ok')
                sys.exit(1 if bad else 0)
                """);
        assertEquals(0, r.exit, r.output);
        for (String name : List.of("f4", "f4_scalar", "f2", "u1", "u2", "i4", "i4_empty", "u1_one")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(name + ".numpy.npy")), Files.readAllBytes(dir.resolve(name + ".npy")),
                    name + ": numpy re-saves different bytes than Java wrote");
        }
    }

    @Test
    void javaReadsWhatNumpyWritesExactly() throws IOException {
        NumpyScript.requireNumpy("NpyNumpyInteropTest");
        Run r = python(dir, """
                import numpy as np
                from numpy.lib import format as fmt
                a = (np.arange(24, dtype='<f4').reshape(2, 3, 4) / 8 - 1)
                np.save('f4.npy', a)
                np.save('f4_be.npy', a.astype('>f4'))
                np.save('f2.npy', np.array([np.inf, -np.inf, np.nan, 2.0**-24, 65504, -0.0, 1/3], '<f2'))
                np.save('u1.npy', np.arange(256, dtype='u1').reshape(16, 16))
                np.save('u2_be.npy', np.array([[1, 65535], [256, 0]], '>u2'))
                np.save('i4.npy', np.array([-2**31, 2**31 - 1, -7], '<i4'))
                np.save('i4_be.npy', np.array([-2**31, 2**31 - 1, -7], '>i4'))
                np.save('scalar.npy', np.float32(0.1))
                np.save('one.npy', np.array([3], '<u2'))
                with open('v2.npy', 'wb') as f:
                    fmt.write_array(f, np.array([[1, 2, 3]], '<i4'), version=(2, 0))
                with open('v3.npy', 'wb') as f:
                    fmt.write_array(f, np.array([7, 8], 'u1'), version=(3, 0))
                np.save('fortran.npy', np.asfortranarray(np.ones((2, 3), '<f4')))
                np.save('f8.npy', np.array([1.0, 1.0 / 3, -2.5e-7]))
                print('ok')
                """);
        assertEquals(0, r.exit, r.output);

        float[] want = new float[24];
        for (int i = 0; i < 24; i++) {
            want[i] = i / 8f - 1f;
        }
        for (String name : List.of("f4.npy", "f4_be.npy")) {
            try (FloatTensor t = Npy.readFloat(dir.resolve(name))) {
                assertArrayEquals(new long[] {2, 3, 4}, t.shape(), name);
                assertArrayEquals(want, t.toArray(), name);
            }
        }
        try (NpyArray be = Npy.read(dir.resolve("f4_be.npy"))) {
            assertEquals(ByteOrder.BIG_ENDIAN, be.byteOrder());
        }
        try (FloatTensor t = Npy.readFloat(dir.resolve("f2.npy"))) {
            float[] got = t.toArray();
            assertEquals(Float.POSITIVE_INFINITY, got[0]);
            assertEquals(Float.NEGATIVE_INFINITY, got[1]);
            assertTrue(Float.isNaN(got[2]));
            assertEquals(0x1p-24f, got[3]);
            assertEquals(65504f, got[4]);
            assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(got[5]));
            assertEquals(Float.float16ToFloat(Float.floatToFloat16(1f / 3)), got[6], "numpy and Java round to the same float16");
        }
        try (NpyArray a = Npy.read(dir.resolve("u1.npy"))) {
            int[] v = a.toIntArray();
            for (int i = 0; i < 256; i++) {
                assertEquals(i, v[i]);
            }
        }
        try (NpyArray a = Npy.read(dir.resolve("u2_be.npy"))) {
            assertArrayEquals(new int[] {1, 65535, 256, 0}, a.toIntArray());
        }
        for (String name : List.of("i4.npy", "i4_be.npy")) {
            try (NpyArray a = Npy.read(dir.resolve(name))) {
                assertArrayEquals(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, -7}, a.toIntArray(), name);
            }
        }
        try (FloatTensor t = Npy.readFloat(dir.resolve("scalar.npy"))) {
            assertEquals(0, t.rank());
            assertEquals(0.1f, t.get(0));
        }
        try (NpyArray a = Npy.read(dir.resolve("one.npy"))) {
            assertArrayEquals(new long[] {1}, a.shape());
            assertEquals(3, a.getInt(0));
        }
        try (NpyArray a = Npy.read(dir.resolve("v2.npy"))) {
            assertEquals("2.0", a.formatVersion());
            assertArrayEquals(new int[] {1, 2, 3}, a.toIntArray());
        }
        try (NpyArray a = Npy.read(dir.resolve("v3.npy"))) {
            assertEquals("3.0", a.formatVersion());
            assertArrayEquals(new byte[] {7, 8}, a.toByteArray());
        }
        IOException fortran = assertThrows(IOException.class, () -> Npy.readFloat(dir.resolve("fortran.npy")));
        assertTrue(fortran.getMessage().contains("fortran.npy") && fortran.getMessage().contains("fortran_order True"),
                fortran.getMessage());
        // numpy's default float64 is read, rounded to float32
        try (NpyArray a = Npy.read(dir.resolve("f8.npy"))) {
            assertEquals(NpyDtype.FLOAT64, a.dtype());
            assertArrayEquals(new float[] {1f, (float) (1.0 / 3), (float) -2.5e-7}, a.toFloatArray());
        }
    }

    private record Run(int exit, String output) {}

    private static Run python(Path workDir, String script) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", script).directory(workDir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "python3 timed out");
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted waiting for python3", e);
        }
    }
}
