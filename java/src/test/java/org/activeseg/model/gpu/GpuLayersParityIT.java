package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.model.layers.Activation;
import org.activeseg.model.layers.BatchNorm2d;
import org.activeseg.model.layers.Conv2d;
import org.activeseg.model.layers.Linear;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The GPU layers against the CPU layers on the same inputs and parameters, forward and backward:
 * outputs, input gradients, parameter gradients (added into the CPU Parameters) and batch-norm
 * running statistics, at awkward shapes (odd extents, stride 2, dilation, depthwise and grouped,
 * 1x1 and 3x1 kernels, batch 1, one value per channel beyond the minimum).
 *
 * <p>Tolerances ({@link Parity}: relative to each value, or to 1e-3 of the array's largest
 * magnitude below that): convolutions, linear and batch norm 1e-4 (both sides float32 with
 * different summation orders; TF32 rounding, about 1e-3, would fail it, which is what keeps
 * CUDNN_FMA_MATH and CUBLAS_DEFAULT_MATH honest); a conv-BN-ReLU6-depthwise-BN-ReLU block end to end
 * 1e-3 (errors compound through two normalisations); ReLU / ReLU6 exact, kinks included.
 *
 * <p>Needs a GPU with cuDNN 9 and cuBLAS: skips with the reasons printed, or fails with
 * -Dactiveseg.test.requireCuda=true.
 */
class GpuLayersParityIT {
    private static final double TOL = 1e-4;
    private static final double BLOCK_TOL = 1e-3;
    @RegisterExtension
    static final CudaRequirement<GpuExecution> GPU = CudaRequirement.gpuExecution();

    private static Tensor4 random(SplittableRandom r, int n, int c, int h, int w, double lo, double hi) {
        Tensor4 t = new Tensor4(n, c, h, w);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextDouble(lo, hi);
        }
        return t;
    }

    private static void fill(SplittableRandom r, float[] v, double lo, double hi) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble(lo, hi);
        }
    }

    private static List<float[]> gradients(List<Parameter> parameters) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : parameters) {
            out.add(p.grad().clone());
            p.zeroGrad();
        }
        return out;
    }

    /** CPU forward + backward, leaving the parameter gradients zeroed and returning {y, dx, grads...}. */
    private static List<float[]> cpuPass(Layer layer, Tensor4 x, Tensor4 dy, boolean training) {
        for (Parameter p : layer.parameters()) {
            p.zeroGrad();
        }
        Tensor4 y = layer.forward(x, training);
        Tensor4 dx = layer.backward(dy);
        List<float[]> out = new ArrayList<>(List.of(y.data(), dx.data()));
        out.addAll(gradients(layer.parameters()));
        return out;
    }

    /** The same through {@code gpuLayer}, which reads its parameters from {@code layer}. */
    private static List<float[]> gpuPass(Layer layer, GpuLayer gpuLayer, Tensor4 x, Tensor4 dy, boolean training) {
        GpuExecution exec = GPU.get();
        for (Parameter p : layer.parameters()) {
            p.zeroGrad();
        }
        try (GpuTensor xd = exec.upload(x);
             GpuTensor yd = gpuLayer.forward(xd, training);
             GpuTensor dyd = exec.upload(dy);
             GpuTensor dxd = gpuLayer.backward(dyd)) {
            List<float[]> out = new ArrayList<>(List.of(yd.download().data(), dxd.download().data()));
            out.addAll(gradients(layer.parameters()));
            return out;
        }
    }

    private static String compare(String what, Layer layer, List<float[]> cpu, List<float[]> gpuOut, double tol) {
        StringBuilder worst = new StringBuilder(what);
        List<String> names = new ArrayList<>(List.of("output", "input gradient"));
        layer.parameters().forEach(p -> names.add(p.name() + " gradient"));
        for (int i = 0; i < cpu.size(); i++) {
            double e = Parity.assertClose(what + " " + names.get(i), cpu.get(i), gpuOut.get(i), tol);
            worst.append(String.format(" | %s %.2e", names.get(i), e));
        }
        return worst.toString();
    }

    // ---- Conv2d

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // name,          n, in, out, h,  w, kh, kw, stride, pad, dil, groups, bias
            "dense 3x3,        2,  3,   5, 7,  9,  3,  3,      1,   1,   1,      1, true",
            "stride 2 odd,     3,  8,  16, 13, 11, 3,  3,      2,   1,   1,      1, false",
            "atrous d2,        2,  6,   6, 10, 10, 3,  3,      1,   2,   2,      1, true",
            "atrous d3 s2,     1,  4,   8, 12, 15, 3,  3,      2,   3,   3,      1, true",
            "depthwise s2,     2, 16,  16, 15, 17, 3,  3,      2,   1,   1,     16, false",
            "depthwise d2,     1,  7,   7, 9,  8,  3,  3,      1,   2,   2,      7, true",
            "grouped 3x1,      2,  4,   6, 5,  6,  3,  1,      1,   1,   1,      2, true",
            "pointwise 1x1,    1, 32,   7, 1,  1,  1,  1,      1,   0,   1,      1, true",
            "5x5 no pad,       2,  3,   4, 9,  7,  5,  5,      1,   0,   1,      1, false",
    })
    void convolutionMatchesTheCpuLayer(String name, int n, int in, int out, int h, int w, int kh, int kw, int stride,
                                       int pad, int dil, int groups, boolean bias) {
        SplittableRandom r = new SplittableRandom(name.hashCode());
        Conv2d cpu = new Conv2d("conv", in, out, kh, kw, stride, pad, dil, groups, bias, r.split());
        if (bias) {
            fill(r, cpu.bias().value(), -0.5, 0.5);
        }
        Tensor4 x = random(r, n, in, h, w, -1, 1);
        int oh = Conv2d.outputSize(h, kh, stride, pad, dil);
        int ow = Conv2d.outputSize(w, kw, stride, pad, dil);
        Tensor4 dy = random(r, n, out, oh, ow, -1, 1);
        List<float[]> expected = cpuPass(cpu, x, dy, true);
        try (GpuConv2d conv = new GpuConv2d(GPU.get(), cpu, new ConvGeometry(kh, kw, stride, pad, dil, groups))) {
            List<float[]> actual = gpuPass(cpu, conv, x, dy, true);
            System.out.println(compare("conv " + name, cpu, expected, actual, TOL) + " | " + conv.describeAlgorithms());
        }
    }

    @Test
    void backwardAddsIntoTheCpuGradientsAndChecksItsInput() {
        GpuExecution exec = GPU.get();
        SplittableRandom r = new SplittableRandom(3);
        Conv2d cpu = new Conv2d("conv", 3, 4, 3, 3, 1, 1, 1, 1, true, r.split());
        Tensor4 x = random(r, 2, 3, 6, 5, -1, 1);
        Tensor4 dy = random(r, 2, 4, 6, 5, -1, 1);
        try (GpuConv2d conv = new GpuConv2d(exec, cpu, new ConvGeometry(3, 3, 1, 1, 1, 1));
             GpuTensor xd = exec.upload(x);
             GpuTensor dyd = exec.upload(dy)) {
            cpu.weight().zeroGrad();
            conv.forward(xd, true).close();
            conv.backward(dyd).close();
            float[] once = cpu.weight().grad().clone();
            conv.backward(dyd).close();
            float[] twice = cpu.weight().grad();
            for (int i = 0; i < once.length; i++) {
                assertEquals(2 * once[i], twice[i], 1e-5 * Math.max(1, Math.abs(once[i])));
            }
            try (GpuTensor wrong = exec.allocate(2, 4, 5, 5)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv.backward(wrong));
                assertTrue(e.getMessage().contains("[2, 4, 5, 5]"), e.getMessage());
            }
            try (GpuTensor wrongChannels = exec.allocate(2, 5, 6, 5)) {
                assertThrows(IllegalArgumentException.class, () -> conv.forward(wrongChannels, true));
            }
            GpuTensor shortLived = exec.upload(x);
            conv.forward(shortLived, true).close();
            shortLived.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> conv.backward(dyd));
            assertTrue(e.getMessage().contains("closed before backward"), e.getMessage());
        }
    }

    // ---- BatchNorm2d

    @ParameterizedTest(name = "[{0}, {1}, {2}, {3}] eps {4} momentum {5}")
    @CsvSource({
            "2,  3, 5, 7, 1e-5, 0.1",
            "1, 17, 1, 2, 1e-5, 0.1",
            "4,  8, 3, 3, 1e-3, 0.3",
            "3,  5, 9, 1, 1e-5, 0.0",
            "2,  4, 4, 4, 1e-5, 1.0",
    })
    void batchNormMatchesTheCpuLayerInTrainingAndEvaluation(int n, int c, int h, int w, double eps, double momentum) {
        SplittableRandom r = new SplittableRandom(n * 1000 + c);
        BatchNorm2d cpu = new BatchNorm2d("bn", c, eps, momentum);
        fill(r, cpu.weight().value(), 0.5, 1.5);
        fill(r, cpu.bias().value(), -0.5, 0.5);
        fill(r, cpu.runningMean().value(), -0.5, 0.5);
        fill(r, cpu.runningVar().value(), 0.5, 2.0);
        float[] mean0 = cpu.runningMean().value().clone();
        float[] var0 = cpu.runningVar().value().clone();
        Tensor4 x = random(r, n, c, h, w, -2, 3);
        Tensor4 dy = random(r, n, c, h, w, -1, 1);
        String shape = "bn [" + n + ", " + c + ", " + h + ", " + w + "]";

        List<float[]> expected = cpuPass(cpu, x, dy, true);
        float[] meanCpu = cpu.runningMean().value().clone();
        float[] varCpu = cpu.runningVar().value().clone();
        System.arraycopy(mean0, 0, cpu.runningMean().value(), 0, c);
        System.arraycopy(var0, 0, cpu.runningVar().value(), 0, c);
        try (GpuBatchNorm2d bn = new GpuBatchNorm2d(GPU.get(), cpu, eps, momentum)) {
            List<float[]> actual = gpuPass(cpu, bn, x, dy, true);
            String report = compare(shape + " training", cpu, expected, actual, TOL);
            double m = Parity.assertClose(shape + " running_mean", meanCpu, cpu.runningMean().value(), TOL);
            double v = Parity.assertClose(shape + " running_var", varCpu, cpu.runningVar().value(), TOL);
            System.out.println(report + String.format(" | running_mean %.2e | running_var %.2e", m, v));

            // evaluation must leave the running statistics bit-identical: compare with what they hold
            // now (the GPU training pass's update, equal to the CPU's only within TOL), not with the
            // CPU pass's update, which differs in the last bit through float rounding
            float[] meanBeforeEval = cpu.runningMean().value().clone();
            float[] varBeforeEval = cpu.runningVar().value().clone();
            expected = cpuPass(cpu, x, dy, false);
            assertArrayEquals(meanBeforeEval, cpu.runningMean().value(), "the CPU evaluation pass leaves running_mean alone");
            assertArrayEquals(varBeforeEval, cpu.runningVar().value(), "the CPU evaluation pass leaves running_var alone");
            actual = gpuPass(cpu, bn, x, dy, false);
            System.out.println(compare(shape + " evaluation", cpu, expected, actual, TOL));
            assertArrayEquals(meanBeforeEval, cpu.runningMean().value(), "evaluation leaves running_mean alone");
            assertArrayEquals(varBeforeEval, cpu.runningVar().value(), "evaluation leaves running_var alone");
        }
    }

    @Test
    void batchNormTrainingNeedsTwoValuesPerChannel() {
        GpuExecution exec = GPU.get();
        BatchNorm2d cpu = new BatchNorm2d("bn", 3);
        try (GpuBatchNorm2d bn = new GpuBatchNorm2d(exec, cpu); GpuTensor x = exec.allocate(1, 3, 1, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(x, true));
            assertTrue(e.getMessage().contains("more than 1 value per channel"), e.getMessage());
            bn.forward(x, false).close();
        }
    }

    // ---- Activation

    /** Values at and around the kinks (subnormals left out: a flush-to-zero kernel may treat them as 0). */
    private static final float[] KINKS = {0f, -0f, 6f, Math.nextDown(6f), Math.nextUp(6f), Float.MIN_NORMAL,
            -Float.MIN_NORMAL, -1f, 1f, 7f, 100f, -100f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3f};

    private static void assertSameValues(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            boolean same = Float.isNaN(expected[i]) ? Float.isNaN(actual[i]) : expected[i] == actual[i];
            if (!same) {
                fail(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"RELU", "RELU6"})
    void activationMatchesExactlyKinksIncluded(Activation.Kind kind) {
        SplittableRandom r = new SplittableRandom(kind.ordinal());
        Activation cpu = new Activation(kind);
        try (GpuActivation act = new GpuActivation(GPU.get(), cpu)) {
            for (int[] s : new int[][] {{2, 3, 5, 7}, {1, 1, 1, 13}, {1, 1, 4, 4}}) {
                Tensor4 x = random(r, s[0], s[1], s[2], s[3], -8, 14);
                float[] d = x.data();
                for (int i = 0; i < d.length && i < KINKS.length; i++) {
                    d[i] = KINKS[i];
                }
                Tensor4 dy = random(r, s[0], s[1], s[2], s[3], -1, 1);
                List<float[]> expected = cpuPass(cpu, x, dy, true);
                List<float[]> actual = gpuPass(cpu, act, x, dy, true);
                assertSameValues(kind + " output", expected.get(0), actual.get(0));
                assertSameValues(kind + " input gradient", expected.get(1), actual.get(1));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"RELU", "RELU6"})
    void activationKeepsNaNForwardAndGivesItNoGradient(Activation.Kind kind) {
        Activation cpu = new Activation(kind);
        Tensor4 x = new Tensor4(1, 1, 1, 4, new float[] {Float.NaN, 1f, Float.NaN, -1f});
        Tensor4 dy = new Tensor4(1, 1, 1, 4, new float[] {1f, 1f, 1f, 1f});
        List<float[]> expected = cpuPass(cpu, x, dy, true);
        try (GpuActivation act = new GpuActivation(GPU.get(), cpu)) {
            List<float[]> actual = gpuPass(cpu, act, x, dy, true);
            assertSameValues(kind + " output (cuDNN with CUDNN_PROPAGATE_NAN)", expected.get(0), actual.get(0));
            assertSameValues(kind + " input gradient", expected.get(1), actual.get(1));
        }
    }

    // ---- Linear

    @ParameterizedTest(name = "N {0}, in {1}, out {2}, bias {3}")
    @CsvSource({"5, 37, 11, true", "1, 1, 1, false", "64, 128, 19, true", "3, 2, 70, true"})
    void linearMatchesTheCpuLayer(int n, int in, int out, boolean bias) {
        SplittableRandom r = new SplittableRandom(n * 31 + in);
        Linear cpu = new Linear("fc", in, out, bias, r.split());
        Tensor4 x = random(r, n, in, 1, 1, -1, 1);
        Tensor4 dy = random(r, n, out, 1, 1, -1, 1);
        List<float[]> expected = cpuPass(cpu, x, dy, true);
        try (GpuLinear fc = new GpuLinear(GPU.get(), cpu)) {
            List<float[]> actual = gpuPass(cpu, fc, x, dy, true);
            System.out.println(compare("linear " + n + "x" + in + "->" + out, cpu, expected, actual, TOL));
        }
    }

    // ---- a block end to end

    @Test
    void invertedResidualStyleBlockMatchesEndToEnd() {
        GpuExecution exec = GPU.get();
        SplittableRandom r = new SplittableRandom(11);
        Conv2d expand = new Conv2d("expand", 4, 12, 1, 1, 1, 0, 1, 1, false, r.split());
        BatchNorm2d bn1 = new BatchNorm2d("bn1", 12);
        Activation act1 = Activation.relu6();
        Conv2d depthwise = new Conv2d("dw", 12, 12, 3, 3, 2, 2, 2, 12, false, r.split());
        BatchNorm2d bn2 = new BatchNorm2d("bn2", 12);
        Activation act2 = Activation.relu();
        List<Layer> cpu = List.of(expand, bn1, act1, depthwise, bn2, act2);
        Tensor4 x = random(r, 2, 4, 11, 9, -1, 1);

        Tensor4 y = x;
        for (Layer l : cpu) {
            y = l.forward(y, true);
        }
        Tensor4 dy = random(r, y.n(), y.c(), y.h(), y.w(), -1, 1);
        Tensor4 g = dy;
        for (int i = cpu.size() - 1; i >= 0; i--) {
            g = cpu.get(i).backward(g);
        }
        List<float[]> expectedGrads = new ArrayList<>();
        for (Layer l : cpu) {
            expectedGrads.addAll(gradients(l.parameters()));
        }
        for (BatchNorm2d bn : List.of(bn1, bn2)) { // undo the CPU pass's running-statistics update
            java.util.Arrays.fill(bn.runningMean().value(), 0f);
            java.util.Arrays.fill(bn.runningVar().value(), 1f);
        }

        List<GpuLayer> layers = new ArrayList<>();
        List<GpuTensor> activations = new ArrayList<>();
        try {
            layers.add(new GpuConv2d(exec, expand, new ConvGeometry(1, 1, 1, 0, 1, 1)));
            layers.add(new GpuBatchNorm2d(exec, bn1));
            layers.add(new GpuActivation(exec, act1));
            layers.add(new GpuConv2d(exec, depthwise, new ConvGeometry(3, 3, 2, 2, 2, 12)));
            layers.add(new GpuBatchNorm2d(exec, bn2));
            layers.add(new GpuActivation(exec, act2));
            activations.add(exec.upload(x));
            for (GpuLayer l : layers) {
                activations.add(l.forward(activations.getLast(), true));
            }
            Parity.assertClose("block output", y.data(), activations.getLast().download().data(), BLOCK_TOL);
            activations.add(exec.upload(dy));
            for (int i = layers.size() - 1; i >= 0; i--) {
                activations.add(layers.get(i).backward(activations.getLast()));
            }
            Parity.assertClose("block input gradient", g.data(), activations.getLast().download().data(), BLOCK_TOL);
            List<float[]> actualGrads = new ArrayList<>();
            for (Layer l : cpu) {
                actualGrads.addAll(gradients(l.parameters()));
            }
            for (int i = 0; i < expectedGrads.size(); i++) {
                Parity.assertClose("block parameter gradient " + i, expectedGrads.get(i), actualGrads.get(i), BLOCK_TOL);
            }
        } finally {
            activations.forEach(GpuTensor::close);
            layers.forEach(GpuLayer::close);
        }
    }
}
