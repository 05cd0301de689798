package org.activeseg.model.gpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.CudaContext;
import org.activeseg.backend.cuda.CudaScoringBackend;
import org.activeseg.device.cuda.DeviceBuffer;
import org.activeseg.device.cuda.NativeLoadException;
import org.activeseg.model.Tensor4;

/**
 * Where the GPU layers run: one device's primary context and stream ({@link CudaContext}), a cuDNN
 * handle and a cuBLAS handle bound to that stream, our model kernels, and the one convolution
 * workspace the layers share (grown on demand, freed in {@link #close()}). Work is enqueued on the
 * stream in call order, so the shared workspace and scratch need no further synchronisation.
 * Not thread-safe: one execution per training thread.
 *
 * <p>cuBLAS runs in CUBLAS_DEFAULT_MATH (fp32 Sgemm without TF32) and convolutions in
 * CUDNN_FMA_MATH, so results stay comparable with the CPU layers.
 */
public final class GpuExecution implements AutoCloseable {
    /** Largest convolution workspace an algorithm may ask for (algorithms needing more are skipped). */
    public static final long DEFAULT_WORKSPACE_LIMIT = 1L << 30;

    private final CudaContext context;
    private final CudnnLibrary cudnn;
    private final CublasLibrary cublas;
    private final ModelKernels kernels;
    private final MemorySegment cudnnHandle;
    private final MemorySegment cublasHandle;
    private final Arena scalars;
    private final MemorySegment one;
    private final MemorySegment zero;
    private final long workspaceLimit;
    private DeviceBuffer workspace;
    private boolean closed;

    private GpuExecution(CudaContext context, CudnnLibrary cudnn, CublasLibrary cublas, ModelKernels kernels,
                         MemorySegment cudnnHandle, MemorySegment cublasHandle, long workspaceLimit) {
        this.context = context;
        this.cudnn = cudnn;
        this.cublas = cublas;
        this.kernels = kernels;
        this.cudnnHandle = cudnnHandle;
        this.cublasHandle = cublasHandle;
        this.workspaceLimit = workspaceLimit;
        this.scalars = Arena.ofShared();
        this.one = scalars.allocateFrom(JAVA_FLOAT, 1f);
        this.zero = scalars.allocateFrom(JAVA_FLOAT, 0f);
    }

    /** On the CUDA scoring backend's context, stream and native library. */
    public static GpuExecution open(CudaScoringBackend backend, CudnnLibrary cudnn, CublasLibrary cublas) {
        return open(backend.context(), backend.nativeLibrary(), cudnn, cublas, DEFAULT_WORKSPACE_LIMIT);
    }

    /**
     * Creates the cuDNN and cuBLAS handles on {@code context}'s stream and binds our model kernels.
     * The execution does not own {@code context}: close the execution first.
     *
     * @throws LibraryCallException       when a handle cannot be created (no GPU, a driver too old)
     * @throws LibraryUnavailableException when {@code nativeLib} lacks the model kernels (an older build)
     */
    public static GpuExecution open(CudaContext context, ActivesegNative nativeLib, CudnnLibrary cudnn,
                                    CublasLibrary cublas, long workspaceLimit) {
        if (workspaceLimit < 0) {
            throw new IllegalArgumentException("workspace limit must be >= 0, got " + workspaceLimit);
        }
        ModelKernels kernels;
        try {
            kernels = ModelKernels.bind(nativeLib);
        } catch (NativeLoadException e) {
            throw new LibraryUnavailableException("activeseg model kernels", List.of(e.getMessage()
                    + " (rebuild libactiveseg_cuda.so from this checkout: cmake --build build)"));
        }
        context.makeCurrent();
        MemorySegment dnn = cudnn.createHandle();
        MemorySegment blas = null;
        try {
            cudnn.setStream(dnn, context.streamAddress());
            blas = cublas.createHandle();
            cublas.setStream(blas, context.streamAddress());
            cublas.setMathMode(blas, CublasConstants.DEFAULT_MATH);
        } catch (RuntimeException e) {
            if (blas != null) {
                try {
                    cublas.destroyHandle(blas);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            try {
                cudnn.destroyHandle(dnn);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new GpuExecution(context, cudnn, cublas, kernels, dnn, blas, workspaceLimit);
    }

    public CudaContext context() {
        ensureOpen();
        return context;
    }

    public CudnnLibrary cudnn() {
        return cudnn;
    }

    public CublasLibrary cublas() {
        return cublas;
    }

    ModelKernels kernels() {
        return kernels;
    }

    MemorySegment cudnnHandle() {
        ensureOpen();
        context.makeCurrent();
        return cudnnHandle;
    }

    MemorySegment cublasHandle() {
        ensureOpen();
        context.makeCurrent();
        return cublasHandle;
    }

    /** Host float 1, for alpha / beta arguments. */
    MemorySegment one() {
        return one;
    }

    /** Host float 0, for alpha / beta arguments. */
    MemorySegment zero() {
        return zero;
    }

    public long workspaceLimit() {
        return workspaceLimit;
    }

    /** Bytes of the shared workspace now held (0 before the first use). */
    public long workspaceBytes() {
        return workspace == null ? 0 : workspace.byteSize();
    }

    /**
     * The shared scratch buffer with at least {@code bytes}. Growing it waits for the stream first,
     * so no enqueued call still uses the old buffer when it is freed.
     */
    DeviceBuffer workspace(long bytes) {
        ensureOpen();
        if (workspace != null && workspace.byteSize() >= bytes) {
            return workspace;
        }
        if (workspace != null) {
            context.synchronize("growing the GPU layers' workspace");
            DeviceBuffer old = workspace;
            workspace = null;
            old.close();
        }
        workspace = context.allocate(Math.max(bytes, 256));
        return workspace;
    }

    /** Uninitialised device memory for an (n, c, h, w) tensor on this execution's context. */
    public GpuTensor allocate(int n, int c, int h, int w) {
        ensureOpen();
        return GpuTensor.allocate(context, n, c, h, w);
    }

    /** A device copy of {@code host}. */
    public GpuTensor upload(Tensor4 host) {
        ensureOpen();
        return GpuTensor.upload(context, host);
    }

    /** Waits for everything enqueued so far; {@code op} names it in a failure. */
    public void synchronize(String op) {
        ensureOpen();
        context.synchronize(op);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("GPU execution is closed");
        }
    }

    /** Frees the workspace and destroys both handles (all of them even if one fails). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        context.makeCurrent();
        try {
            if (workspace != null) {
                workspace.close();
                workspace = null;
            }
        } catch (RuntimeException e) {
            first = e;
        }
        try {
            cublas.destroyHandle(cublasHandle);
        } catch (RuntimeException e) {
            first = chain(first, e);
        }
        try {
            cudnn.destroyHandle(cudnnHandle);
        } catch (RuntimeException e) {
            first = chain(first, e);
        }
        scalars.close();
        if (first != null) {
            throw first;
        }
    }

    private static RuntimeException chain(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
