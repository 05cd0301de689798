package org.activeseg.tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes NumPy .npy files (format 1.0 and 2.0; 3.0 read), so that probabilities,
 * scores and label maps can be exchanged with the Python reference implementations.
 *
 * <p>Supported: C-order arrays of float32, float16, uint8, uint16 and int32, either byte
 * order on reading, and float64 for reading (converted to float32 by the float accessors); files are always written little-endian, with the exact header bytes
 * numpy.save produces. Reading memory-maps the data ({@link NpyArray}); writing streams it
 * in chunks to a temporary file in the target folder that is renamed over the target only
 * when complete, so readers never see a half-written file.
 *
 * <p>Problems in a file (bad magic, malformed header, Fortran order, unsupported dtype,
 * impossible shape, data shorter or longer than the shape implies) are IOExceptions whose
 * message starts with the file name.
 */
public final class Npy {
    private static final int CHUNK_BYTES = 1 << 20;

    private Npy() {}

    // ---------------------------------------------------------------- reading

    /** Opens a .npy file and maps its data; close the result to release the mapping. */
    public static NpyArray read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader h = NpyHeader.read(ch, file);
            long available = ch.size() - h.dataOffset();
            long needed = h.byteCount();
            String what = h.dtype().descr(h.order()) + " shape " + NpyHeader.shapeRepr(h.shape());
            if (available < needed) {
                throw new IOException(file + ": truncated .npy data: " + what + " needs " + needed + " bytes after the "
                        + h.dataOffset() + "-byte header, the file has " + available);
            }
            if (available > needed) {
                throw new IOException(file + ": .npy file has " + (available - needed) + " bytes after the data of " + what
                        + " (" + needed + " bytes); it is not a single array");
            }
            if (needed == 0) {
                return new NpyArray(file, h, MemorySegment.ofArray(new byte[0]), null);
            }
            Arena arena = Arena.ofShared();
            try {
                MemorySegment data = ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), needed, arena);
                return new NpyArray(file, h, data, arena);
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        }
    }

    /** Reads a float16, float32 or float64 .npy file into a new float32 tensor of its shape. */
    public static FloatTensor readFloat(Path file) throws IOException {
        try (NpyArray a = read(file)) {
            if (!a.dtype().isFloat()) {
                throw new IOException(file + ": expected float16, float32 or float64 data, the file holds " + a.dtype().descr(a.byteOrder()));
            }
            return a.toFloatTensor();
        }
    }

    // ---------------------------------------------------------------- writing

    /** Writes a tensor as little-endian float32 ({@code <f4}) with the tensor's shape. */
    public static void write(Path file, FloatTensor tensor) throws IOException {
        long[] shape = tensor.shape();
        MemorySegment src = tensor.segment();
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            writeAtomically(file, NpyDtype.FLOAT32, shape, ch -> writeSegment(ch, src.asSlice(0, tensor.size() * Float.BYTES)));
        } else {
            writeAtomically(file, NpyDtype.FLOAT32, shape, ch -> writeConverted(ch, tensor.size(), Float.BYTES,
                    (buf, i) -> buf.putFloat(src.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i))));
        }
    }

    /** Writes a float array of the given shape as {@code <f4}. */
    public static void write(Path file, float[] values, long... shape) throws IOException {
        checkLength(file, values.length, shape);
        MemorySegment src = MemorySegment.ofArray(values);
        writeAtomically(file, NpyDtype.FLOAT32, shape, ch -> writeConverted(ch, values.length, Float.BYTES,
                (buf, i) -> buf.putFloat(src.getAtIndex(ValueLayout.JAVA_FLOAT, i))));
    }

    /**
     * Writes a tensor as little-endian float16 ({@code <f2}), rounding each value to the
     * nearest float16 (ties to even, as numpy's astype does); values beyond 65504 become
     * infinities and NaN stays NaN.
     */
    public static void writeFloat16(Path file, FloatTensor tensor) throws IOException {
        MemorySegment src = tensor.segment();
        writeAtomically(file, NpyDtype.FLOAT16, tensor.shape(), ch -> writeConverted(ch, tensor.size(), 2,
                (buf, i) -> buf.putShort(Float.floatToFloat16(src.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i)))));
    }

    /** Writes bytes as uint8 ({@code |u1}) with the given shape. */
    public static void write(Path file, byte[] u8, long... shape) throws IOException {
        checkLength(file, u8.length, shape);
        writeAtomically(file, NpyDtype.UINT8, shape, ch -> writeSegment(ch, MemorySegment.ofArray(u8)));
    }

    /** Writes shorts as uint16 ({@code <u2}); each short's 16 bits are the unsigned value. */
    public static void writeUint16(Path file, short[] u16, long... shape) throws IOException {
        checkLength(file, u16.length, shape);
        writeAtomically(file, NpyDtype.UINT16, shape, ch -> writeConverted(ch, u16.length, 2,
                (buf, i) -> buf.putShort(u16[(int) i])));
    }

    /** Writes ints in 0..65535 as uint16 ({@code <u2}); any other value is refused, naming its index. */
    public static void writeUint16(Path file, int[] u16, long... shape) throws IOException {
        checkLength(file, u16.length, shape);
        for (int i = 0; i < u16.length; i++) {
            if (u16[i] < 0 || u16[i] > 0xFFFF) {
                throw new IllegalArgumentException(file + ": value " + u16[i] + " at index " + i + " does not fit uint16");
            }
        }
        writeAtomically(file, NpyDtype.UINT16, shape, ch -> writeConverted(ch, u16.length, 2,
                (buf, i) -> buf.putShort((short) u16[(int) i])));
    }

    /** Writes ints as little-endian int32 ({@code <i4}) with the given shape. */
    public static void write(Path file, int[] i32, long... shape) throws IOException {
        checkLength(file, i32.length, shape);
        writeAtomically(file, NpyDtype.INT32, shape, ch -> writeConverted(ch, i32.length, 4,
                (buf, i) -> buf.putInt(i32[(int) i])));
    }

    // ---------------------------------------------------------------- internals

    private interface Body {
        void writeTo(FileChannel ch) throws IOException;
    }

    private interface Element {
        void put(ByteBuffer littleEndian, long index);
    }

    private static void checkLength(Path file, int length, long[] shape) {
        long n;
        try {
            n = FloatTensor.elementCount(shape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(file + ": bad shape " + Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
        if (n != length) {
            throw new IllegalArgumentException(file + ": " + length + " values do not fill shape " + Arrays.toString(shape)
                    + " (" + n + " elements)");
        }
    }

    private static void writeAtomically(Path file, NpyDtype dtype, long[] shape, Body body) throws IOException {
        Objects.requireNonNull(file, "file");
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException(file + ": negative extent " + shape[i] + " at axis " + i);
            }
        }
        byte[] header = NpyHeader.format(dtype, ByteOrder.LITTLE_ENDIAN, shape);
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        // Not Files.createTempFile: its 0600 permissions would stay on the renamed file.
        Path tmp = dir.resolve("." + abs.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        boolean done = false;
        try {
            try (FileChannel ch = out) {
                ByteBuffer hb = ByteBuffer.wrap(header);
                while (hb.hasRemaining()) {
                    ch.write(hb);
                }
                body.writeTo(ch);
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Writes a little-endian segment as is, in chunks (no copy for off-heap segments). */
    private static void writeSegment(FileChannel ch, MemorySegment seg) throws IOException {
        for (long off = 0; off < seg.byteSize(); off += CHUNK_BYTES) {
            ByteBuffer b = seg.asSlice(off, Math.min(CHUNK_BYTES, seg.byteSize() - off)).asByteBuffer();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** Converts {@code count} elements into a reused little-endian chunk buffer and writes it. */
    private static void writeConverted(FileChannel ch, long count, int bytes, Element element) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, Math.max(bytes, count * bytes)))
                .order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = buf.capacity() / bytes;
        for (long i = 0; i < count; ) {
            buf.clear();
            long end = Math.min(count, i + perChunk);
            for (; i < end; i++) {
                element.put(buf, i);
            }
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }
}
