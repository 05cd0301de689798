package org.activeseg.model.gpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.Map;

/**
 * The cuDNN 9 enum values and struct layout the bindings rely on, copied by hand (no jextract).
 * Checked against NVIDIA's cuDNN 9.6.0 headers (cudnn_graph.h, cudnn_ops.h, cudnn_cnn.h; read
 * from the copy in the public repository zspace/system.cuda-12.6, include/), whose values cuDNN
 * keeps stable within major version 9; CudnnConstantsTest pins them. Only the values used are here.
 */
public final class CudnnConstants {
    private CudnnConstants() {}

    // cudnnStatus_t (cudnn_graph.h). cuDNN 9 renumbered the codes into categories (1xxx, 2xxx, ...);
    // cuDNN 8's 0..13 are gone.
    public static final int STATUS_SUCCESS = 0;
    public static final int STATUS_NOT_INITIALIZED = 1001;
    public static final int STATUS_SUBLIBRARY_VERSION_MISMATCH = 1002;
    public static final int STATUS_SERIALIZATION_VERSION_MISMATCH = 1003;
    public static final int STATUS_DEPRECATED = 1004;
    public static final int STATUS_LICENSE_ERROR = 1005;
    public static final int STATUS_RUNTIME_IN_PROGRESS = 1006;
    public static final int STATUS_RUNTIME_FP_OVERFLOW = 1007;
    public static final int STATUS_SUBLIBRARY_LOADING_FAILED = 1008;
    public static final int STATUS_BAD_PARAM = 2000;
    public static final int STATUS_INVALID_VALUE = 2001;
    public static final int STATUS_BAD_PARAM_NULL_POINTER = 2002;
    public static final int STATUS_BAD_PARAM_MISALIGNED_POINTER = 2003;
    public static final int STATUS_BAD_PARAM_NOT_FINALIZED = 2004;
    public static final int STATUS_BAD_PARAM_OUT_OF_BOUND = 2005;
    public static final int STATUS_BAD_PARAM_SIZE_INSUFFICIENT = 2006;
    public static final int STATUS_BAD_PARAM_STREAM_MISMATCH = 2007;
    public static final int STATUS_BAD_PARAM_SHAPE_MISMATCH = 2008;
    public static final int STATUS_NOT_SUPPORTED = 3000;
    public static final int STATUS_NOT_SUPPORTED_SHAPE = 3002;
    public static final int STATUS_NOT_SUPPORTED_DATA_TYPE = 3003;
    public static final int STATUS_NOT_SUPPORTED_LAYOUT = 3004;
    public static final int STATUS_NOT_SUPPORTED_INCOMPATIBLE_CUDA_DRIVER = 3005;
    public static final int STATUS_NOT_SUPPORTED_INCOMPATIBLE_CUDART = 3006;
    public static final int STATUS_NOT_SUPPORTED_ARCH_MISMATCH = 3007;
    public static final int STATUS_INTERNAL_ERROR = 4000;
    public static final int STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED = 4003;
    public static final int STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED = 4004;
    public static final int STATUS_EXECUTION_FAILED = 5000;
    public static final int STATUS_EXECUTION_FAILED_CUDA_DRIVER = 5001;
    public static final int STATUS_EXECUTION_FAILED_CUBLAS = 5002;
    public static final int STATUS_EXECUTION_FAILED_CUDART = 5003;

    /** Names for the codes above: the fallback when cudnnGetErrorString itself cannot be called. */
    static final Map<Integer, String> STATUS_NAMES = Map.ofEntries(
            Map.entry(STATUS_SUCCESS, "CUDNN_STATUS_SUCCESS"),
            Map.entry(STATUS_NOT_INITIALIZED, "CUDNN_STATUS_NOT_INITIALIZED"),
            Map.entry(STATUS_SUBLIBRARY_VERSION_MISMATCH, "CUDNN_STATUS_SUBLIBRARY_VERSION_MISMATCH"),
            Map.entry(STATUS_SERIALIZATION_VERSION_MISMATCH, "CUDNN_STATUS_SERIALIZATION_VERSION_MISMATCH"),
            Map.entry(STATUS_DEPRECATED, "CUDNN_STATUS_DEPRECATED"),
            Map.entry(STATUS_LICENSE_ERROR, "CUDNN_STATUS_LICENSE_ERROR"),
            Map.entry(STATUS_RUNTIME_IN_PROGRESS, "CUDNN_STATUS_RUNTIME_IN_PROGRESS"),
            Map.entry(STATUS_RUNTIME_FP_OVERFLOW, "CUDNN_STATUS_RUNTIME_FP_OVERFLOW"),
            Map.entry(STATUS_SUBLIBRARY_LOADING_FAILED, "CUDNN_STATUS_SUBLIBRARY_LOADING_FAILED"),
            Map.entry(STATUS_BAD_PARAM, "CUDNN_STATUS_BAD_PARAM"),
            Map.entry(STATUS_INVALID_VALUE, "CUDNN_STATUS_INVALID_VALUE"),
            Map.entry(STATUS_BAD_PARAM_NULL_POINTER, "CUDNN_STATUS_BAD_PARAM_NULL_POINTER"),
            Map.entry(STATUS_BAD_PARAM_MISALIGNED_POINTER, "CUDNN_STATUS_BAD_PARAM_MISALIGNED_POINTER"),
            Map.entry(STATUS_BAD_PARAM_NOT_FINALIZED, "CUDNN_STATUS_BAD_PARAM_NOT_FINALIZED"),
            Map.entry(STATUS_BAD_PARAM_OUT_OF_BOUND, "CUDNN_STATUS_BAD_PARAM_OUT_OF_BOUND"),
            Map.entry(STATUS_BAD_PARAM_SIZE_INSUFFICIENT, "CUDNN_STATUS_BAD_PARAM_SIZE_INSUFFICIENT"),
            Map.entry(STATUS_BAD_PARAM_STREAM_MISMATCH, "CUDNN_STATUS_BAD_PARAM_STREAM_MISMATCH"),
            Map.entry(STATUS_BAD_PARAM_SHAPE_MISMATCH, "CUDNN_STATUS_BAD_PARAM_SHAPE_MISMATCH"),
            Map.entry(STATUS_NOT_SUPPORTED, "CUDNN_STATUS_NOT_SUPPORTED"),
            Map.entry(STATUS_NOT_SUPPORTED_SHAPE, "CUDNN_STATUS_NOT_SUPPORTED_SHAPE"),
            Map.entry(STATUS_NOT_SUPPORTED_DATA_TYPE, "CUDNN_STATUS_NOT_SUPPORTED_DATA_TYPE"),
            Map.entry(STATUS_NOT_SUPPORTED_LAYOUT, "CUDNN_STATUS_NOT_SUPPORTED_LAYOUT"),
            Map.entry(STATUS_NOT_SUPPORTED_INCOMPATIBLE_CUDA_DRIVER, "CUDNN_STATUS_NOT_SUPPORTED_INCOMPATIBLE_CUDA_DRIVER"),
            Map.entry(STATUS_NOT_SUPPORTED_INCOMPATIBLE_CUDART, "CUDNN_STATUS_NOT_SUPPORTED_INCOMPATIBLE_CUDART"),
            Map.entry(STATUS_NOT_SUPPORTED_ARCH_MISMATCH, "CUDNN_STATUS_NOT_SUPPORTED_ARCH_MISMATCH"),
            Map.entry(STATUS_INTERNAL_ERROR, "CUDNN_STATUS_INTERNAL_ERROR"),
            Map.entry(STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED, "CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED"),
            Map.entry(STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED, "CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED"),
            Map.entry(STATUS_EXECUTION_FAILED, "CUDNN_STATUS_EXECUTION_FAILED"),
            Map.entry(STATUS_EXECUTION_FAILED_CUDA_DRIVER, "CUDNN_STATUS_EXECUTION_FAILED_CUDA_DRIVER"),
            Map.entry(STATUS_EXECUTION_FAILED_CUBLAS, "CUDNN_STATUS_EXECUTION_FAILED_CUBLAS"),
            Map.entry(STATUS_EXECUTION_FAILED_CUDART, "CUDNN_STATUS_EXECUTION_FAILED_CUDART"));

    /** The status name, or "cudnnStatus_t <code>" for one not in the table. */
    static String statusName(int status) {
        String name = STATUS_NAMES.get(status);
        return name != null ? name : "cudnnStatus_t " + status;
    }

    // cudnnDataType_t (cudnn_graph.h)
    public static final int DATA_FLOAT = 0;
    // cudnnTensorFormat_t (cudnn_graph.h)
    public static final int TENSOR_NCHW = 0;
    // cudnnMathType_t (cudnn_graph.h): FMA excludes tensor-core kernels, so fp32 convolutions never
    // round their inputs to TF32 (DEFAULT lets cuDNN pick TF32 on Ampere and later).
    public static final int DEFAULT_MATH = 0;
    public static final int TENSOR_OP_MATH = 1;
    public static final int TENSOR_OP_MATH_ALLOW_CONVERSION = 2;
    public static final int FMA_MATH = 3;
    // cudnnNanPropagation_t (cudnn_graph.h)
    public static final int NOT_PROPAGATE_NAN = 0;
    public static final int PROPAGATE_NAN = 1;
    // cudnnActivationMode_t (cudnn_graph.h)
    public static final int ACTIVATION_RELU = 1;
    public static final int ACTIVATION_CLIPPED_RELU = 3;
    // cudnnConvolutionMode_t (cudnn_graph.h): PyTorch's conv2d is a cross-correlation (no kernel flip).
    public static final int CONVOLUTION = 0;
    public static final int CROSS_CORRELATION = 1;
    // cudnnDeterminism_t (cudnn_ops.h)
    public static final int NON_DETERMINISTIC = 0;
    public static final int DETERMINISTIC = 1;
    // cudnnOpTensorOp_t (cudnn_ops.h)
    public static final int OP_TENSOR_ADD = 0;
    public static final int OP_TENSOR_MUL = 1;
    // cudnnBatchNormMode_t (cudnn_ops.h): SPATIAL normalises each channel over N, H, W (BatchNorm2d).
    public static final int BATCHNORM_PER_ACTIVATION = 0;
    public static final int BATCHNORM_SPATIAL = 1;
    /** CUDNN_BN_MIN_EPSILON of cuDNN 9 (cudnn_ops.h; it was 1e-5 before cuDNN 7.5). */
    public static final double BN_MIN_EPSILON = 0.0;
    // cudnnConvolution*Algo_t counts (cudnn_ops.h): the most results a _v7 query returns.
    public static final int CONVOLUTION_FWD_ALGO_COUNT = 8;
    public static final int CONVOLUTION_BWD_DATA_ALGO_COUNT = 6;
    public static final int CONVOLUTION_BWD_FILTER_ALGO_COUNT = 7;

    /**
     * cudnnConvolutionFwdAlgoPerf_t, and the identical BwdData / BwdFilter perf structs
     * (cudnn_cnn.h): {algo int, status int, time float, [4 bytes padding], memory size_t,
     * determinism int, mathType int, reserved int[3], [4 bytes tail padding]}: 48 bytes, 8-aligned.
     */
    public static final StructLayout ALGO_PERF = MemoryLayout.structLayout(
            JAVA_INT.withName("algo"),
            JAVA_INT.withName("status"),
            JAVA_FLOAT.withName("time"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("memory"),
            JAVA_INT.withName("determinism"),
            JAVA_INT.withName("mathType"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("reserved"),
            MemoryLayout.paddingLayout(4)).withName("cudnnConvolutionAlgoPerf_t");

    static final long PERF_ALGO = ALGO_PERF.byteOffset(MemoryLayout.PathElement.groupElement("algo"));
    static final long PERF_STATUS = ALGO_PERF.byteOffset(MemoryLayout.PathElement.groupElement("status"));
    static final long PERF_TIME = ALGO_PERF.byteOffset(MemoryLayout.PathElement.groupElement("time"));
    static final long PERF_MEMORY = ALGO_PERF.byteOffset(MemoryLayout.PathElement.groupElement("memory"));
    static final long PERF_DETERMINISM = ALGO_PERF.byteOffset(MemoryLayout.PathElement.groupElement("determinism"));
    static final long PERF_MATH_TYPE = ALGO_PERF.byteOffset(MemoryLayout.PathElement.groupElement("mathType"));

    /** The first cuDNN version the bindings accept (cudnnGetVersion: major*10000 + minor*100 + patch in cuDNN 9). */
    public static final long MIN_VERSION = 90000;
    /** The first version they do not: the legacy (v7-style) API bound here may go in a new major. */
    public static final long END_VERSION = 100000;
}
