package org.activeseg.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Device} in host memory: the stand-in on which the Java side of a cuda operation runs
 * without a GPU. Memory is off-heap; its address is what a kernel restated in Java reads, exactly as
 * a CUDA kernel reads a device pointer. New memory is filled with 0xFF bytes (NaN as float, -1 as
 * int), as uninitialised device memory is garbage, so reading what was never staged shows. Copies
 * are counted in both directions, so a test can check that resident data does not cross again.
 * Thread-safe.
 */
public final class HostDevice implements Device {
    /** The byte new memory is filled with. */
    public static final byte UNINITIALISED = (byte) 0xFF;

    private final AtomicLong bytesToDevice = new AtomicLong();
    private final AtomicLong bytesToHost = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();
    private final AtomicLong liveAllocations = new AtomicLong();
    private final AtomicLong synchronizations = new AtomicLong();

    @Override
    public DeviceMemory allocate(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative allocation size " + bytes);
        }
        return new HostMemory(bytes);
    }

    @Override
    public void makeCurrent() {}

    @Override
    public long streamAddress() {
        return 0;
    }

    @Override
    public void synchronize(String op) {
        synchronizations.incrementAndGet();
    }

    /** Bytes copied host -> device so far. */
    public long bytesToDevice() {
        return bytesToDevice.get();
    }

    /** Bytes copied device -> host so far. */
    public long bytesToHost() {
        return bytesToHost.get();
    }

    /** Bytes allocated and not yet closed. */
    public long liveBytes() {
        return liveBytes.get();
    }

    /** Allocations not yet closed. */
    public long liveAllocations() {
        return liveAllocations.get();
    }

    public long synchronizations() {
        return synchronizations.get();
    }

    private final class HostMemory implements DeviceMemory {
        private final Arena arena = Arena.ofShared();
        private final MemorySegment segment;
        private final long byteSize;
        private boolean closed;

        HostMemory(long bytes) {
            this.byteSize = bytes;
            this.segment = arena.allocate(Math.max(1, bytes), 16);
            segment.fill(UNINITIALISED);
            liveBytes.addAndGet(bytes);
            liveAllocations.incrementAndGet();
        }

        @Override
        public long address() {
            ensureOpen();
            return segment.address();
        }

        @Override
        public long byteSize() {
            return byteSize;
        }

        @Override
        public void copyFromHost(MemorySegment src, long dstByteOffset, long bytes) {
            ensureOpen();
            checkCopy("copyFromHost", src, dstByteOffset, bytes);
            MemorySegment.copy(src, 0, segment, dstByteOffset, bytes);
            bytesToDevice.addAndGet(bytes);
        }

        @Override
        public void copyToHost(long srcByteOffset, MemorySegment dst, long bytes) {
            ensureOpen();
            checkCopy("copyToHost", dst, srcByteOffset, bytes);
            MemorySegment.copy(segment, srcByteOffset, dst, 0, bytes);
            bytesToHost.addAndGet(bytes);
        }

        @Override
        public void fill(long byteOffset, long bytes, byte value) {
            ensureOpen();
            checkRange("fill", byteOffset, bytes);
            segment.asSlice(byteOffset, bytes).fill(value);
        }

        private void ensureOpen() {
            if (closed) {
                throw new IllegalStateException("host stand-in memory of " + byteSize + " bytes is closed");
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            liveBytes.addAndGet(-byteSize);
            liveAllocations.decrementAndGet();
            arena.close();
        }
    }
}
