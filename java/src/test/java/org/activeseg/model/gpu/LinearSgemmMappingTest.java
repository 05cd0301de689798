package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.activeseg.model.Tensor4;
import org.activeseg.model.layers.Linear;
import org.junit.jupiter.api.Test;

/**
 * The cuBLAS calls of {@link GpuLinear} without a GPU: each {@link SgemmCall} it makes is run
 * through a plain column-major Sgemm written from the cuBLAS definition (below), on the same
 * row-major arrays the device would hold, and must reproduce the CPU Linear's output, input
 * gradient and weight gradient (1e-5, float sums in a different order) at awkward sizes.
 */
class LinearSgemmMappingTest {

    /** C = alpha op(A) op(B) + beta C, column-major, as cublasSgemm defines it. */
    static void sgemm(SgemmCall c, float alpha, float[] a, float[] b, float beta, float[] out) {
        for (int j = 0; j < c.n(); j++) {
            for (int i = 0; i < c.m(); i++) {
                double sum = 0;
                for (int l = 0; l < c.k(); l++) {
                    float av = c.transA() == CublasConstants.OP_N ? a[i + l * c.lda()] : a[l + i * c.lda()];
                    float bv = c.transB() == CublasConstants.OP_N ? b[l + j * c.ldb()] : b[j + l * c.ldb()];
                    sum += (double) av * bv;
                }
                out[i + j * c.ldc()] = (float) (alpha * sum + beta * out[i + j * c.ldc()]);
            }
        }
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    @Test
    void forwardAndBothGradientsMatchTheCpuLayer() {
        int[][] shapes = {{5, 37, 11}, {1, 1, 1}, {3, 64, 2}, {7, 2, 19}};
        SplittableRandom r = new SplittableRandom(7);
        for (int[] s : shapes) {
            int batch = s[0], in = s[1], out = s[2];
            Linear layer = new Linear("fc", in, out, true, r.split());
            Tensor4 x = new Tensor4(batch, in, 1, 1, random(r, batch * in));
            Tensor4 y = layer.forward(x, true);
            Tensor4 dy = new Tensor4(batch, out, 1, 1, random(r, batch * out));
            layer.weight().zeroGrad();
            Tensor4 dx = layer.backward(dy);
            String shape = " (N " + batch + ", in " + in + ", out " + out + ")";

            float[] yDevice = new float[batch * out];
            sgemm(GpuLinear.forwardCall(batch, in, out), 1f, layer.weight().value(), x.data(), 0f, yDevice);
            for (int i = 0; i < batch; i++) {
                for (int o = 0; o < out; o++) {
                    yDevice[i * out + o] += layer.bias().value()[o]; // cudnnAddTensor's broadcast
                }
            }
            Parity.assertClose("forward" + shape, y.data(), yDevice, 1e-5);

            float[] dxDevice = new float[batch * in];
            sgemm(GpuLinear.inputGradientCall(batch, in, out), 1f, layer.weight().value(), dy.data(), 0f, dxDevice);
            Parity.assertClose("input gradient" + shape, dx.data(), dxDevice, 1e-5);

            float[] dwDevice = new float[out * in];
            sgemm(GpuLinear.weightGradientCall(batch, in, out), 1f, x.data(), dy.data(), 0f, dwDevice);
            Parity.assertClose("weight gradient" + shape, layer.weight().grad(), dwDevice, 1e-5);
        }
    }

    @Test
    void sgemmCallChecksCublasRules() {
        new SgemmCall(CublasConstants.OP_N, CublasConstants.OP_N, 0, 0, 0, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> new SgemmCall(2, 0, 1, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SgemmCall(0, 0, -1, 1, 1, 1, 1, 1));
        // A is m x k for OP_N: lda must be >= m
        assertThrows(IllegalArgumentException.class, () -> new SgemmCall(0, 0, 4, 2, 3, 3, 3, 4));
        // A is k x m for OP_T: lda must be >= k
        new SgemmCall(1, 0, 4, 2, 3, 3, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> new SgemmCall(1, 0, 4, 2, 3, 2, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> new SgemmCall(0, 0, 4, 2, 3, 4, 3, 3));
    }
}
