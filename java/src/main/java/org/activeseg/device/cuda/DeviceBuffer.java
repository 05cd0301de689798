package org.activeseg.device.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD8;

import java.lang.foreign.MemorySegment;
import jcuda.Pointer;
import org.activeseg.device.DeviceMemory;

/**
 * Device memory owned by this object: cuMemAlloc on creation, cuMemFree in {@link #close()}
 * (never left to the GC). Copies use the legacy default stream, which orders them with the
 * context's (blocking) stream.
 */
public final class DeviceBuffer implements DeviceMemory {
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
    @Override
    public long address() {
        ensureOpen();
        return pointer.address();
    }

    /** The pointer for JCuda calls and kernel parameters. */
    public DevicePointer pointer() {
        ensureOpen();
        return pointer;
    }

    @Override
    public long byteSize() {
        return byteSize;
    }

    @Override
    public void copyFromHost(MemorySegment src, long dstByteOffset, long bytes) {
        checkCopy("copyFromHost", src, dstByteOffset, bytes);
        if (bytes == 0) {
            return;
        }
        context.makeCurrent();
        CudaContext.check(cuMemcpyHtoD(pointer().withByteOffset(dstByteOffset), new HostPointer(src.address()), bytes),
                "cuMemcpyHtoD(" + bytes + " bytes at device byte " + dstByteOffset + ")");
    }

    @Override
    public void copyToHost(long srcByteOffset, MemorySegment dst, long bytes) {
        checkCopy("copyToHost", dst, srcByteOffset, bytes);
        if (bytes == 0) {
            return;
        }
        context.makeCurrent();
        CudaContext.check(cuMemcpyDtoH(new HostPointer(dst.address()), pointer().withByteOffset(srcByteOffset), bytes),
                "cuMemcpyDtoH(" + bytes + " bytes at device byte " + srcByteOffset + ")");
    }

    @Override
    public void fill(long byteOffset, long bytes, byte value) {
        checkRange("fill", byteOffset, bytes);
        if (bytes == 0) {
            return;
        }
        context.makeCurrent();
        CudaContext.check(cuMemsetD8(pointer().withByteOffset(byteOffset), value, bytes),
                "cuMemsetD8(" + bytes + " bytes at device byte " + byteOffset + ")");
    }

    @Override
    public void copyFrom(float[] src) {
        long bytes = (long) src.length * Float.BYTES;
        checkRange("copyFrom(float[" + src.length + "])", 0, bytes);
        context.makeCurrent();
        CudaContext.check(cuMemcpyHtoD(pointer(), Pointer.to(src), bytes), "cuMemcpyHtoD(" + bytes + " bytes)");
    }

    @Override
    public void copyTo(float[] dst) {
        long bytes = (long) dst.length * Float.BYTES;
        checkRange("copyTo(float[" + dst.length + "])", 0, bytes);
        context.makeCurrent();
        CudaContext.check(cuMemcpyDtoH(Pointer.to(dst), pointer(), bytes), "cuMemcpyDtoH(" + bytes + " bytes)");
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
