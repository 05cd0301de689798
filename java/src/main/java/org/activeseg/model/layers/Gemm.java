package org.activeseg.model.layers;

/**
 * Single-threaded blocked matrix multiply-accumulate for the CPU engine's convolution and
 * linear layers: {@code C[i, j] += sum_k A(i, k) * B[k, j]}. B and C are row-major with leading
 * dimensions; A is addressed through row and column strides so that a transposed weight
 * matrix needs no copy. The innermost loop is a contiguous saxpy over a row of B into a row of
 * C, which HotSpot vectorises. Each C element accumulates its products in ascending k whatever
 * the blocking, so results do not depend on block sizes or on how callers split work.
 */
final class Gemm {
    /** Reduction block: KC rows of B (by NC columns) are reused from cache across all rows of A. */
    private static final int KC = 128;
    private static final int NC = 256;

    private Gemm() {
    }

    static void multiplyAdd(int m, int n, int k,
                            float[] a, int aOff, int aRowStride, int aColStride,
                            float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc) {
        for (int kb = 0; kb < k; kb += KC) {
            int ke = Math.min(k, kb + KC);
            for (int jb = 0; jb < n; jb += NC) {
                int je = Math.min(n, jb + NC);
                int len = je - jb;
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    int c0 = cOff + i * ldc + jb, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
                    int aRow = aOff + i * aRowStride;
                    for (int kk = kb; kk < ke; kk++) {
                        int ak = aRow + kk * aColStride;
                        float a0 = a[ak], a1 = a[ak + aRowStride], a2 = a[ak + 2 * aRowStride], a3 = a[ak + 3 * aRowStride];
                        int bRow = bOff + kk * ldb + jb;
                        for (int j = 0; j < len; j++) {
                            float bv = b[bRow + j];
                            c[c0 + j] += a0 * bv;
                            c[c1 + j] += a1 * bv;
                            c[c2 + j] += a2 * bv;
                            c[c3 + j] += a3 * bv;
                        }
                    }
                }
                for (; i < m; i++) {
                    int cRow = cOff + i * ldc + jb;
                    int aRow = aOff + i * aRowStride;
                    for (int kk = kb; kk < ke; kk++) {
                        float av = a[aRow + kk * aColStride];
                        int bRow = bOff + kk * ldb + jb;
                        for (int j = 0; j < len; j++) {
                            c[cRow + j] += av * b[bRow + j];
                        }
                    }
                }
            }
        }
    }

    /** dst (cols x rows) = transpose of src (rows x cols), both dense row-major. */
    static void transpose(float[] src, int rows, int cols, float[] dst) {
        final int t = 32;
        for (int r0 = 0; r0 < rows; r0 += t) {
            int r1 = Math.min(rows, r0 + t);
            for (int c0 = 0; c0 < cols; c0 += t) {
                int c1 = Math.min(cols, c0 + t);
                for (int r = r0; r < r1; r++) {
                    int s = r * cols;
                    for (int cc = c0; cc < c1; cc++) {
                        dst[cc * rows + r] = src[s + cc];
                    }
                }
            }
        }
    }
}
