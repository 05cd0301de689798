package org.activeseg.model.layers;

/**
 * Single-threaded blocked matrix multiply-accumulate for the CPU engine's convolution and
 * linear layers: {@code C[i, j] += sum_k A(i, k) * B[k, j]}. B and C are row-major with leading
 * dimensions; A is addressed through row and column strides so that a transposed weight
 * matrix needs no copy. Blocks of B and C are copied into separate row arrays so that the
 * innermost loop is a saxpy with the same index on both sides ({@code c[j] += a * b[j]}), the
 * form HotSpot's auto-vectoriser accepts (with distinct offsets into possibly aliasing arrays it
 * stays scalar, about 4x slower). Each C element accumulates its products in ascending k whatever
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
        int nc = Math.min(NC, n);
        float[][] cs = new float[m][nc];
        float[][] bs = new float[Math.min(KC, k)][nc];
        for (int jb = 0; jb < n; jb += NC) {
            int len = Math.min(n, jb + NC) - jb;
            for (int i = 0; i < m; i++) {
                System.arraycopy(c, cOff + i * ldc + jb, cs[i], 0, len);
            }
            for (int kb = 0; kb < k; kb += KC) {
                int kn = Math.min(k, kb + KC) - kb;
                for (int kk = 0; kk < kn; kk++) {
                    System.arraycopy(b, bOff + (kb + kk) * ldb + jb, bs[kk], 0, len);
                }
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    float[] c0 = cs[i], c1 = cs[i + 1], c2 = cs[i + 2], c3 = cs[i + 3];
                    int ak = aOff + i * aRowStride + kb * aColStride;
                    for (int kk = 0; kk < kn; kk++, ak += aColStride) {
                        float a0 = a[ak], a1 = a[ak + aRowStride], a2 = a[ak + 2 * aRowStride], a3 = a[ak + 3 * aRowStride];
                        float[] br = bs[kk];
                        for (int j = 0; j < len; j++) {
                            float bv = br[j];
                            c0[j] += a0 * bv;
                            c1[j] += a1 * bv;
                            c2[j] += a2 * bv;
                            c3[j] += a3 * bv;
                        }
                    }
                }
                for (; i < m; i++) {
                    float[] c0 = cs[i];
                    int ak = aOff + i * aRowStride + kb * aColStride;
                    for (int kk = 0; kk < kn; kk++, ak += aColStride) {
                        float a0 = a[ak];
                        float[] br = bs[kk];
                        for (int j = 0; j < len; j++) {
                            c0[j] += a0 * br[j];
                        }
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                System.arraycopy(cs[i], 0, c, cOff + i * ldc + jb, len);
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
