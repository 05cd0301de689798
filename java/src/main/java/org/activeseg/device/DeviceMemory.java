package org.activeseg.device;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A block of memory on a {@link Device}, owned by this object and freed in {@link #close()} (never by
 * the GC). Kernels receive {@link #address()}; the host reaches the contents only through the copies
 * below. Every offset and size here is in BYTES, named so: the ViewAL depth-staging bug was an
 * element index passed where a byte offset was meant.
 */
public interface DeviceMemory extends AutoCloseable {

    /** The raw address that kernels and C ABI launchers receive. */
    long address();

    long byteSize();

    /** Copies {@code bytes} from the off-heap segment {@code src} (from its start) to {@code dstByteOffset} here. */
    void copyFromHost(MemorySegment src, long dstByteOffset, long bytes);

    /** Copies {@code bytes} from {@code srcByteOffset} here into the off-heap segment {@code dst} (from its start). */
    void copyToHost(long srcByteOffset, MemorySegment dst, long bytes);

    /** Sets {@code bytes} bytes from {@code byteOffset} to {@code value}. */
    void fill(long byteOffset, long bytes, byte value);

    /** Copies the first {@code bytes} of {@code src} to the start of this memory. */
    default void copyFrom(MemorySegment src, long bytes) {
        copyFromHost(src, 0, bytes);
    }

    /** Copies the first {@code bytes} of this memory to the start of {@code dst}. */
    default void copyTo(MemorySegment dst, long bytes) {
        copyToHost(0, dst, bytes);
    }

    default void copyFrom(float[] src) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocateFrom(JAVA_FLOAT, src);
            copyFromHost(s, 0, s.byteSize());
        }
    }

    default void copyTo(float[] dst) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(JAVA_FLOAT, dst.length);
            copyToHost(0, s, s.byteSize());
            MemorySegment.copy(s, JAVA_FLOAT, 0, dst, 0, dst.length);
        }
    }

    /** Checks a copy's range against the host segment and this memory; names {@code op} in the error. */
    default void checkCopy(String op, MemorySegment host, long deviceByteOffset, long bytes) {
        if (!host.isNative()) {
            throw new IllegalArgumentException(op + ": host segment must be off-heap (native), got " + host);
        }
        if (bytes < 0 || bytes > host.byteSize()) {
            throw new IllegalArgumentException(op + ": " + bytes + " bytes requested from a host segment of "
                    + host.byteSize());
        }
        checkRange(op, deviceByteOffset, bytes);
    }

    /** Checks that [byteOffset, byteOffset + bytes) lies inside this memory. */
    default void checkRange(String op, long byteOffset, long bytes) {
        if (byteOffset < 0 || bytes < 0 || byteOffset > byteSize() - bytes) {
            throw new IllegalArgumentException(op + ": bytes [" + byteOffset + ", " + (byteOffset + bytes)
                    + ") do not fit device memory of " + byteSize() + " bytes");
        }
    }

    @Override
    void close();
}
