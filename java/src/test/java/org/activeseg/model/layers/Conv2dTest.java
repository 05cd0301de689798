package org.activeseg.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Tensor4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Conv2dTest {

    static Tensor4 random(int n, int c, int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor4 t = new Tensor4(n, c, h, w);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return t;
    }

    static Conv2d conv(int in, int out, int k, int s, int p, int d, int g, boolean bias, long seed) {
        Conv2d c = new Conv2d("c", in, out, k, k, s, p, d, g, bias, new SplittableRandom(seed));
        if (bias) {
            SplittableRandom r = new SplittableRandom(seed + 1);
            for (int i = 0; i < c.bias().size(); i++) {
                c.bias().value()[i] = (float) (r.nextDouble() - 0.5);
            }
        }
        return c;
    }

    /** Direct definition of the convolution, in double, as the reference. */
    static double[] naive(Conv2d c, Tensor4 x, int k, int s, int p, int d, int g, int outC) {
        int cg = x.c() / g, og = outC / g;
        int oh = Conv2d.outputSize(x.h(), k, s, p, d), ow = Conv2d.outputSize(x.w(), k, s, p, d);
        double[] y = new double[x.n() * outC * oh * ow];
        float[] w = c.weight().value();
        for (int n = 0; n < x.n(); n++) {
            for (int o = 0; o < outC; o++) {
                int grp = o / og;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double acc = c.bias() == null ? 0 : c.bias().value()[o];
                        for (int ci = 0; ci < cg; ci++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = oy * s - p + ky * d, ix = ox * s - p + kx * d;
                                    if (iy >= 0 && iy < x.h() && ix >= 0 && ix < x.w()) {
                                        acc += (double) w[((o * cg + ci) * k + ky) * k + kx]
                                                * x.get(n, grp * cg + ci, iy, ix);
                                    }
                                }
                            }
                        }
                        y[((n * outC + o) * oh + oy) * ow + ox] = acc;
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "in {0} out {1} k {2} s {3} p {4} d {5} g {6} bias {7} batch {8} {9}x{10}")
    @CsvSource({
            "2, 3, 3, 1, 1, 1, 1, true, 1, 7, 5",
            "2, 3, 3, 2, 1, 1, 1, false, 3, 7, 5",
            "3, 2, 3, 1, 0, 1, 1, true, 3, 7, 5",
            "2, 2, 3, 1, 2, 2, 1, true, 1, 7, 5",
            "4, 6, 3, 2, 2, 2, 2, true, 3, 7, 5",
            "4, 4, 3, 1, 1, 1, 4, false, 3, 7, 5",
            "4, 4, 3, 2, 1, 1, 4, true, 1, 7, 5",
            "3, 3, 3, 1, 2, 2, 3, true, 3, 7, 5",
            "2, 4, 3, 1, 1, 1, 2, true, 1, 6, 6",
            "3, 5, 1, 1, 0, 1, 1, true, 3, 7, 5",
            "2, 2, 2, 2, 0, 1, 1, false, 1, 7, 5",
    })
    void gradientsMatchFiniteDifferencesAndForwardMatchesTheDefinition(
            int in, int out, int k, int s, int p, int d, int g, boolean bias, int n, int h, int w) {
        Conv2d c = conv(in, out, k, s, p, d, g, bias, 11);
        Tensor4 x = random(n, in, h, w, 5);
        Tensor4 y = c.forward(x, true);
        double[] ref = naive(c, x, k, s, p, d, g, out);
        assertEquals(ref.length, y.size());
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], y.data()[i], 1e-5, "output " + i);
        }
        new GradientCheck(1e-2, 5e-3).assertLayer(c, x, 3);
    }

    @Test
    void handComputedTwoByTwoKernelOnThreeByThree() {
        Conv2d c = new Conv2d("hand", 1, 1, 2, 2, 1, 0, 1, 1, true, new SplittableRandom(0));
        System.arraycopy(new float[] {1, 2, 3, 4}, 0, c.weight().value(), 0, 4);
        c.bias().value()[0] = 0.5f;
        Tensor4 x = new Tensor4(1, 1, 3, 3, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Tensor4 y = c.forward(x, true);
        assertEquals("[1, 1, 2, 2]", y.shapeString());
        assertArrayEquals(new float[] {37.5f, 47.5f, 67.5f, 77.5f}, y.data());

        Tensor4 gx = c.backward(new Tensor4(1, 1, 2, 2, new float[] {1, 1, 1, 1}));
        assertArrayEquals(new float[] {12, 16, 24, 28}, c.weight().grad());
        assertArrayEquals(new float[] {4}, c.bias().grad());
        assertArrayEquals(new float[] {1, 3, 2, 4, 10, 6, 3, 7, 4}, gx.data());

        c.backward(new Tensor4(1, 1, 2, 2, new float[] {1, 1, 1, 1}));
        assertArrayEquals(new float[] {24, 32, 48, 56}, c.weight().grad(), "backward adds into grad");
    }

    @Test
    void handComputedStrideTwoWithPadding() {
        Conv2d c = new Conv2d("hand", 1, 1, 2, 2, 2, 1, 1, 1, false, new SplittableRandom(0));
        System.arraycopy(new float[] {1, 2, 3, 4}, 0, c.weight().value(), 0, 4);
        Tensor4 x = new Tensor4(1, 1, 3, 3, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertArrayEquals(new float[] {4, 18, 36, 77}, c.forward(x, false).data());
        assertNull(c.bias());
        assertEquals(1, c.parameters().size());
    }

    @Test
    void outputSizeFollowsPyTorch() {
        assertEquals(80, Conv2d.outputSize(80, 3, 1, 1, 1));
        assertEquals(40, Conv2d.outputSize(80, 3, 2, 1, 1));
        assertEquals(4, Conv2d.outputSize(7, 3, 2, 1, 1));
        assertEquals(3, Conv2d.outputSize(5, 3, 2, 1, 1));
        assertEquals(60, Conv2d.outputSize(60, 3, 1, 2, 2));
        assertEquals(2, Conv2d.outputSize(5, 3, 2, 0, 1));
        assertEquals(1, Conv2d.outputSize(1, 3, 2, 1, 1));
        assertEquals(15, Conv2d.outputSize(15, 3, 1, 6, 6));
        assertThrows(IllegalArgumentException.class, () -> Conv2d.outputSize(4, 3, 1, 0, 2));
    }

    @Test
    void shapeErrorsNameTheLayerAndShapes() {
        Conv2d c = new Conv2d("enc.stem", 3, 8, 3, 3, 1, 1, 1, 1, false, new SplittableRandom(1));
        var e = assertThrows(IllegalArgumentException.class, () -> c.forward(new Tensor4(2, 4, 5, 5), true));
        assertTrue(e.getMessage().contains("enc.stem") && e.getMessage().contains("[2, 4, 5, 5]"), e.getMessage());

        Conv2d big = new Conv2d("big", 1, 1, 5, 5, 1, 0, 1, 1, false, new SplittableRandom(1));
        e = assertThrows(IllegalArgumentException.class, () -> big.forward(new Tensor4(1, 1, 3, 9), true));
        assertTrue(e.getMessage().contains("big") && e.getMessage().contains("[1, 1, 3, 9]"), e.getMessage());

        c.forward(new Tensor4(2, 3, 5, 5), true);
        e = assertThrows(IllegalArgumentException.class, () -> c.backward(new Tensor4(2, 8, 4, 5)));
        assertTrue(e.getMessage().contains("[2, 8, 4, 5]") && e.getMessage().contains("[2, 8, 5, 5]"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d("g", 6, 4, 3, 3, 1, 1, 1, 4, false, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("groups 4"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> new Conv2d("fresh", 1, 1, 1, 1, 1, 0, 1, 1, false, new SplittableRandom(1))
                        .backward(new Tensor4(1, 1, 1, 1)));
    }

    @Test
    void initIsKaimingNormalFanOutAndDeterministicForASeed() {
        Conv2d a = new Conv2d("a", 64, 64, 3, 3, 1, 1, 1, 1, true, new SplittableRandom(42));
        Conv2d b = new Conv2d("b", 64, 64, 3, 3, 1, 1, 1, 1, true, new SplittableRandom(42));
        Conv2d other = new Conv2d("o", 64, 64, 3, 3, 1, 1, 1, 1, true, new SplittableRandom(43));
        assertArrayEquals(a.weight().value(), b.weight().value());
        assertFalse(Arrays.equals(a.weight().value(), other.weight().value()));
        assertArrayEquals(new float[64], a.bias().value());
        double sum = 0, sq = 0;
        for (float v : a.weight().value()) {
            sum += v;
            sq += v * v;
        }
        int m = a.weight().size();
        double std = Math.sqrt(sq / m - (sum / m) * (sum / m));
        assertEquals(Math.sqrt(2.0 / (64 * 9)), std, 0.02 * Math.sqrt(2.0 / (64 * 9)));
        assertEquals(0, sum / m, 3 * std / Math.sqrt(m));
        assertArrayEquals(new int[] {64, 64, 3, 3}, a.weight().shape());
        assertTrue(a.weight().decay());
        assertFalse(a.bias().decay());
        assertEquals("a.weight", a.weight().name());

        Conv2d dw = new Conv2d("dw", 32, 32, 3, 3, 1, 1, 1, 32, false, new SplittableRandom(1));
        assertArrayEquals(new int[] {32, 1, 3, 3}, dw.weight().shape());
    }

    @Test
    void groupedConvolutionEqualsSeparateConvolutionsPerGroup() {
        Conv2d grouped = conv(4, 6, 3, 1, 1, 1, 2, false, 9);
        Tensor4 x = random(2, 4, 6, 5, 3);
        Tensor4 y = grouped.forward(x, true);
        for (int g = 0; g < 2; g++) {
            Conv2d part = new Conv2d("p", 2, 3, 3, 3, 1, 1, 1, 1, false, new SplittableRandom(0));
            System.arraycopy(grouped.weight().value(), g * 3 * 2 * 9, part.weight().value(), 0, 3 * 2 * 9);
            Tensor4 xg = new Tensor4(2, 2, 6, 5);
            for (int n = 0; n < 2; n++) {
                System.arraycopy(x.data(), (n * 4 + 2 * g) * 30, xg.data(), n * 2 * 30, 2 * 30);
            }
            Tensor4 yg = part.forward(xg, true);
            for (int n = 0; n < 2; n++) {
                for (int o = 0; o < 3; o++) {
                    for (int i = 0; i < 30; i++) {
                        assertEquals(yg.data()[(n * 3 + o) * 30 + i], y.data()[(n * 6 + 3 * g + o) * 30 + i], 1e-6);
                    }
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() throws Exception {
        for (int groups : new int[] {1, 8}) {
            Conv2d c = conv(8, 8, 3, 1, 1, 1, groups, true, 2);
            Tensor4 x = random(4, 8, 9, 7, 1);
            Tensor4 g = random(4, 8, 9, 7, 2);
            Tensor4 y1 = c.forward(x, true);
            Tensor4 gx1 = c.backward(g);
            float[] wg1 = c.weight().grad().clone();
            c.weight().zeroGrad();
            ForkJoinPool one = new ForkJoinPool(1);
            try {
                Tensor4[] r = one.submit(() -> new Tensor4[] {c.forward(x, true), c.backward(g)}).get();
                assertEquals(y1, r[0]);
                assertEquals(gx1, r[1]);
                assertArrayEquals(wg1, c.weight().grad());
            } finally {
                one.shutdown();
            }
        }
    }
}
