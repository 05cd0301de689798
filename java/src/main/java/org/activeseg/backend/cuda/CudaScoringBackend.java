package org.activeseg.backend.cuda;

import org.activeseg.backend.DiversityOps;
import org.activeseg.backend.EntropyConvention;
import org.activeseg.backend.PixelEntropyShape;
import org.activeseg.backend.PixelOps;
import org.activeseg.backend.RegionOps;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.backend.ViewOps;
import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.device.cuda.CudaContext;
import org.activeseg.device.cuda.DeviceBuffer;
import org.activeseg.device.cuda.NativeLoadException;
import org.activeseg.tensor.FloatTensor;

/**
 * The CUDA backend: our kernels on one device's primary context ({@link CudaContext}), with device
 * memory and streams from JCuda. A kernel can be launched two ways, both on the same device buffers
 * and stream, with the same kernel symbol and launch geometry (so the same bits):
 * <ul>
 *   <li>{@link Launcher#PANAMA}: a downcall into libactiveseg_cuda.so's C launcher
 *       ({@link ActivesegNative}, {@link PixelKernels}); the only way for launchers that need host C++;</li>
 *   <li>{@link Launcher#JCUDA}: cuLaunchKernel of the same extern "C" kernel from activeseg.fatbin
 *       ({@link JCudaPixelKernels}).</li>
 * </ul>
 * Which route an operation takes is chosen here and nowhere else ({@link #PIXEL_ENTROPY_ROUTE}).
 * Host-tensor operations stage through two device buffers kept by the backend and grown on demand,
 * so calls are serialised (synchronized). Failures throw {@link CudaCallException} naming the
 * operation and the CUDA error; the JVM and, unless the error is sticky, the context keep working.
 */
public final class CudaScoringBackend implements ScoringBackend {
    /** How a kernel is launched. */
    public enum Launcher { PANAMA, JCUDA }

    /**
     * The route of {@link #pixelEntropy(FloatTensor, FloatTensor, EntropyConvention)}, the one operation with
     * both (the pixel statistic kernel; every other operation has only its C launcher). Panama: one
     * downcall costs about 13 ns against 73 ns for a JCuda driver call on the H200
     * (NativeCallOverheadBenchmark), and cuLaunchKernel also boxes every parameter; the JMH rows
     * PixelEntropyBenchmark cuda-panama-resident vs cuda-jcuda-resident time the two routes on the
     * same kernel.
     */
    public static final Launcher PIXEL_ENTROPY_ROUTE = Launcher.PANAMA;

    private final ActivesegNative nativeLib;
    private final CudaContext context;
    private final CudaPixelOps pixelOps;
    private final JCudaPixelKernels jcudaPixels;
    private DeviceBuffer input;
    private DeviceBuffer output;
    private CudaViewOps views;
    private CudaRegionOps regionOps;
    private CudaDiversityOps diversityOps;
    private boolean closed;

    /**
     * Takes ownership of {@code context} (closed with this backend).
     *
     * @throws CudaCallException when the library lacks a PixelOps function or the module a kernel
     */
    public CudaScoringBackend(ActivesegNative nativeLib, CudaContext context) {
        this.nativeLib = nativeLib;
        this.context = context;
        this.pixelOps = CudaPixelOps.open(nativeLib, context);
        try {
            this.jcudaPixels = new JCudaPixelKernels(context, pixelOps.kernels().launchGeometry());
        } catch (RuntimeException e) {
            pixelOps.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    public CudaContext context() {
        return context;
    }

    @Override
    public PixelOps pixels() {
        return pixelOps;
    }

    /** ViewAL's view statistics and coverage on the GPU (made on first use, freed with the backend). */
    @Override
    public synchronized ViewOps views() {
        ensureOpen();
        if (views == null) {
            try {
                views = new CudaViewOps(ViewKernels.bind(nativeLib), context, CudaViewOps.DEFAULT_WORKSPACE_BUDGET);
            } catch (NativeLoadException e) {
                throw new IllegalStateException("cuda backend: view operations unavailable: " + e.getMessage(), e);
            }
        }
        return views;
    }

    /** RIPU regions and U2PL's percentile on the GPU; bound on first use, freed with the backend. */
    @Override
    public synchronized RegionOps regions() {
        ensureOpen();
        if (regionOps == null) {
            regionOps = new CudaRegionOps(context, bindGroup("region", () -> RegionKernels.bind(nativeLib)));
        }
        return regionOps;
    }

    /** Core-set k-center on the GPU; bound on first use, freed with the backend. */
    @Override
    public synchronized DiversityOps diversity() {
        ensureOpen();
        if (diversityOps == null) {
            diversityOps = new CudaDiversityOps(context, bindGroup("diversity", () -> DiversityKernels.bind(nativeLib)));
        }
        return diversityOps;
    }

    private interface GroupBinding<T> {
        T bind() throws NativeLoadException;
    }

    private static <T> T bindGroup(String group, GroupBinding<T> binding) {
        try {
            return binding.bind();
        } catch (NativeLoadException e) {
            throw new CudaCallException("cuda backend: " + group + " kernels missing from the library: " + e.getMessage(), -1, e);
        }
    }

    public ActivesegNative nativeLibrary() {
        return nativeLib;
    }

    /** Per-pixel entropy on the route chosen for it ({@link #PIXEL_ENTROPY_ROUTE}). */
    @Override
    public void pixelEntropy(FloatTensor probs, FloatTensor out, EntropyConvention convention) {
        pixelEntropy(probs, out, convention, PIXEL_ENTROPY_ROUTE);
    }

    /** Per-pixel entropy with the same kernel launched by JCuda's cuLaunchKernel. */
    public void pixelEntropyJCuda(FloatTensor probs, FloatTensor out, EntropyConvention convention) {
        pixelEntropy(probs, out, convention, Launcher.JCUDA);
    }

    /** Host tensors in and out: stage probs (N, C, P) to the device, run, copy out (N, P) back. */
    public synchronized void pixelEntropy(FloatTensor probs, FloatTensor out, EntropyConvention convention,
                                          Launcher launcher) {
        PixelEntropyShape shape = PixelEntropyShape.of(probs, out);
        ensureOpen();
        if (shape.outputCount() == 0) {
            return;
        }
        long inBytes = shape.inputCount() * Float.BYTES;
        long outBytes = shape.outputCount() * Float.BYTES;
        input = fit(input, inBytes);
        output = fit(output, outBytes);
        input.copyFrom(probs.segment(), inBytes);
        pixelEntropy(input, output, shape, convention, launcher);
        output.copyTo(out.segment(), outBytes);
    }

    /**
     * Device-resident form: probs (N, C, P) and out (N, P) already in device buffers. The pixel
     * statistic kernel with AS_STAT_ENTROPY (double terms and sum, as PixelOps.statistic), through
     * as_pixel_entropy (Panama) or cuLaunchKernel of the kernel's symbol (JCuda). Returns when the
     * kernel has finished (the stream is synchronised), so errors surface here.
     */
    public void pixelEntropy(DeviceBuffer probs, DeviceBuffer out, PixelEntropyShape shape,
                             EntropyConvention convention, Launcher launcher) {
        ensureOpen();
        if (probs.byteSize() < shape.inputCount() * Float.BYTES || out.byteSize() < shape.outputCount() * Float.BYTES) {
            throw new IllegalArgumentException("pixel entropy " + shape + " needs " + shape.inputCount() * Float.BYTES
                    + " and " + shape.outputCount() * Float.BYTES + " bytes; device buffers hold " + probs.byteSize()
                    + " and " + out.byteSize());
        }
        if (shape.outputCount() == 0) {
            return;
        }
        context.makeCurrent();
        float eps = (float) convention.eps();
        String op;
        if (launcher == Launcher.PANAMA) {
            op = "as_pixel_entropy";
            nativeLib.pixelEntropy(probs.address(), out.address(), shape.frames(), shape.classes(), shape.pixels(),
                    eps, convention.log2(), context.streamAddress());
        } else {
            op = "cuLaunchKernel(" + JCudaPixelKernels.STATISTIC_F32 + ")";
            jcudaPixels.statistic(probs.address(), out.address(), shape.frames(), shape.classes(), shape.pixels(),
                    false, PixelKernels.STAT_ENTROPY, eps, convention.log2(), 1f);
        }
        context.synchronize(op);
    }

    private DeviceBuffer fit(DeviceBuffer buffer, long bytes) {
        if (buffer != null && buffer.byteSize() >= bytes) {
            return buffer;
        }
        if (buffer != null) {
            buffer.close();
        }
        return context.allocate(bytes);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("CUDA backend is closed");
        }
    }

    /** Frees the staging buffers and releases the context. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pixelOps.close();
            if (views != null) {
                views.close();
            }
            if (regionOps != null) {
                regionOps.close();
            }
            if (diversityOps != null) {
                diversityOps.close();
            }
            if (input != null) {
                input.close();
            }
            if (output != null) {
                output.close();
            }
        } finally {
            input = null;
            output = null;
            views = null;
            regionOps = null;
            diversityOps = null;
            context.close();
        }
    }
}
