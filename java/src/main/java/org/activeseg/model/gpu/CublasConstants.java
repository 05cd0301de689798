package org.activeseg.model.gpu;

import java.util.Map;

/**
 * The cuBLAS enum values the bindings rely on, copied by hand from NVIDIA's cublas_api.h (checked
 * against the CUDA 12.6 copy in the public repository zspace/system.cuda-12.6, include/; the values
 * are unchanged in cuBLAS 13) and library_types.h. CublasConstantsTest pins them.
 */
public final class CublasConstants {
    private CublasConstants() {}

    // cublasStatus_t
    public static final int STATUS_SUCCESS = 0;
    public static final int STATUS_NOT_INITIALIZED = 1;
    public static final int STATUS_ALLOC_FAILED = 3;
    public static final int STATUS_INVALID_VALUE = 7;
    public static final int STATUS_ARCH_MISMATCH = 8;
    public static final int STATUS_MAPPING_ERROR = 11;
    public static final int STATUS_EXECUTION_FAILED = 13;
    public static final int STATUS_INTERNAL_ERROR = 14;
    public static final int STATUS_NOT_SUPPORTED = 15;
    public static final int STATUS_LICENSE_ERROR = 16;

    /** Names for the codes above: the fallback when cublasGetStatusName itself cannot be called. */
    static final Map<Integer, String> STATUS_NAMES = Map.of(
            STATUS_SUCCESS, "CUBLAS_STATUS_SUCCESS",
            STATUS_NOT_INITIALIZED, "CUBLAS_STATUS_NOT_INITIALIZED",
            STATUS_ALLOC_FAILED, "CUBLAS_STATUS_ALLOC_FAILED",
            STATUS_INVALID_VALUE, "CUBLAS_STATUS_INVALID_VALUE",
            STATUS_ARCH_MISMATCH, "CUBLAS_STATUS_ARCH_MISMATCH",
            STATUS_MAPPING_ERROR, "CUBLAS_STATUS_MAPPING_ERROR",
            STATUS_EXECUTION_FAILED, "CUBLAS_STATUS_EXECUTION_FAILED",
            STATUS_INTERNAL_ERROR, "CUBLAS_STATUS_INTERNAL_ERROR",
            STATUS_NOT_SUPPORTED, "CUBLAS_STATUS_NOT_SUPPORTED",
            STATUS_LICENSE_ERROR, "CUBLAS_STATUS_LICENSE_ERROR");

    /** The status name, or "cublasStatus_t <code>" for one not in the table. */
    static String statusName(int status) {
        String name = STATUS_NAMES.get(status);
        return name != null ? name : "cublasStatus_t " + status;
    }

    // cublasOperation_t
    public static final int OP_N = 0;
    public static final int OP_T = 1;
    // cublasMath_t: DEFAULT keeps Sgemm in fp32 (TF32 only with CUBLAS_TF32_TENSOR_OP_MATH)
    public static final int DEFAULT_MATH = 0;
    public static final int PEDANTIC_MATH = 2;
    public static final int TF32_TENSOR_OP_MATH = 3;
    // libraryPropertyType (library_types.h), for cublasGetProperty
    public static final int MAJOR_VERSION = 0;
    public static final int MINOR_VERSION = 1;
    public static final int PATCH_LEVEL = 2;

    /** The first cuBLAS major version accepted (cublasGetStatusName and the _v2 API as bound here). */
    public static final int MIN_MAJOR = 12;
}
