package org.activeseg.device.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuGetErrorString;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoad;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream_flags;
import org.activeseg.device.Device;

/**
 * One device's primary context, reached through JCuda's driver API: the kernel module (our
 * activeseg.fatbin), one stream, and device memory ({@link #allocate}). The Panama launchers of
 * libactiveseg_cuda.so run on the same primary context and device pointers.
 *
 * <p>This is the only class that starts the JCuda driver binding. Without libcuda.so.1,
 * {@code cuInit} throws UnsatisfiedLinkError and every later use of JCudaDriver a
 * NoClassDefFoundError; the first failure is caught here (as LinkageError), remembered for the
 * JVM's life and reported as the reason on every later attempt.
 */
public final class CudaContext implements Device, AutoCloseable {
    private static volatile String driverFailure;

    private final int ordinal;
    private final CUdevice device;
    private final CUcontext context;
    private final CUmodule module;
    private final StreamHandle stream;
    private final String deviceName;
    private final String computeCapability;
    private final int driverVersion;
    private boolean closed;

    private CudaContext(int ordinal, CUdevice device, CUcontext context, CUmodule module, StreamHandle stream,
                        String deviceName, String computeCapability, int driverVersion) {
        this.ordinal = ordinal;
        this.device = device;
        this.context = context;
        this.module = module;
        this.stream = stream;
        this.deviceName = deviceName;
        this.computeCapability = computeCapability;
        this.driverVersion = driverVersion;
    }

    /**
     * Initialises the driver, retains device {@code ordinal}'s primary context, loads the kernel
     * module from {@code fatbin} and creates a stream.
     *
     * @throws CudaCallException naming the failed driver call, or the missing driver binding
     */
    public static CudaContext open(int ordinal, Path fatbin) {
        String failure = driverFailure;
        if (failure != null) {
            throw new CudaCallException("JCuda driver API unavailable in this JVM (first failure: " + failure + ")", -1);
        }
        if (!Files.isRegularFile(fatbin)) {
            throw new CudaCallException("kernel module " + fatbin + ": no such file (it is built with the library)", -1);
        }
        try {
            return openDriver(ordinal, fatbin);
        } catch (LinkageError e) {
            String text = e.getClass().getSimpleName() + ": " + e.getMessage();
            driverFailure = text;
            throw new CudaCallException("JCuda driver API unavailable (libcuda.so.1 missing?): " + text, -1, e);
        }
    }

    private static CudaContext openDriver(int ordinal, Path fatbin) {
        check(cuInit(0), "cuInit");
        int[] count = new int[1];
        check(cuDeviceGetCount(count), "cuDeviceGetCount");
        if (ordinal < 0 || ordinal >= count[0]) {
            throw new CudaCallException("device " + ordinal + " requested but the driver reports " + count[0] + " device(s)", -1);
        }
        CUdevice device = new CUdevice();
        check(cuDeviceGet(device, ordinal), "cuDeviceGet");
        byte[] name = new byte[256];
        check(cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
        int[] major = new int[1];
        int[] minor = new int[1];
        check(cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device), "cuDeviceGetAttribute");
        check(cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device), "cuDeviceGetAttribute");
        int[] driver = new int[1];
        check(cuDriverGetVersion(driver), "cuDriverGetVersion");

        CUcontext context = new CUcontext();
        check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        CUmodule module = null;
        StreamHandle stream = null;
        try {
            check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            CUmodule m = new CUmodule();
            check(cuModuleLoad(m, fatbin.toString()), "cuModuleLoad(" + fatbin + ")");
            module = m;
            StreamHandle s = new StreamHandle();
            check(cuStreamCreate(s, CUstream_flags.CU_STREAM_DEFAULT), "cuStreamCreate");
            stream = s;
        } catch (RuntimeException e) {
            if (module != null) {
                cuModuleUnload(module);
            }
            cuDevicePrimaryCtxRelease(device);
            throw e;
        }
        return new CudaContext(ordinal, device, context, module, stream,
                new String(name, StandardCharsets.US_ASCII).trim().replace("\0", ""),
                major[0] + "." + minor[0], driver[0]);
    }

    /** Throws {@link CudaCallException} "op: CUDA_ERROR_X (code): text" for a non-zero CUresult. */
    public static void check(int result, String op) {
        if (result != CUresult.CUDA_SUCCESS) {
            String[] text = new String[1];
            String detail = cuGetErrorString(result, text) == CUresult.CUDA_SUCCESS && text[0] != null ? ": " + text[0] : "";
            throw new CudaCallException(op + ": " + CUresult.stringFor(result) + " (" + result + ")" + detail, result);
        }
    }

    /** Makes this context current on the calling thread (every operation starts with this). */
    @Override
    public void makeCurrent() {
        ensureOpen();
        check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** Allocates {@code bytes} of device memory on this context. */
    @Override
    public DeviceBuffer allocate(long bytes) {
        makeCurrent();
        return DeviceBuffer.allocate(this, bytes);
    }

    /** A kernel of the loaded module by its extern "C" name, e.g. "as_pixel_statistic_f32_kernel". */
    public CUfunction function(String name) {
        makeCurrent();
        CUfunction f = new CUfunction();
        check(cuModuleGetFunction(f, module, name), "cuModuleGetFunction(" + name + ")");
        return f;
    }

    /** The stream, for JCuda launches. */
    public StreamHandle stream() {
        return stream;
    }

    /** The stream's raw handle, for the C ABI's cudaStream_t arguments. */
    @Override
    public long streamAddress() {
        return stream.address();
    }

    /** Waits for the stream; {@code op} names the work that was enqueued, for the error text. */
    @Override
    public void synchronize(String op) {
        check(cuStreamSynchronize(stream), op + " (stream synchronize)");
    }

    /** {free, total} device memory in bytes (cuMemGetInfo). */
    public long[] memoryInfo() {
        makeCurrent();
        long[] free = new long[1];
        long[] total = new long[1];
        check(cuMemGetInfo(free, total), "cuMemGetInfo");
        return new long[] {free[0], total[0]};
    }

    public int ordinal() {
        return ordinal;
    }

    public String deviceName() {
        return deviceName;
    }

    /** "major.minor", e.g. "9.0". */
    public String computeCapability() {
        return computeCapability;
    }

    /** cuDriverGetVersion, e.g. 13000 for CUDA 13.0. */
    public int driverVersion() {
        return driverVersion;
    }

    /** The JCuda version on the classpath (from its Maven metadata; touches no native code). */
    public static String jcudaVersion() {
        try (InputStream in = CudaContext.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.jcuda/jcuda/pom.properties")) {
            if (in == null) {
                return "unknown (no JCuda Maven metadata on the classpath)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown (" + e + ")";
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("CUDA context of device " + ordinal + " is closed");
        }
    }

    /** Destroys the stream, unloads the module and releases the primary context. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        cuCtxSetCurrent(context);
        cuStreamDestroy(stream);
        cuModuleUnload(module);
        cuDevicePrimaryCtxRelease(device);
    }
}
