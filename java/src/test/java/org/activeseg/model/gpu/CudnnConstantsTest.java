package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemoryLayout.PathElement;
import org.junit.jupiter.api.Test;

/**
 * Pins the cuDNN 9 and cuBLAS values the bindings pass or decode, as written in NVIDIA's headers
 * (cudnn_graph.h, cudnn_ops.h, cudnn_cnn.h of cuDNN 9; cublas_api.h, library_types.h): a changed
 * constant must be a deliberate edit of both the class and this test.
 */
class CudnnConstantsTest {

    @Test
    void cudnnStatusCodesAreCudnn9s() {
        assertEquals(0, CudnnConstants.STATUS_SUCCESS);
        assertEquals(1001, CudnnConstants.STATUS_NOT_INITIALIZED);
        assertEquals(1002, CudnnConstants.STATUS_SUBLIBRARY_VERSION_MISMATCH);
        assertEquals(1008, CudnnConstants.STATUS_SUBLIBRARY_LOADING_FAILED);
        assertEquals(2000, CudnnConstants.STATUS_BAD_PARAM);
        assertEquals(2001, CudnnConstants.STATUS_INVALID_VALUE);
        assertEquals(2008, CudnnConstants.STATUS_BAD_PARAM_SHAPE_MISMATCH);
        assertEquals(3000, CudnnConstants.STATUS_NOT_SUPPORTED);
        assertEquals(3007, CudnnConstants.STATUS_NOT_SUPPORTED_ARCH_MISMATCH);
        assertEquals(4000, CudnnConstants.STATUS_INTERNAL_ERROR);
        assertEquals(4004, CudnnConstants.STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED);
        assertEquals(5000, CudnnConstants.STATUS_EXECUTION_FAILED);
        assertEquals(5003, CudnnConstants.STATUS_EXECUTION_FAILED_CUDART);
        assertEquals("CUDNN_STATUS_BAD_PARAM", CudnnConstants.statusName(2000));
        assertEquals("CUDNN_STATUS_NOT_SUPPORTED_SHAPE", CudnnConstants.statusName(3002));
        assertEquals("cudnnStatus_t 3", CudnnConstants.statusName(3), "cuDNN 8's BAD_PARAM is no cuDNN 9 code");
    }

    @Test
    void cudnnEnumsAreTheHeaders() {
        assertEquals(0, CudnnConstants.DATA_FLOAT);
        assertEquals(0, CudnnConstants.TENSOR_NCHW);
        assertEquals(0, CudnnConstants.DEFAULT_MATH);
        assertEquals(1, CudnnConstants.TENSOR_OP_MATH);
        assertEquals(2, CudnnConstants.TENSOR_OP_MATH_ALLOW_CONVERSION);
        assertEquals(3, CudnnConstants.FMA_MATH);
        assertEquals(0, CudnnConstants.NOT_PROPAGATE_NAN);
        assertEquals(1, CudnnConstants.PROPAGATE_NAN);
        assertEquals(1, CudnnConstants.ACTIVATION_RELU);
        assertEquals(3, CudnnConstants.ACTIVATION_CLIPPED_RELU);
        assertEquals(0, CudnnConstants.CONVOLUTION);
        assertEquals(1, CudnnConstants.CROSS_CORRELATION);
        assertEquals(0, CudnnConstants.NON_DETERMINISTIC);
        assertEquals(1, CudnnConstants.DETERMINISTIC);
        assertEquals(0, CudnnConstants.OP_TENSOR_ADD);
        assertEquals(1, CudnnConstants.OP_TENSOR_MUL);
        assertEquals(0, CudnnConstants.BATCHNORM_PER_ACTIVATION);
        assertEquals(1, CudnnConstants.BATCHNORM_SPATIAL);
        assertEquals(0.0, CudnnConstants.BN_MIN_EPSILON);
        assertEquals(8, CudnnConstants.CONVOLUTION_FWD_ALGO_COUNT);
        assertEquals(6, CudnnConstants.CONVOLUTION_BWD_DATA_ALGO_COUNT);
        assertEquals(7, CudnnConstants.CONVOLUTION_BWD_FILTER_ALGO_COUNT);
        assertEquals("9.14.0", CudnnLibrary.versionString(91400));
        assertEquals("9.0.1", CudnnLibrary.versionString(90001));
    }

    @Test
    void algoPerfStructIs48BytesWithSizeTAtOffset16() {
        assertEquals(48, CudnnConstants.ALGO_PERF.byteSize());
        assertEquals(8, CudnnConstants.ALGO_PERF.byteAlignment());
        assertEquals(0, CudnnConstants.PERF_ALGO);
        assertEquals(4, CudnnConstants.PERF_STATUS);
        assertEquals(8, CudnnConstants.PERF_TIME);
        assertEquals(16, CudnnConstants.PERF_MEMORY);
        assertEquals(24, CudnnConstants.PERF_DETERMINISM);
        assertEquals(28, CudnnConstants.PERF_MATH_TYPE);
        assertEquals(32, CudnnConstants.ALGO_PERF.byteOffset(PathElement.groupElement("reserved")));
    }

    @Test
    void cublasEnumsAreTheHeaders() {
        assertEquals(0, CublasConstants.STATUS_SUCCESS);
        assertEquals(1, CublasConstants.STATUS_NOT_INITIALIZED);
        assertEquals(3, CublasConstants.STATUS_ALLOC_FAILED);
        assertEquals(7, CublasConstants.STATUS_INVALID_VALUE);
        assertEquals(8, CublasConstants.STATUS_ARCH_MISMATCH);
        assertEquals(11, CublasConstants.STATUS_MAPPING_ERROR);
        assertEquals(13, CublasConstants.STATUS_EXECUTION_FAILED);
        assertEquals(14, CublasConstants.STATUS_INTERNAL_ERROR);
        assertEquals(15, CublasConstants.STATUS_NOT_SUPPORTED);
        assertEquals(16, CublasConstants.STATUS_LICENSE_ERROR);
        assertEquals("CUBLAS_STATUS_EXECUTION_FAILED", CublasConstants.statusName(13));
        assertEquals("cublasStatus_t 2", CublasConstants.statusName(2));
        assertEquals(0, CublasConstants.OP_N);
        assertEquals(1, CublasConstants.OP_T);
        assertEquals(0, CublasConstants.DEFAULT_MATH);
        assertEquals(2, CublasConstants.PEDANTIC_MATH);
        assertEquals(3, CublasConstants.TF32_TENSOR_OP_MATH);
        assertEquals(0, CublasConstants.MAJOR_VERSION);
        assertEquals(1, CublasConstants.MINOR_VERSION);
        assertEquals(2, CublasConstants.PATCH_LEVEL);
    }
}
