package org.activeseg.device;

/**
 * Where device operations run: memory, one ordered stream, and synchronisation. Two kinds:
 * the CUDA primary context ({@code org.activeseg.device.cuda.CudaContext}) and {@link HostDevice},
 * a host-memory stand-in on which the Java side of every cuda operation (staging, offsets, strides,
 * packing, copying results back) runs without a GPU, against kernels restated in Java.
 */
public interface Device {

    /** Allocates {@code bytes} of device memory; its contents are undefined until written. */
    DeviceMemory allocate(long bytes);

    /** Makes this device current on the calling thread (every operation starts with this). */
    void makeCurrent();

    /** The stream's raw handle, for the C ABI's cudaStream_t arguments (0 on the host stand-in). */
    long streamAddress();

    /** Waits for the work enqueued on the stream; {@code op} names it in the error text. */
    void synchronize(String op);
}
