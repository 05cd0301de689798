package org.activeseg.model.gpu;

/**
 * The shape arguments of one cublasSgemm_v2 call, {@code C (m x n) = alpha op(A) op(B) + beta C}
 * with every matrix column-major, checked against cuBLAS's rules when made (cublas_api.h: m, n, k
 * >= 0; lda >= max(1, rows of A as stored), ldb likewise, ldc >= max(1, m)). Kept apart from the
 * call itself so the row-major-to-column-major mapping of the layers can be tested without a GPU.
 *
 * @param transA {@link CublasConstants#OP_N} or {@link CublasConstants#OP_T}
 * @param transB likewise
 */
public record SgemmCall(int transA, int transB, int m, int n, int k, int lda, int ldb, int ldc) {
    public SgemmCall {
        if (!isOp(transA) || !isOp(transB)) {
            throw new IllegalArgumentException("sgemm operations must be OP_N (0) or OP_T (1), got " + transA + ", "
                    + transB);
        }
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm extents must be non-negative, got m " + m + ", n " + n + ", k " + k);
        }
        int aRows = transA == CublasConstants.OP_N ? m : k;
        int bRows = transB == CublasConstants.OP_N ? k : n;
        if (lda < Math.max(1, aRows) || ldb < Math.max(1, bRows) || ldc < Math.max(1, m)) {
            throw new IllegalArgumentException("sgemm leading dimensions too small: lda " + lda + " (needs >= "
                    + Math.max(1, aRows) + "), ldb " + ldb + " (needs >= " + Math.max(1, bRows) + "), ldc " + ldc
                    + " (needs >= " + Math.max(1, m) + ")");
        }
    }

    private static boolean isOp(int op) {
        return op == CublasConstants.OP_N || op == CublasConstants.OP_T;
    }
}
