package org.activeseg.device;

import java.util.Arrays;
import org.activeseg.tensor.FloatTensor;

/**
 * A dense float32 tensor in {@link DeviceMemory}, row-major (last axis contiguous), owning its memory
 * (freed in {@link #close()}, never by the GC): the one device tensor type of the project. Network
 * activations and MC-dropout outputs are DeviceTensors, and the scoring operations that keep data on
 * the device accept them as they are (for example a ViewAL scene's probabilities, (N, C, P)), so
 * nothing crosses PCIe between the network and the scoring kernels. {@link FloatTensor} is its host
 * counterpart; {@link #upload} and {@link #download} are the only copies, and they say so.
 */
public final class DeviceTensor implements AutoCloseable {
    private final DeviceMemory memory;
    private final long[] shape;
    private final long size;
    private boolean closed;

    private DeviceTensor(DeviceMemory memory, long[] shape, long size) {
        this.memory = memory;
        this.shape = shape;
        this.size = size;
    }

    /** Uninitialised device memory for a tensor of {@code shape} (every extent >= 0). */
    public static DeviceTensor allocate(Device device, long... shape) {
        long size = FloatTensor.elementCount(shape);
        return new DeviceTensor(device.allocate(Math.multiplyExact(size, Float.BYTES)), shape.clone(), size);
    }

    /** A device copy of {@code host} (one host-to-device copy). */
    public static DeviceTensor upload(Device device, FloatTensor host) {
        DeviceTensor t = allocate(device, host.shape());
        try {
            t.copyFrom(host);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Copies {@code host}, of the same shape, into this tensor (host to device). */
    public void copyFrom(FloatTensor host) {
        checkShape(host.shape(), "copy a host tensor of shape");
        memory().copyFrom(host.segment(), byteSize());
    }

    /** Copies this tensor into {@code host}, of the same shape (device to host). */
    public void copyTo(FloatTensor host) {
        checkShape(host.shape(), "copy into a host tensor of shape");
        memory().copyTo(host.segment(), byteSize());
    }

    /** A new host tensor holding this tensor's values (device to host); the caller closes it. */
    public FloatTensor download() {
        FloatTensor host = FloatTensor.allocate(shape);
        try {
            copyTo(host);
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        return host;
    }

    private void checkShape(long[] other, String what) {
        if (!Arrays.equals(shape, other)) {
            throw new IllegalArgumentException("cannot " + what + " " + Arrays.toString(other)
                    + " with a device tensor of shape " + Arrays.toString(shape));
        }
    }

    /** The device memory, for operations that pass its address to kernels. */
    public DeviceMemory memory() {
        if (closed) {
            throw new IllegalStateException("device tensor " + Arrays.toString(shape) + " is closed");
        }
        return memory;
    }

    public long address() {
        return memory().address();
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    /** Elements. */
    public long size() {
        return size;
    }

    public long byteSize() {
        return size * Float.BYTES;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        memory.close();
    }

    @Override
    public String toString() {
        return "DeviceTensor" + Arrays.toString(shape);
    }
}
