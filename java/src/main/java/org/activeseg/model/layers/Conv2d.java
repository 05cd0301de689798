package org.activeseg.model.layers;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;

/**
 * 2-D convolution with PyTorch {@code nn.Conv2d} semantics: symmetric zero padding, stride,
 * dilation and groups (depthwise when groups == in == out); weight (out, in/groups, kH, kW), optional
 * bias (out). Output extent {@code floor((H + 2p - d(kH - 1) - 1) / s) + 1}.
 *
 * <p>Initialisation follows torchvision's MobileNetV2: Kaiming normal with mode fan_out for ReLU,
 * std = sqrt(2 / (out * kH * kW)), bias zero; weights are drawn in storage order from the given
 * {@link SplittableRandom}.
 *
 * <p>Grouped and dense convolutions run as im2col + {@link Gemm} per batch item (parallel over the
 * batch); depthwise convolutions as a direct loop per (item, channel). The weight gradient is
 * summed per batch item and then over items in ascending order, so results do not depend on the
 * thread count. Forward keeps a reference to its input for backward.
 */
public final class Conv2d implements Layer {
    private final String name;
    private final int inChannels, outChannels, kernelH, kernelW, stride, padding, dilation, groups;
    private final Parameter weight;
    private final Parameter bias;
    private Tensor4 input;
    private int outH, outW;

    public Conv2d(String name, int inChannels, int outChannels, int kernelH, int kernelW, int stride, int padding,
                  int dilation, int groups, boolean bias, SplittableRandom init) {
        if (inChannels <= 0 || outChannels <= 0 || kernelH <= 0 || kernelW <= 0 || stride <= 0 || padding < 0
                || dilation <= 0 || groups <= 0) {
            throw new IllegalArgumentException("conv " + name + ": channels, kernel, stride, dilation, groups must be"
                    + " positive and padding non-negative (in " + inChannels + ", out " + outChannels + ", kernel "
                    + kernelH + "x" + kernelW + ", stride " + stride + ", padding " + padding + ", dilation "
                    + dilation + ", groups " + groups + ")");
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("conv " + name + ": groups " + groups + " must divide in channels "
                    + inChannels + " and out channels " + outChannels);
        }
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.weight = new Parameter(name + ".weight", true, outChannels, inChannels / groups, kernelH, kernelW);
        this.bias = bias ? new Parameter(name + ".bias", false, outChannels) : null;
        double std = Math.sqrt(2.0 / ((double) outChannels * kernelH * kernelW));
        float[] w = weight.value();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (init.nextGaussian() * std);
        }
    }

    /** PyTorch's output extent; throws when the kernel does not fit. */
    public static int outputSize(int in, int kernel, int stride, int padding, int dilation) {
        int span = in + 2 * padding - dilation * (kernel - 1) - 1;
        if (span < 0) {
            throw new IllegalArgumentException("input extent " + in + " with padding " + padding
                    + " is smaller than the dilated kernel extent " + (dilation * (kernel - 1) + 1));
        }
        return Math.floorDiv(span, stride) + 1;
    }

    public Parameter weight() { return weight; }

    /** The bias, or null when the layer has none. */
    public Parameter bias() { return bias; }

    public int inChannels() { return inChannels; }
    public int outChannels() { return outChannels; }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    private boolean depthwise() {
        return inChannels == groups && outChannels == groups;
    }

    @Override
    public Tensor4 forward(Tensor4 x, boolean training) {
        if (x.c() != inChannels) {
            throw new IllegalArgumentException("conv " + name + ": input shape " + x.shapeString() + " has " + x.c()
                    + " channels, expected " + inChannels + " (shape [N, " + inChannels + ", H, W])");
        }
        try {
            outH = outputSize(x.h(), kernelH, stride, padding, dilation);
            outW = outputSize(x.w(), kernelW, stride, padding, dilation);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("conv " + name + ": input shape " + x.shapeString()
                    + " is too small for kernel " + kernelH + "x" + kernelW + ": " + e.getMessage(), e);
        }
        input = x;
        Tensor4 y = new Tensor4(x.n(), outChannels, outH, outW);
        if (depthwise()) {
            IntStream.range(0, x.n() * inChannels).parallel().forEach(nc -> depthwiseForward(x, y, nc));
        } else {
            IntStream.range(0, x.n()).parallel().forEach(n -> gemmForward(x, y, n));
        }
        if (bias != null) {
            float[] b = bias.value();
            float[] yd = y.data();
            int plane = outH * outW;
            for (int n = 0; n < y.n(); n++) {
                for (int o = 0; o < outChannels; o++) {
                    int off = (n * outChannels + o) * plane;
                    float bv = b[o];
                    for (int p = 0; p < plane; p++) {
                        yd[off + p] += bv;
                    }
                }
            }
        }
        return y;
    }

    @Override
    public Tensor4 backward(Tensor4 g) {
        if (input == null) {
            throw new IllegalStateException("conv " + name + ": backward before forward");
        }
        if (g.n() != input.n() || g.c() != outChannels || g.h() != outH || g.w() != outW) {
            throw new IllegalArgumentException("conv " + name + ": gradient of the output has shape " + g.shapeString()
                    + ", the output had [" + input.n() + ", " + outChannels + ", " + outH + ", " + outW + "]");
        }
        Tensor4 x = input;
        Tensor4 gx = x.zerosLike();
        float[] wg = weight.grad();
        if (depthwise()) {
            IntStream.range(0, x.n() * inChannels).parallel().forEach(nc -> depthwiseInputGrad(g, gx, nc));
            IntStream.range(0, inChannels).parallel().forEach(c -> depthwiseWeightGrad(x, g, c));
        } else {
            int wSize = weight.size();
            float[][] partial = new float[x.n()][];
            IntStream.range(0, x.n()).parallel().forEach(n -> partial[n] = gemmBackward(x, g, gx, n, wSize));
            for (float[] pw : partial) {
                for (int i = 0; i < wSize; i++) {
                    wg[i] += pw[i];
                }
            }
        }
        if (bias != null) {
            float[] bg = bias.grad();
            float[] gd = g.data();
            int plane = outH * outW;
            IntStream.range(0, outChannels).parallel().forEach(o -> {
                double s = 0;
                for (int n = 0; n < g.n(); n++) {
                    int off = (n * outChannels + o) * plane;
                    for (int p = 0; p < plane; p++) {
                        s += gd[off + p];
                    }
                }
                bg[o] += (float) s;
            });
        }
        return gx;
    }

    // ---- im2col path: col is (K, P) with K = (c, ky, kx) over the group's input channels, P = (oy, ox).

    private void im2col(Tensor4 x, int n, int c0, float[] col) {
        int cg = inChannels / groups;
        int h = x.h(), w = x.w(), plane = outH * outW;
        float[] xd = x.data();
        int row = 0;
        for (int c = 0; c < cg; c++) {
            int xBase = (n * x.c() + c0 + c) * h * w;
            for (int ky = 0; ky < kernelH; ky++) {
                for (int kx = 0; kx < kernelW; kx++, row++) {
                    int dst = row * plane;
                    int dx = kx * dilation - padding;
                    for (int oy = 0; oy < outH; oy++) {
                        int iy = oy * stride - padding + ky * dilation;
                        int d = dst + oy * outW;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(col, d, d + outW, 0f);
                            continue;
                        }
                        int src = xBase + iy * w;
                        for (int ox = 0; ox < outW; ox++) {
                            int ix = ox * stride + dx;
                            col[d + ox] = ix >= 0 && ix < w ? xd[src + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** The transpose of {@link #im2col}: colT is (P, K), written row by row. */
    private void im2colTransposed(Tensor4 x, int n, int c0, float[] colT) {
        int cg = inChannels / groups;
        int h = x.h(), w = x.w();
        float[] xd = x.data();
        int dst = 0;
        for (int oy = 0; oy < outH; oy++) {
            int iy0 = oy * stride - padding;
            for (int ox = 0; ox < outW; ox++) {
                int ix0 = ox * stride - padding;
                for (int c = 0; c < cg; c++) {
                    int xBase = (n * x.c() + c0 + c) * h * w;
                    for (int ky = 0; ky < kernelH; ky++) {
                        int iy = iy0 + ky * dilation;
                        boolean rowInside = iy >= 0 && iy < h;
                        int src = xBase + iy * w;
                        for (int kx = 0; kx < kernelW; kx++) {
                            int ix = ix0 + kx * dilation;
                            colT[dst++] = rowInside && ix >= 0 && ix < w ? xd[src + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    private void col2imAdd(float[] col, Tensor4 gx, int n, int c0) {
        int cg = inChannels / groups;
        int h = gx.h(), w = gx.w(), plane = outH * outW;
        float[] gd = gx.data();
        int row = 0;
        for (int c = 0; c < cg; c++) {
            int xBase = (n * gx.c() + c0 + c) * h * w;
            for (int ky = 0; ky < kernelH; ky++) {
                for (int kx = 0; kx < kernelW; kx++, row++) {
                    int src = row * plane;
                    int dx = kx * dilation - padding;
                    for (int oy = 0; oy < outH; oy++) {
                        int iy = oy * stride - padding + ky * dilation;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int d = xBase + iy * w;
                        int s = src + oy * outW;
                        for (int ox = 0; ox < outW; ox++) {
                            int ix = ox * stride + dx;
                            if (ix >= 0 && ix < w) {
                                gd[d + ix] += col[s + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    private void gemmForward(Tensor4 x, Tensor4 y, int n) {
        int cg = inChannels / groups, og = outChannels / groups;
        int k = cg * kernelH * kernelW, plane = outH * outW;
        float[] col = new float[k * plane];
        float[] wv = weight.value();
        for (int g = 0; g < groups; g++) {
            im2col(x, n, g * cg, col);
            Gemm.multiplyAdd(og, plane, k, wv, g * og * k, k, 1, col, 0, plane,
                    y.data(), (n * outChannels + g * og) * plane, plane);
        }
    }

    /** Adds this item's input gradient into gx and returns its weight-gradient contribution. */
    private float[] gemmBackward(Tensor4 x, Tensor4 gy, Tensor4 gx, int n, int wSize) {
        int cg = inChannels / groups, og = outChannels / groups;
        int k = cg * kernelH * kernelW, plane = outH * outW;
        float[] col = new float[k * plane];
        float[] colT = new float[k * plane];
        float[] dw = new float[wSize];
        float[] wv = weight.value();
        float[] gd = gy.data();
        for (int g = 0; g < groups; g++) {
            int gOff = (n * outChannels + g * og) * plane;
            // dW_g (og, k) += dY_g (og, P) * col^T (P, k)
            im2colTransposed(x, n, g * cg, colT);
            Gemm.multiplyAdd(og, k, plane, gd, gOff, plane, 1, colT, 0, k, dw, g * og * k, k);
            // dCol (k, P) = W_g^T (k, og) * dY_g (og, P)
            java.util.Arrays.fill(col, 0f);
            Gemm.multiplyAdd(k, plane, og, wv, g * og * k, 1, k, gd, gOff, plane, col, 0, plane);
            col2imAdd(col, gx, n, g * cg);
        }
        return dw;
    }

    // ---- depthwise path: one filter per channel (groups == in == out).

    private void depthwiseForward(Tensor4 x, Tensor4 y, int nc) {
        int c = nc % inChannels;
        int h = x.h(), w = x.w();
        float[] xd = x.data(), yd = y.data(), wv = weight.value();
        int xBase = nc * h * w, yBase = nc * outH * outW, wBase = c * kernelH * kernelW;
        for (int ky = 0; ky < kernelH; ky++) {
            for (int kx = 0; kx < kernelW; kx++) {
                float wk = wv[wBase + ky * kernelW + kx];
                int dx = kx * dilation - padding;
                for (int oy = 0; oy < outH; oy++) {
                    int iy = oy * stride - padding + ky * dilation;
                    if (iy < 0 || iy >= h) {
                        continue;
                    }
                    int src = xBase + iy * w, dst = yBase + oy * outW;
                    for (int ox = 0; ox < outW; ox++) {
                        int ix = ox * stride + dx;
                        if (ix >= 0 && ix < w) {
                            yd[dst + ox] += wk * xd[src + ix];
                        }
                    }
                }
            }
        }
    }

    private void depthwiseInputGrad(Tensor4 gy, Tensor4 gx, int nc) {
        int c = nc % inChannels;
        int h = gx.h(), w = gx.w();
        float[] gxd = gx.data(), gyd = gy.data(), wv = weight.value();
        int xBase = nc * h * w, yBase = nc * outH * outW, wBase = c * kernelH * kernelW;
        for (int ky = 0; ky < kernelH; ky++) {
            for (int kx = 0; kx < kernelW; kx++) {
                float wk = wv[wBase + ky * kernelW + kx];
                int dx = kx * dilation - padding;
                for (int oy = 0; oy < outH; oy++) {
                    int iy = oy * stride - padding + ky * dilation;
                    if (iy < 0 || iy >= h) {
                        continue;
                    }
                    int dst = xBase + iy * w, src = yBase + oy * outW;
                    for (int ox = 0; ox < outW; ox++) {
                        int ix = ox * stride + dx;
                        if (ix >= 0 && ix < w) {
                            gxd[dst + ix] += wk * gyd[src + ox];
                        }
                    }
                }
            }
        }
    }

    private void depthwiseWeightGrad(Tensor4 x, Tensor4 gy, int c) {
        int h = x.h(), w = x.w();
        float[] xd = x.data(), gyd = gy.data(), wg = weight.grad();
        int wBase = c * kernelH * kernelW;
        for (int ky = 0; ky < kernelH; ky++) {
            for (int kx = 0; kx < kernelW; kx++) {
                int dx = kx * dilation - padding;
                float s = 0f;
                for (int n = 0; n < x.n(); n++) {
                    int xBase = (n * inChannels + c) * h * w, yBase = (n * inChannels + c) * outH * outW;
                    for (int oy = 0; oy < outH; oy++) {
                        int iy = oy * stride - padding + ky * dilation;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int src = xBase + iy * w, gsrc = yBase + oy * outW;
                        for (int ox = 0; ox < outW; ox++) {
                            int ix = ox * stride + dx;
                            if (ix >= 0 && ix < w) {
                                s += gyd[gsrc + ox] * xd[src + ix];
                            }
                        }
                    }
                }
                wg[wBase + ky * kernelW + kx] += s;
            }
        }
    }

    @Override
    public String toString() {
        return "Conv2d(" + name + ", " + inChannels + "->" + outChannels + ", kernel " + kernelH + "x" + kernelW
                + ", stride " + stride + ", padding " + padding + ", dilation " + dilation + ", groups " + groups
                + (bias == null ? ", no bias" : "") + ")";
    }
}
