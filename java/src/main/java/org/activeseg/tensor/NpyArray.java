package org.activeseg.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The contents of one .npy file, read by {@link Npy#read}: element type, byte order, shape
 * (C order) and the raw data bytes, memory-mapped from the file rather than copied. The
 * mapping stays valid until {@link #close()}; the accessors convert to Java arrays or a
 * {@link FloatTensor} on demand, honouring the file's byte order.
 */
public final class NpyArray implements AutoCloseable {
    private final Path source;
    private final NpyHeader header;
    private final MemorySegment data;
    private final Arena arena;

    NpyArray(Path source, NpyHeader header, MemorySegment data, Arena arena) {
        this.source = source;
        this.header = header;
        this.data = data;
        this.arena = arena;
    }

    public Path source() { return source; }

    public NpyDtype dtype() { return header.dtype(); }

    /** Byte order of the data in the file (little-endian for numpy's {@code <} and {@code |}). */
    public ByteOrder byteOrder() { return header.order(); }

    /** Shape in C order; empty for a 0-d array (which holds one element). */
    public long[] shape() { return header.shape().clone(); }

    public int rank() { return header.shape().length; }

    public long elementCount() { return header.elementCount(); }

    /** File format version, e.g. {@code "1.0"}. */
    public String formatVersion() { return header.major() + "." + header.minor(); }

    /** The raw data bytes (read-only, file byte order), valid until {@link #close()}. */
    public MemorySegment data() { return data; }

    /** Element {@code i} (flat C-order index) of a float16, float32 or float64 array, as float (float64 rounded). */
    public float getFloat(long i) {
        return switch (dtype()) {
            case FLOAT32 -> data.getAtIndex(f32(), i);
            case FLOAT16 -> Float.float16ToFloat(data.getAtIndex(i16(), i));
            case FLOAT64 -> (float) data.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(byteOrder()), i);
            default -> throw wrongType("getFloat", "float16, float32 or float64");
        };
    }

    /** Element {@code i} of a uint8, uint16 or int32 array, as int (unsigned types are widened). */
    public int getInt(long i) {
        return switch (dtype()) {
            case UINT8 -> data.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
            case UINT16 -> data.getAtIndex(i16(), i) & 0xFFFF;
            case INT32 -> data.getAtIndex(i32(), i);
            default -> throw wrongType("getInt", "uint8, uint16 or int32");
        };
    }

    /** All elements of a float16, float32 or float64 array as a new float32 tensor of the same shape. */
    public FloatTensor toFloatTensor() {
        return toFloatTensor(header.shape());
    }

    /**
     * All elements of a float16, float32 or float64 array as a new float32 tensor of {@code shape}, which must
     * hold the same number of elements (e.g. (T, C, H, W) read as (T, C, H*W)).
     */
    public FloatTensor toFloatTensor(long... shape) {
        if (!dtype().isFloat()) {
            throw wrongType("toFloatTensor", "float16, float32 or float64");
        }
        if (FloatTensor.elementCount(shape) != elementCount()) {
            throw new IllegalArgumentException(source + ": cannot read shape " + java.util.Arrays.toString(header.shape())
                    + " as " + java.util.Arrays.toString(shape));
        }
        FloatTensor t = FloatTensor.allocate(shape);
        try {
            long n = elementCount();
            if (dtype() == NpyDtype.FLOAT32 && byteOrder() == ByteOrder.nativeOrder()) {
                MemorySegment.copy(data, 0, t.segment(), 0, n * Float.BYTES);
            } else {
                MemorySegment dst = t.segment();
                for (long i = 0; i < n; i++) {
                    dst.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, getFloat(i));
                }
            }
            return t;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /** All elements of a float16, float32 or float64 array as a new float array. */
    public float[] toFloatArray() {
        if (!dtype().isFloat()) {
            throw wrongType("toFloatArray", "float16, float32 or float64");
        }
        float[] out = new float[arrayLength()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getFloat(i);
        }
        return out;
    }

    /** All elements of a uint8, uint16 or int32 array as a new int array (unsigned types widened). */
    public int[] toIntArray() {
        if (dtype().isFloat()) {
            throw wrongType("toIntArray", "uint8, uint16 or int32");
        }
        int[] out = new int[arrayLength()];
        if (dtype() == NpyDtype.INT32) {
            MemorySegment.copy(data, i32(), 0, out, 0, out.length);
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = getInt(i);
            }
        }
        return out;
    }

    /** All elements of a uint8 array as a new byte array (read them with {@code & 0xFF}). */
    public byte[] toByteArray() {
        if (dtype() != NpyDtype.UINT8) {
            throw wrongType("toByteArray", "uint8");
        }
        byte[] out = new byte[arrayLength()];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, out, 0, out.length);
        return out;
    }

    /** Releases the mapping; the array's data is unusable afterwards. */
    @Override
    public void close() {
        if (arena != null && arena.scope().isAlive()) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "NpyArray[" + source + ", " + dtype().descr(byteOrder()) + ", shape " + Arrays.toString(header.shape()) + "]";
    }

    private int arrayLength() {
        long n = elementCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(source + ": " + n + " elements do not fit a Java array; use data() or toFloatTensor()");
        }
        return (int) n;
    }

    private IllegalStateException wrongType(String method, String wanted) {
        return new IllegalStateException(source + ": " + method + " needs " + wanted + " data, the file holds "
                + dtype().descr(byteOrder()));
    }

    private ValueLayout.OfFloat f32() { return ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(byteOrder()); }

    private ValueLayout.OfShort i16() { return ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(byteOrder()); }

    private ValueLayout.OfInt i32() { return ValueLayout.JAVA_INT_UNALIGNED.withOrder(byteOrder()); }
}
