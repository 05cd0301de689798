package org.activeseg.model.gpu;

import org.activeseg.device.Device;
import org.activeseg.device.DeviceTensor;
import org.activeseg.model.Tensor4;

/**
 * A dense float activation in NCHW layout (W contiguous) in device memory: the GPU counterpart of
 * {@link Tensor4}, a rank-4 view of the project's {@link DeviceTensor}, which it owns and frees in
 * {@link #close()} (never by the GC); {@link #tensor()} hands it to the scoring operations as it is.
 * Extents are positive and the element count below 2^31 (cuDNN's tensor limits).
 */
public final class GpuTensor implements AutoCloseable {
    private final DeviceTensor tensor;
    private final int n, c, h, w;

    private GpuTensor(DeviceTensor tensor, int n, int c, int h, int w) {
        this.tensor = tensor;
        this.n = n;
        this.c = c;
        this.h = h;
        this.w = w;
    }

    /** Uninitialised device memory for an (n, c, h, w) tensor. */
    public static GpuTensor allocate(Device device, int n, int c, int h, int w) {
        DescriptorChecks.tensor4d(n, c, h, w);
        return new GpuTensor(DeviceTensor.allocate(device, n, c, h, w), n, c, h, w);
    }

    /** A device copy of {@code host}. */
    public static GpuTensor upload(Device device, Tensor4 host) {
        GpuTensor t = allocate(device, host.n(), host.c(), host.h(), host.w());
        try {
            t.tensor.memory().copyFrom(host.data());
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Overwrites this tensor with {@code host}, which must have its shape. */
    public void copyFrom(Tensor4 host) {
        if (host.n() != n || host.c() != c || host.h() != h || host.w() != w) {
            throw new IllegalArgumentException("cannot copy a host tensor of shape " + host.shapeString()
                    + " into a device tensor of shape " + shapeString());
        }
        tensor.memory().copyFrom(host.data());
    }

    /** A host copy (waits for the work enqueued before it on the context's stream). */
    public Tensor4 download() {
        Tensor4 t = new Tensor4(n, c, h, w);
        tensor.memory().copyTo(t.data());
        return t;
    }

    /** The raw device address, for cuDNN / cuBLAS / kernel downcalls. */
    public long address() {
        return tensor.address();
    }

    /** The device tensor (N, C, H, W) this view owns, for operations that take the project's tensor type. */
    public DeviceTensor tensor() {
        if (tensor.isClosed()) {
            throw new IllegalStateException("device tensor " + shapeString() + " is closed");
        }
        return tensor;
    }

    public int n() { return n; }
    public int c() { return c; }
    public int h() { return h; }
    public int w() { return w; }

    /** Number of floats. */
    public long size() {
        return (long) n * c * h * w;
    }

    public boolean hasShape(int n, int c, int h, int w) {
        return this.n == n && this.c == c && this.h == h && this.w == w;
    }

    public boolean sameShape(GpuTensor o) {
        return hasShape(o.n, o.c, o.h, o.w);
    }

    public String shapeString() {
        return "[" + n + ", " + c + ", " + h + ", " + w + "]";
    }

    /** Whether {@link #close()} ran (its memory is then freed and it may not be used). */
    public boolean isClosed() {
        return tensor.isClosed();
    }

    @Override
    public void close() {
        tensor.close();
    }

    @Override
    public String toString() {
        return "GpuTensor" + shapeString();
    }
}
