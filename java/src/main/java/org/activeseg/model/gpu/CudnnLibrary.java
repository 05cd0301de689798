package org.activeseg.model.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.activeseg.device.cuda.ActivesegNative.rethrow;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hand-written Panama bindings of the cuDNN 9 functions the GPU layers use, in libcudnn.so.9 (the
 * cuDNN 9 shim that loads libcudnn_ops / libcudnn_cnn on first use). Signatures are those of
 * NVIDIA's cuDNN 9 headers (cudnn_graph.h, cudnn_ops.h, cudnn_cnn.h; enum values in
 * {@link CudnnConstants}). The legacy descriptor API is deprecated in cuDNN 9 but exported by every
 * 9.x release; the version check keeps the bindings to major version 9.
 *
 * <p>{@link #probe()} locates the library ({@link VendorLibraryLocator}: -Dactiveseg.cudnn.lib,
 * $ACTIVESEG_CUDNN_LIB, then libcudnn.so.9 through the loader, then the CUDA toolkit folders),
 * checks cudnnGetVersion and binds every function; each downcall handle is made once, when a
 * library is first bound, and bindings are cached per location. Nothing native runs in a static
 * initialiser, and loading needs no GPU (only handle creation does).
 *
 * <p>Every method checks the returned cudnnStatus_t and throws {@link LibraryCallException} naming
 * the function, cudnnGetErrorString's name for the status, cudnnGetLastErrorString's detail and the
 * library's location. Pointers to device data are raw device addresses ({@code long}); alpha and
 * beta are host pointers to floats (cuDNN's convention for float data). Calls enqueue work on the
 * handle's stream and return without synchronising.
 */
public final class CudnnLibrary {
    public static final String LIBRARY = "cuDNN";
    public static final String PROPERTY = "activeseg.cudnn.lib";
    public static final String ENV = "ACTIVESEG_CUDNN_LIB";
    public static final String SONAME = "libcudnn.so.9";

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Map<String, CudnnLibrary> LOADED = new ConcurrentHashMap<>();

    /** Every function bound, in binding order (a library missing one is unusable). */
    public static final List<String> FUNCTIONS = List.of(
            "cudnnGetVersion", "cudnnGetCudartVersion", "cudnnGetErrorString",
            "cudnnCreate", "cudnnDestroy", "cudnnSetStream",
            "cudnnCreateTensorDescriptor", "cudnnDestroyTensorDescriptor", "cudnnSetTensor4dDescriptor",
            "cudnnCreateFilterDescriptor", "cudnnDestroyFilterDescriptor", "cudnnSetFilter4dDescriptor",
            "cudnnCreateConvolutionDescriptor", "cudnnDestroyConvolutionDescriptor",
            "cudnnSetConvolution2dDescriptor", "cudnnSetConvolutionGroupCount", "cudnnSetConvolutionMathType",
            "cudnnGetConvolution2dForwardOutputDim",
            "cudnnGetConvolutionForwardAlgorithm_v7", "cudnnGetConvolutionForwardWorkspaceSize",
            "cudnnConvolutionForward",
            "cudnnGetConvolutionBackwardDataAlgorithm_v7", "cudnnGetConvolutionBackwardDataWorkspaceSize",
            "cudnnConvolutionBackwardData",
            "cudnnGetConvolutionBackwardFilterAlgorithm_v7", "cudnnGetConvolutionBackwardFilterWorkspaceSize",
            "cudnnConvolutionBackwardFilter", "cudnnConvolutionBackwardBias", "cudnnAddTensor",
            "cudnnCreateOpTensorDescriptor", "cudnnDestroyOpTensorDescriptor", "cudnnSetOpTensorDescriptor",
            "cudnnOpTensor",
            "cudnnCreateActivationDescriptor", "cudnnDestroyActivationDescriptor", "cudnnSetActivationDescriptor",
            "cudnnActivationForward",
            "cudnnBatchNormalizationForwardTraining", "cudnnBatchNormalizationForwardInference",
            "cudnnBatchNormalizationBackward");
    /** Bound when present (cuDNN 9.0+): the detail text of the last failure on the calling thread. */
    public static final String LAST_ERROR_FUNCTION = "cudnnGetLastErrorString";

    private final String location;
    private final long version;
    private final long cudartVersion;

    private final MethodHandle getErrorString;
    private final MethodHandle getLastErrorString;
    private final MethodHandle create;
    private final MethodHandle destroy;
    private final MethodHandle setStream;
    private final Map<CudnnDescriptor.Kind, MethodHandle> createDescriptor = new EnumMap<>(CudnnDescriptor.Kind.class);
    private final Map<CudnnDescriptor.Kind, MethodHandle> destroyDescriptor = new EnumMap<>(CudnnDescriptor.Kind.class);
    private final MethodHandle setTensor4d;
    private final MethodHandle setFilter4d;
    private final MethodHandle setConvolution2d;
    private final MethodHandle setConvolutionGroupCount;
    private final MethodHandle setConvolutionMathType;
    private final MethodHandle convolution2dForwardOutputDim;
    private final MethodHandle forwardAlgorithms;
    private final MethodHandle forwardWorkspaceSize;
    private final MethodHandle convolutionForward;
    private final MethodHandle backwardDataAlgorithms;
    private final MethodHandle backwardDataWorkspaceSize;
    private final MethodHandle convolutionBackwardData;
    private final MethodHandle backwardFilterAlgorithms;
    private final MethodHandle backwardFilterWorkspaceSize;
    private final MethodHandle convolutionBackwardFilter;
    private final MethodHandle convolutionBackwardBias;
    private final MethodHandle addTensor;
    private final MethodHandle setOpTensor;
    private final MethodHandle opTensor;
    private final MethodHandle setActivation;
    private final MethodHandle activationForward;
    private final MethodHandle batchNormTraining;
    private final MethodHandle batchNormInference;
    private final MethodHandle batchNormBackward;

    private CudnnLibrary(String location, SymbolLookup lookup, long version, long cudartVersion)
            throws LibraryLoadException {
        this.location = location;
        this.version = version;
        this.cudartVersion = cudartVersion;
        getErrorString = bind(lookup, location, "cudnnGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        getLastErrorString = lookup.find(LAST_ERROR_FUNCTION)
                .map(s -> LINKER.downcallHandle(s, FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG))).orElse(null);
        create = bind(lookup, location, "cudnnCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        destroy = bind(lookup, location, "cudnnDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        setStream = bind(lookup, location, "cudnnSetStream", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        for (CudnnDescriptor.Kind kind : CudnnDescriptor.Kind.values()) {
            createDescriptor.put(kind, bind(lookup, location, kind.create, FunctionDescriptor.of(JAVA_INT, ADDRESS)));
            destroyDescriptor.put(kind, bind(lookup, location, kind.destroy, FunctionDescriptor.of(JAVA_INT, ADDRESS)));
        }
        // (desc, format, dataType, n, c, h, w)
        setTensor4d = bind(lookup, location, "cudnnSetTensor4dDescriptor", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        // (desc, dataType, format, k, c, h, w): data type before format, unlike the tensor descriptor
        setFilter4d = bind(lookup, location, "cudnnSetFilter4dDescriptor", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        // (desc, pad_h, pad_w, u, v, dilation_h, dilation_w, mode, computeType)
        setConvolution2d = bind(lookup, location, "cudnnSetConvolution2dDescriptor", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        setConvolutionGroupCount = bind(lookup, location, "cudnnSetConvolutionGroupCount",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        setConvolutionMathType = bind(lookup, location, "cudnnSetConvolutionMathType",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        // (convDesc, xDesc, wDesc, int* n, int* c, int* h, int* w)
        convolution2dForwardOutputDim = bind(lookup, location, "cudnnGetConvolution2dForwardOutputDim",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        // (handle, xDesc, wDesc, convDesc, yDesc, requested, int* returned, perf*)
        forwardAlgorithms = bind(lookup, location, "cudnnGetConvolutionForwardAlgorithm_v7", FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        // (handle, xDesc, wDesc, convDesc, yDesc, algo, size_t*)
        forwardWorkspaceSize = bind(lookup, location, "cudnnGetConvolutionForwardWorkspaceSize", FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        // (handle, alpha, xDesc, x, wDesc, w, convDesc, algo, workSpace, size, beta, yDesc, y)
        convolutionForward = bind(lookup, location, "cudnnConvolutionForward", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG,
                ADDRESS, ADDRESS, ADDRESS));
        // (handle, wDesc, dyDesc, convDesc, dxDesc, requested, int* returned, perf*)
        backwardDataAlgorithms = bind(lookup, location, "cudnnGetConvolutionBackwardDataAlgorithm_v7",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        // (handle, wDesc, dyDesc, convDesc, dxDesc, algo, size_t*)
        backwardDataWorkspaceSize = bind(lookup, location, "cudnnGetConvolutionBackwardDataWorkspaceSize",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        // (handle, alpha, wDesc, w, dyDesc, dy, convDesc, algo, workSpace, size, beta, dxDesc, dx)
        convolutionBackwardData = bind(lookup, location, "cudnnConvolutionBackwardData", FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
                JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
        // (handle, xDesc, dyDesc, convDesc, dwDesc, requested, int* returned, perf*)
        backwardFilterAlgorithms = bind(lookup, location, "cudnnGetConvolutionBackwardFilterAlgorithm_v7",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        // (handle, xDesc, dyDesc, convDesc, dwDesc, algo, size_t*)
        backwardFilterWorkspaceSize = bind(lookup, location, "cudnnGetConvolutionBackwardFilterWorkspaceSize",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        // (handle, alpha, xDesc, x, dyDesc, dy, convDesc, algo, workSpace, size, beta, dwDesc, dw)
        convolutionBackwardFilter = bind(lookup, location, "cudnnConvolutionBackwardFilter", FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
                JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
        // (handle, alpha, dyDesc, dy, beta, dbDesc, db)
        convolutionBackwardBias = bind(lookup, location, "cudnnConvolutionBackwardBias", FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        // (handle, alpha, aDesc, A, beta, cDesc, C)
        addTensor = bind(lookup, location, "cudnnAddTensor", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        // (desc, op, compType, nanOpt)
        setOpTensor = bind(lookup, location, "cudnnSetOpTensorDescriptor", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        // (handle, opDesc, alpha1, aDesc, A, alpha2, bDesc, B, beta, cDesc, C)
        opTensor = bind(lookup, location, "cudnnOpTensor", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        // (desc, mode, reluNanOpt, double coef)
        setActivation = bind(lookup, location, "cudnnSetActivationDescriptor", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_DOUBLE));
        // (handle, activationDesc, alpha, xDesc, x, beta, yDesc, y)
        activationForward = bind(lookup, location, "cudnnActivationForward", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        // (handle, mode, alpha, beta, xDesc, x, yDesc, y, bnDesc, scale, bias, double factor,
        //  runningMean, runningVariance, double epsilon, saveMean, saveInvVariance)
        batchNormTraining = bind(lookup, location, "cudnnBatchNormalizationForwardTraining", FunctionDescriptor.of(
                JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, JAVA_DOUBLE, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS, ADDRESS));
        // (handle, mode, alpha, beta, xDesc, x, yDesc, y, bnDesc, scale, bias, mean, variance, double epsilon)
        batchNormInference = bind(lookup, location, "cudnnBatchNormalizationForwardInference", FunctionDescriptor.of(
                JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS, ADDRESS, JAVA_DOUBLE));
        // (handle, mode, alphaData, betaData, alphaParam, betaParam, xDesc, x, dyDesc, dy, dxDesc, dx,
        //  bnDesc, scale, dScale, dBias, double epsilon, savedMean, savedInvVariance)
        batchNormBackward = bind(lookup, location, "cudnnBatchNormalizationBackward", FunctionDescriptor.of(
                JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS, ADDRESS));
    }

    // ---------------------------------------------------------------------------------------------
    // locating and loading

    /** Locates and binds cuDNN from -Dactiveseg.cudnn.lib, $ACTIVESEG_CUDNN_LIB, the loader, the toolkit. */
    public static LibraryProbe<CudnnLibrary> probe() {
        return probe(VendorLibraryLocator.fromEnvironment(LIBRARY, PROPERTY, ENV, SONAME));
    }

    /** Tries {@code locator}'s candidates in order; the first that loads, fits and binds wins. Never throws. */
    public static LibraryProbe<CudnnLibrary> probe(VendorLibraryLocator locator) {
        return LibraryProbe.firstThatLoads(LIBRARY, locator.locate(), LOADED, CudnnLibrary::open,
                CudnnLibrary::versionString);
    }

    private static CudnnLibrary open(LibraryCandidate candidate) throws LibraryLoadException {
        SymbolLookup lookup = candidate.open();
        String location = candidate.target();
        long version = callVersion(bind(lookup, location, "cudnnGetVersion", FunctionDescriptor.of(JAVA_LONG)),
                location, "cudnnGetVersion");
        if (version < CudnnConstants.MIN_VERSION || version >= CudnnConstants.END_VERSION) {
            throw new LibraryLoadException(location + " is cuDNN " + versionString(version) + " (cudnnGetVersion "
                    + version + "); these bindings need cuDNN 9 (" + CudnnConstants.MIN_VERSION + " <= version < "
                    + CudnnConstants.END_VERSION + ")");
        }
        long cudart = callVersion(bind(lookup, location, "cudnnGetCudartVersion", FunctionDescriptor.of(JAVA_LONG)),
                location, "cudnnGetCudartVersion");
        return new CudnnLibrary(location, lookup, version, cudart);
    }

    private static long callVersion(MethodHandle handle, String location, String function) throws LibraryLoadException {
        try {
            return (long) handle.invokeExact();
        } catch (Throwable t) {
            throw new LibraryLoadException(location + ": " + function + "() failed: " + t);
        }
    }

    private static MethodHandle bind(SymbolLookup lookup, String location, String name, FunctionDescriptor fd)
            throws LibraryLoadException {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new LibraryLoadException(
                location + ": function " + name + " not found (not a cuDNN 9 libcudnn.so?)"));
        return LINKER.downcallHandle(symbol, fd);
    }

    /** "9.14.0" for 91400 (cuDNN 9's major*10000 + minor*100 + patch). */
    static String versionString(long version) {
        return version / 10000 + "." + (version % 10000) / 100 + "." + version % 100;
    }

    /** Where it was loaded from: a path, or the soname the loader resolved. */
    public String location() {
        return location;
    }

    /** cudnnGetVersion(), e.g. 91400. */
    public long version() {
        return version;
    }

    public String versionString() {
        return versionString(version);
    }

    /** cudnnGetCudartVersion(): the CUDA runtime cuDNN was built against, e.g. 13000. */
    public long cudartVersion() {
        return cudartVersion;
    }

    // ---------------------------------------------------------------------------------------------
    // errors

    /** Throws {@link LibraryCallException} for a non-success status of {@code function}. */
    void check(int status, String function) {
        if (status != CudnnConstants.STATUS_SUCCESS) {
            throw failure(function, status);
        }
    }

    LibraryCallException failure(String function, int status) {
        String detail = lastErrorString();
        return new LibraryCallException(function, status, function + " failed: " + errorString(status) + " (" + status
                + ")" + (detail.isEmpty() ? "" : ": " + detail) + " [" + LIBRARY + " " + versionString() + ", "
                + location + "]");
    }

    /** cudnnGetErrorString(status), or the status name from {@link CudnnConstants} if that call fails. */
    public String errorString(int status) {
        try {
            MemorySegment text = (MemorySegment) getErrorString.invokeExact(status);
            if (!text.equals(MemorySegment.NULL)) {
                String s = text.reinterpret(4096).getString(0);
                if (!s.isBlank()) {
                    return s;
                }
            }
        } catch (Throwable t) {
            // fall through to the table
        }
        return CudnnConstants.statusName(status);
    }

    /** cudnnGetLastErrorString on the calling thread ("" when the library lacks it or has none). */
    public String lastErrorString() {
        if (getLastErrorString == null) {
            return "";
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(JAVA_BYTE, 1024);
            getLastErrorString.invokeExact(buffer, buffer.byteSize());
            return buffer.getString(0).strip();
        } catch (Throwable t) {
            return "";
        }
    }

    // ---------------------------------------------------------------------------------------------
    // handle and descriptors

    /** cudnnCreate: a new handle (needs a GPU and a current context); destroy it with {@link #destroyHandle}. */
    public MemorySegment createHandle() {
        return createOpaque(create, "cudnnCreate");
    }

    /** cudnnDestroy. */
    public void destroyHandle(MemorySegment handle) {
        int status;
        try {
            status = (int) destroy.invokeExact(handle);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnDestroy");
    }

    /** cudnnSetStream: the handle's work goes to {@code stream} (a raw cudaStream_t / CUstream). */
    public void setStream(MemorySegment handle, long stream) {
        int status;
        try {
            status = (int) setStream.invokeExact(handle, MemorySegment.ofAddress(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnSetStream");
    }

    /** A new descriptor of {@code kind} (host-side; needs no GPU). */
    public CudnnDescriptor descriptor(CudnnDescriptor.Kind kind) {
        return new CudnnDescriptor(this, kind, createOpaque(createDescriptor.get(kind), kind.create));
    }

    void destroyDescriptor(CudnnDescriptor.Kind kind, MemorySegment handle) {
        int status;
        try {
            status = (int) destroyDescriptor.get(kind).invokeExact(handle);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, kind.destroy);
    }

    private MemorySegment createOpaque(MethodHandle function, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int status;
            try {
                status = (int) function.invokeExact(out);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            check(status, name);
            return out.get(ADDRESS, 0);
        }
    }

    /** cudnnSetTensor4dDescriptor(NCHW, FLOAT, n, c, h, w), after {@link DescriptorChecks#tensor4d}. */
    public void setTensor4d(CudnnDescriptor desc, int n, int c, int h, int w) {
        DescriptorChecks.tensor4d(n, c, h, w);
        int status;
        try {
            status = (int) setTensor4d.invokeExact(desc.segment(CudnnDescriptor.Kind.TENSOR),
                    CudnnConstants.TENSOR_NCHW, CudnnConstants.DATA_FLOAT, n, c, h, w);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnSetTensor4dDescriptor");
    }

    /** cudnnSetFilter4dDescriptor(FLOAT, NCHW, k, c, h, w), after {@link DescriptorChecks#filter4d}. */
    public void setFilter4d(CudnnDescriptor desc, int k, int c, int h, int w) {
        DescriptorChecks.filter4d(k, c, h, w);
        int status;
        try {
            status = (int) setFilter4d.invokeExact(desc.segment(CudnnDescriptor.Kind.FILTER),
                    CudnnConstants.DATA_FLOAT, CudnnConstants.TENSOR_NCHW, k, c, h, w);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnSetFilter4dDescriptor");
    }

    /**
     * A float cross-correlation (PyTorch's conv2d) with symmetric padding, stride and dilation,
     * {@code groups} groups and math type {@code mathType} (FMA_MATH keeps fp32 off TF32):
     * cudnnSetConvolution2dDescriptor + cudnnSetConvolutionGroupCount + cudnnSetConvolutionMathType.
     */
    public void setConvolution2d(CudnnDescriptor desc, int padding, int stride, int dilation, int groups, int mathType) {
        DescriptorChecks.convolution2d(padding, padding, stride, stride, dilation, dilation, groups);
        MemorySegment d = desc.segment(CudnnDescriptor.Kind.CONVOLUTION);
        int status;
        try {
            status = (int) setConvolution2d.invokeExact(d, padding, padding, stride, stride, dilation, dilation,
                    CudnnConstants.CROSS_CORRELATION, CudnnConstants.DATA_FLOAT);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnSetConvolution2dDescriptor");
        try {
            status = (int) setConvolutionGroupCount.invokeExact(d, groups);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnSetConvolutionGroupCount");
        try {
            status = (int) setConvolutionMathType.invokeExact(d, mathType);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnSetConvolutionMathType");
    }

    /** cudnnGetConvolution2dForwardOutputDim: cuDNN's own {n, c, h, w} of the output. */
    public int[] convolution2dOutputDim(CudnnDescriptor conv, CudnnDescriptor x, CudnnDescriptor w) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dims = arena.allocate(JAVA_INT, 4);
            int status;
            try {
                status = (int) convolution2dForwardOutputDim.invokeExact(conv.segment(CudnnDescriptor.Kind.CONVOLUTION),
                        x.segment(CudnnDescriptor.Kind.TENSOR), w.segment(CudnnDescriptor.Kind.FILTER),
                        dims.asSlice(0, 4), dims.asSlice(4, 4), dims.asSlice(8, 4), dims.asSlice(12, 4));
            } catch (Throwable t) {
                throw rethrow(t);
            }
            check(status, "cudnnGetConvolution2dForwardOutputDim");
            return dims.toArray(JAVA_INT);
        }
    }

    /** cudnnSetOpTensorDescriptor(op, FLOAT compute, NaN propagated). */
    public void setOpTensor(CudnnDescriptor desc, int op) {
        if (op != CudnnConstants.OP_TENSOR_ADD && op != CudnnConstants.OP_TENSOR_MUL) {
            throw new IllegalArgumentException("op-tensor operation " + op + " is not bound (ADD 0 or MUL 1)");
        }
        int status;
        try {
            status = (int) setOpTensor.invokeExact(desc.segment(CudnnDescriptor.Kind.OP_TENSOR), op,
                    CudnnConstants.DATA_FLOAT, CudnnConstants.PROPAGATE_NAN);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnSetOpTensorDescriptor");
    }

    /** cudnnSetActivationDescriptor(mode, NaN propagated, coef), after {@link DescriptorChecks#activation}. */
    public void setActivation(CudnnDescriptor desc, int mode, double coef) {
        DescriptorChecks.activation(mode, coef);
        int status;
        try {
            status = (int) setActivation.invokeExact(desc.segment(CudnnDescriptor.Kind.ACTIVATION), mode,
                    CudnnConstants.PROPAGATE_NAN, coef);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnSetActivationDescriptor");
    }

    // ---------------------------------------------------------------------------------------------
    // convolution

    /** Which of the three convolution passes an algorithm query or workspace size is for. */
    public enum ConvolutionPass { FORWARD, BACKWARD_DATA, BACKWARD_FILTER }

    /**
     * cudnnGetConvolution{Forward,BackwardData,BackwardFilter}Algorithm_v7: cuDNN's heuristic ranking
     * for this problem, best first (entries whose status is not success do not support it).
     */
    public List<AlgorithmPerf> algorithms(ConvolutionPass pass, MemorySegment handle, CudnnDescriptor x,
                                          CudnnDescriptor w, CudnnDescriptor conv, CudnnDescriptor y) {
        int requested = switch (pass) {
            case FORWARD -> CudnnConstants.CONVOLUTION_FWD_ALGO_COUNT;
            case BACKWARD_DATA -> CudnnConstants.CONVOLUTION_BWD_DATA_ALGO_COUNT;
            case BACKWARD_FILTER -> CudnnConstants.CONVOLUTION_BWD_FILTER_ALGO_COUNT;
        };
        MemorySegment xd = x.segment(CudnnDescriptor.Kind.TENSOR);
        MemorySegment wd = w.segment(CudnnDescriptor.Kind.FILTER);
        MemorySegment cd = conv.segment(CudnnDescriptor.Kind.CONVOLUTION);
        MemorySegment yd = y.segment(CudnnDescriptor.Kind.TENSOR);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment returned = arena.allocate(JAVA_INT);
            MemorySegment perf = arena.allocate(CudnnConstants.ALGO_PERF, requested);
            int status;
            String function;
            try {
                switch (pass) {
                    case FORWARD -> {
                        function = "cudnnGetConvolutionForwardAlgorithm_v7";
                        status = (int) forwardAlgorithms.invokeExact(handle, xd, wd, cd, yd, requested, returned, perf);
                    }
                    case BACKWARD_DATA -> {
                        function = "cudnnGetConvolutionBackwardDataAlgorithm_v7";
                        status = (int) backwardDataAlgorithms.invokeExact(handle, wd, yd, cd, xd, requested, returned,
                                perf);
                    }
                    default -> {
                        function = "cudnnGetConvolutionBackwardFilterAlgorithm_v7";
                        status = (int) backwardFilterAlgorithms.invokeExact(handle, xd, yd, cd, wd, requested, returned,
                                perf);
                    }
                }
            } catch (Throwable t) {
                throw rethrow(t);
            }
            check(status, function);
            int count = Math.min(requested, Math.max(0, returned.get(JAVA_INT, 0)));
            List<AlgorithmPerf> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(AlgorithmPerf.read(perf, i));
            }
            return out;
        }
    }

    /**
     * cudnnGetConvolution*WorkspaceSize for {@code algo}; the status is returned (not thrown) in
     * {@code status[0]} so callers can skip an algorithm that does not support the descriptors.
     */
    public long workspaceSize(ConvolutionPass pass, MemorySegment handle, CudnnDescriptor x, CudnnDescriptor w,
                              CudnnDescriptor conv, CudnnDescriptor y, int algo, int[] status) {
        MemorySegment xd = x.segment(CudnnDescriptor.Kind.TENSOR);
        MemorySegment wd = w.segment(CudnnDescriptor.Kind.FILTER);
        MemorySegment cd = conv.segment(CudnnDescriptor.Kind.CONVOLUTION);
        MemorySegment yd = y.segment(CudnnDescriptor.Kind.TENSOR);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            int s;
            try {
                s = switch (pass) {
                    case FORWARD -> (int) forwardWorkspaceSize.invokeExact(handle, xd, wd, cd, yd, algo, size);
                    case BACKWARD_DATA -> (int) backwardDataWorkspaceSize.invokeExact(handle, wd, yd, cd, xd, algo, size);
                    case BACKWARD_FILTER -> (int) backwardFilterWorkspaceSize.invokeExact(handle, xd, yd, cd, wd, algo,
                            size);
                };
            } catch (Throwable t) {
                throw rethrow(t);
            }
            status[0] = s;
            return s == CudnnConstants.STATUS_SUCCESS ? size.get(JAVA_LONG, 0) : -1;
        }
    }

    /** y = alpha * conv(x, w) + beta * y (cudnnConvolutionForward). */
    public void convolutionForward(MemorySegment handle, MemorySegment alpha, CudnnDescriptor xDesc, long x,
                                   CudnnDescriptor wDesc, long w, CudnnDescriptor conv, int algo, long workspace,
                                   long workspaceBytes, MemorySegment beta, CudnnDescriptor yDesc, long y) {
        int status;
        try {
            status = (int) convolutionForward.invokeExact(handle, alpha, xDesc.segment(CudnnDescriptor.Kind.TENSOR),
                    MemorySegment.ofAddress(x), wDesc.segment(CudnnDescriptor.Kind.FILTER), MemorySegment.ofAddress(w),
                    conv.segment(CudnnDescriptor.Kind.CONVOLUTION), algo, MemorySegment.ofAddress(workspace),
                    workspaceBytes, beta, yDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(y));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnConvolutionForward");
    }

    /** dx = alpha * conv^T(dy, w) + beta * dx (cudnnConvolutionBackwardData). */
    public void convolutionBackwardData(MemorySegment handle, MemorySegment alpha, CudnnDescriptor wDesc, long w,
                                        CudnnDescriptor dyDesc, long dy, CudnnDescriptor conv, int algo, long workspace,
                                        long workspaceBytes, MemorySegment beta, CudnnDescriptor dxDesc, long dx) {
        int status;
        try {
            status = (int) convolutionBackwardData.invokeExact(handle, alpha, wDesc.segment(CudnnDescriptor.Kind.FILTER),
                    MemorySegment.ofAddress(w), dyDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(dy),
                    conv.segment(CudnnDescriptor.Kind.CONVOLUTION), algo, MemorySegment.ofAddress(workspace),
                    workspaceBytes, beta, dxDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(dx));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnConvolutionBackwardData");
    }

    /** dw = alpha * (x correlated with dy) + beta * dw (cudnnConvolutionBackwardFilter). */
    public void convolutionBackwardFilter(MemorySegment handle, MemorySegment alpha, CudnnDescriptor xDesc, long x,
                                          CudnnDescriptor dyDesc, long dy, CudnnDescriptor conv, int algo,
                                          long workspace, long workspaceBytes, MemorySegment beta,
                                          CudnnDescriptor dwDesc, long dw) {
        int status;
        try {
            status = (int) convolutionBackwardFilter.invokeExact(handle, alpha,
                    xDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(x),
                    dyDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(dy),
                    conv.segment(CudnnDescriptor.Kind.CONVOLUTION), algo, MemorySegment.ofAddress(workspace),
                    workspaceBytes, beta, dwDesc.segment(CudnnDescriptor.Kind.FILTER), MemorySegment.ofAddress(dw));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnConvolutionBackwardFilter");
    }

    /** db = alpha * (dy summed over N, H, W per channel) + beta * db (cudnnConvolutionBackwardBias). */
    public void convolutionBackwardBias(MemorySegment handle, MemorySegment alpha, CudnnDescriptor dyDesc, long dy,
                                        MemorySegment beta, CudnnDescriptor dbDesc, long db) {
        int status;
        try {
            status = (int) convolutionBackwardBias.invokeExact(handle, alpha, dyDesc.segment(CudnnDescriptor.Kind.TENSOR),
                    MemorySegment.ofAddress(dy), beta, dbDesc.segment(CudnnDescriptor.Kind.TENSOR),
                    MemorySegment.ofAddress(db));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnConvolutionBackwardBias");
    }

    /** C = alpha * A + beta * C with A broadcast over dimensions where it has extent 1 (cudnnAddTensor). */
    public void addTensor(MemorySegment handle, MemorySegment alpha, CudnnDescriptor aDesc, long a, MemorySegment beta,
                          CudnnDescriptor cDesc, long c) {
        int status;
        try {
            status = (int) addTensor.invokeExact(handle, alpha, aDesc.segment(CudnnDescriptor.Kind.TENSOR),
                    MemorySegment.ofAddress(a), beta, cDesc.segment(CudnnDescriptor.Kind.TENSOR),
                    MemorySegment.ofAddress(c));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnAddTensor");
    }

    /** C = op(alpha1 * A, alpha2 * B) + beta * C, B broadcast where it has extent 1 (cudnnOpTensor). */
    public void opTensor(MemorySegment handle, CudnnDescriptor op, MemorySegment alpha1, CudnnDescriptor aDesc, long a,
                         MemorySegment alpha2, CudnnDescriptor bDesc, long b, MemorySegment beta,
                         CudnnDescriptor cDesc, long c) {
        int status;
        try {
            status = (int) opTensor.invokeExact(handle, op.segment(CudnnDescriptor.Kind.OP_TENSOR), alpha1,
                    aDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(a), alpha2,
                    bDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(b), beta,
                    cDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(c));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnOpTensor");
    }

    // ---------------------------------------------------------------------------------------------
    // activation and batch norm

    /** y = alpha * act(x) + beta * y (cudnnActivationForward). */
    public void activationForward(MemorySegment handle, CudnnDescriptor activation, MemorySegment alpha,
                                  CudnnDescriptor xDesc, long x, MemorySegment beta, CudnnDescriptor yDesc, long y) {
        int status;
        try {
            status = (int) activationForward.invokeExact(handle, activation.segment(CudnnDescriptor.Kind.ACTIVATION),
                    alpha, xDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(x), beta,
                    yDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(y));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnActivationForward");
    }

    /**
     * cudnnBatchNormalizationForwardTraining in SPATIAL mode: y from the batch statistics; running
     * mean and variance updated as {@code running = (1 - factor) * running + factor * batch} with the
     * unbiased batch variance (PyTorch's convention, which its cuDNN path gets from this call:
     * pytorch/pytorch#106366); the batch mean and 1 / sqrt(var + eps) saved for backward.
     */
    public void batchNormTraining(MemorySegment handle, MemorySegment alpha, MemorySegment beta, CudnnDescriptor xDesc,
                                  long x, CudnnDescriptor yDesc, long y, CudnnDescriptor bnDesc, long scale, long bias,
                                  double factor, long runningMean, long runningVariance, double epsilon, long saveMean,
                                  long saveInvStd) {
        DescriptorChecks.batchNormEpsilon(epsilon);
        DescriptorChecks.batchNormMomentum(factor);
        int status;
        try {
            status = (int) batchNormTraining.invokeExact(handle, CudnnConstants.BATCHNORM_SPATIAL, alpha, beta,
                    xDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(x),
                    yDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(y),
                    bnDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(scale),
                    MemorySegment.ofAddress(bias), factor, MemorySegment.ofAddress(runningMean),
                    MemorySegment.ofAddress(runningVariance), epsilon, MemorySegment.ofAddress(saveMean),
                    MemorySegment.ofAddress(saveInvStd));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnBatchNormalizationForwardTraining");
    }

    /** cudnnBatchNormalizationForwardInference in SPATIAL mode: y = scale (x - mean) / sqrt(var + eps) + bias. */
    public void batchNormInference(MemorySegment handle, MemorySegment alpha, MemorySegment beta, CudnnDescriptor xDesc,
                                   long x, CudnnDescriptor yDesc, long y, CudnnDescriptor bnDesc, long scale, long bias,
                                   long mean, long variance, double epsilon) {
        DescriptorChecks.batchNormEpsilon(epsilon);
        int status;
        try {
            status = (int) batchNormInference.invokeExact(handle, CudnnConstants.BATCHNORM_SPATIAL, alpha, beta,
                    xDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(x),
                    yDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(y),
                    bnDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(scale),
                    MemorySegment.ofAddress(bias), MemorySegment.ofAddress(mean), MemorySegment.ofAddress(variance),
                    epsilon);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnBatchNormalizationForwardInference");
    }

    /**
     * cudnnBatchNormalizationBackward in SPATIAL mode: the batch-statistics gradient (training mode)
     * from the mean and inverse std saved by {@link #batchNormTraining}.
     */
    public void batchNormBackward(MemorySegment handle, MemorySegment alphaData, MemorySegment betaData,
                                  MemorySegment alphaParam, MemorySegment betaParam, CudnnDescriptor xDesc, long x,
                                  CudnnDescriptor dyDesc, long dy, CudnnDescriptor dxDesc, long dx,
                                  CudnnDescriptor bnDesc, long scale, long dScale, long dBias, double epsilon,
                                  long savedMean, long savedInvStd) {
        DescriptorChecks.batchNormEpsilon(epsilon);
        int status;
        try {
            status = (int) batchNormBackward.invokeExact(handle, CudnnConstants.BATCHNORM_SPATIAL, alphaData, betaData,
                    alphaParam, betaParam, xDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(x),
                    dyDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(dy),
                    dxDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(dx),
                    bnDesc.segment(CudnnDescriptor.Kind.TENSOR), MemorySegment.ofAddress(scale),
                    MemorySegment.ofAddress(dScale), MemorySegment.ofAddress(dBias), epsilon,
                    MemorySegment.ofAddress(savedMean), MemorySegment.ofAddress(savedInvStd));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(status, "cudnnBatchNormalizationBackward");
    }

    @Override
    public String toString() {
        return "CudnnLibrary[" + versionString() + ", " + location + "]";
    }
}
