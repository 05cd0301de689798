package org.activeseg.backend.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import java.lang.foreign.MemorySegment;
import jcuda.Pointer;

/**
 * Device memory owned by this object: cuMemAlloc on creation, cuMemFree in {@link #close()}
 * (never left to the GC). Copies use the legacy default stream, which orders them with the
 * context's (blocking) stream.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final CudaContext context;
    private final DevicePointer pointer;
    private final long byteSize;
    private boolean closed;

    private DeviceBuffer(CudaContext context, DevicePointer pointer, long byteSize) {
        this.context = context;
        this.pointer = pointer;
        this.byteSize = byteSize;
    }

    static DeviceBuffer allocate(CudaContext context, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative allocation size " + bytes);
        }
        DevicePointer p = new DevicePointer();
        CudaContext.check(cuMemAlloc(p, Math.max(1, bytes)), "cuMemAlloc(" + bytes + " bytes)");
        return new DeviceBuffer(context, p, bytes);
    }

    /** The raw device address, for Panama downcalls. */
    public long address() {
        ensureOpen();
        return pointer.address();
    }

    /** The pointer for JCuda calls and kernel parameters. */
    DevicePointer pointer() {
        ensureOpen();
        return pointer;
    }

    public long byteSize() {
        return byteSize;
    }

    /** Copies the first {@code bytes} of the off-heap segment {@code src} to the start of this buffer. */
    public void copyFrom(MemorySegment src, long bytes) {
        checkHost(src, bytes, "copyFrom");
        if (bytes == 0) {
            return;
        }
        context.makeCurrent();
        CudaContext.check(cuMemcpyHtoD(pointer(), new HostPointer(src.address()), bytes), "cuMemcpyHtoD(" + bytes + " bytes)");
    }

    /** Copies the start of this buffer into the first {@code bytes} of the off-heap segment {@code dst}. */
    public void copyTo(MemorySegment dst, long bytes) {
        checkHost(dst, bytes, "copyTo");
        if (bytes == 0) {
            return;
        }
        context.makeCurrent();
        CudaContext.check(cuMemcpyDtoH(new HostPointer(dst.address()), pointer(), bytes), "cuMemcpyDtoH(" + bytes + " bytes)");
    }

    public void copyFrom(float[] src) {
        long bytes = (long) src.length * Float.BYTES;
        checkSize(bytes, "copyFrom(float[" + src.length + "])");
        context.makeCurrent();
        CudaContext.check(cuMemcpyHtoD(pointer(), Pointer.to(src), bytes), "cuMemcpyHtoD(" + bytes + " bytes)");
    }

    public void copyTo(float[] dst) {
        long bytes = (long) dst.length * Float.BYTES;
        checkSize(bytes, "copyTo(float[" + dst.length + "])");
        context.makeCurrent();
        CudaContext.check(cuMemcpyDtoH(Pointer.to(dst), pointer(), bytes), "cuMemcpyDtoH(" + bytes + " bytes)");
    }

    private void checkHost(MemorySegment host, long bytes, String op) {
        if (!host.isNative()) {
            throw new IllegalArgumentException(op + ": host segment must be off-heap (native), got " + host);
        }
        if (bytes < 0 || bytes > host.byteSize()) {
            throw new IllegalArgumentException(op + ": " + bytes + " bytes requested from a host segment of " + host.byteSize());
        }
        checkSize(bytes, op);
    }

    private void checkSize(long bytes, String op) {
        if (bytes > byteSize) {
            throw new IllegalArgumentException(op + ": " + bytes + " bytes do not fit a device buffer of " + byteSize);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("device buffer of " + byteSize + " bytes is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.makeCurrent();
        CudaContext.check(cuMemFree(pointer), "cuMemFree");
    }
}
