package org.activeseg.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 tensor in off-heap memory (a {@link MemorySegment}), row-major (C order),
 * with an explicit shape. Probabilities use the layout (N, T, C, P) of DESIGN.md: N frames,
 * T MC samples, C classes and P = H*W pixels contiguous; see {@link #probabilities}.
 *
 * <p>A tensor created by {@link #allocate} owns its memory and frees it in {@link #close()}.
 * A tensor made by {@link #wrap} is a view: closing it frees nothing.
 */
public final class FloatTensor implements AutoCloseable {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final long[] shape;
    private final long[] strides;
    private final MemorySegment data;
    private final Arena owner;

    private FloatTensor(long[] shape, MemorySegment data, Arena owner) {
        this.shape = shape.clone();
        this.strides = stridesOf(this.shape);
        this.data = data;
        this.owner = owner;
    }

    /** Allocates a zero-filled tensor that owns its memory (shared arena: usable from any thread). */
    public static FloatTensor allocate(long... shape) {
        long n = elementCount(shape);
        Arena arena = Arena.ofShared();
        try {
            return new FloatTensor(shape, arena.allocate(Math.max(1, n) * Float.BYTES, 64), arena);
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            throw e;
        }
    }

    /** A view of {@code segment} with the given shape; the segment must hold exactly that many floats. */
    public static FloatTensor wrap(MemorySegment segment, long... shape) {
        long n = elementCount(shape);
        if (segment.byteSize() != n * Float.BYTES) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes cannot hold shape "
                    + Arrays.toString(shape) + " (" + n * Float.BYTES + " bytes)");
        }
        return new FloatTensor(shape, segment, null);
    }

    /** Copies {@code values} into a new owning tensor of the given shape. */
    public static FloatTensor of(float[] values, long... shape) {
        FloatTensor t = allocate(shape);
        if (values.length != t.size()) {
            t.close();
            throw new IllegalArgumentException(values.length + " values do not fill shape " + Arrays.toString(shape));
        }
        MemorySegment.copy(values, 0, t.data, F32, 0, values.length);
        return t;
    }

    /** Probabilities (N, T, C, P): N frames, T MC samples, C classes, P pixels contiguous. */
    public static FloatTensor probabilities(int frames, int samples, int classes, int pixels) {
        return allocate(frames, samples, classes, pixels);
    }

    public static long elementCount(long... shape) {
        Objects.requireNonNull(shape, "shape");
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("negative extent " + shape[i] + " at axis " + i + " of shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, shape[i]);
        }
        return n;
    }

    private static long[] stridesOf(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    public int rank() { return shape.length; }

    public long[] shape() { return shape.clone(); }

    public long dim(int axis) { return shape[axis]; }

    public long size() { return elementCount(shape); }

    public MemorySegment segment() { return data; }

    /** Flat offset (in elements) of a multi-index; checks rank and bounds. */
    public long offset(long... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + index.length + " for tensor of shape " + Arrays.toString(shape));
        }
        long off = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
            }
            off += index[i] * strides[i];
        }
        return off;
    }

    public float get(long flat) { return data.getAtIndex(F32, flat); }

    public void set(long flat, float v) { data.setAtIndex(F32, flat, v); }

    public float at(long... index) { return get(offset(index)); }

    /** Copies all elements to a new heap array (sizes above 2^31-1 elements are refused). */
    public float[] toArray() {
        return data.toArray(ValueLayout.JAVA_FLOAT);
    }

    /** Reads {@code count} floats starting at flat offset {@code from} into {@code dst}. */
    public void copyTo(long from, float[] dst, int dstOffset, int count) {
        MemorySegment.copy(data, F32, from * Float.BYTES, dst, dstOffset, count);
    }

    /** Writes {@code count} floats from {@code src} at flat offset {@code to}. */
    public void copyFrom(float[] src, int srcOffset, long to, int count) {
        MemorySegment.copy(src, srcOffset, data, F32, to * Float.BYTES, count);
    }

    /**
     * A view with a new shape of the same element count (no copy). The view does not own the memory:
     * keep this tensor open while the view is used, and close this one.
     */
    public FloatTensor reshape(long... newShape) {
        if (elementCount(newShape) != size()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return new FloatTensor(newShape, data, null);
    }

    @Override
    public void close() {
        if (owner != null) {
            owner.close();
        }
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
