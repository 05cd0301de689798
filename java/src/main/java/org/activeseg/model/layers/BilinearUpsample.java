package org.activeseg.model.layers;

import java.util.List;
import java.util.stream.IntStream;
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;

/**
 * Bilinear resampling of each (sample, channel) plane to a fixed output size, as
 * {@code torch.nn.functional.interpolate(x, size=(outH, outW), mode="bilinear", align_corners=...)}
 * (no scale factor given). The source coordinate of output index d is {@code d * (in - 1) / (out - 1)}
 * with align_corners true (0 when out is 1) and {@code max((d + 0.5) * in / out - 0.5, 0)} with
 * align_corners false; it is split into a lower index {@code i0 = (int) src}, an upper index
 * {@code i0 + 1} (or i0 itself at the last row / column) and weights {@code 1 - l, l} with
 * {@code l = src - i0}, computed in float as PyTorch's CPU kernel does. Backward scatters the
 * output gradient into the input with the same weights. It also downsamples (with the same
 * formulas, which are not anti-aliased).
 */
public final class BilinearUpsample implements Layer {
    private final int outH;
    private final int outW;
    private final boolean alignCorners;
    private Tensor4 input;

    public BilinearUpsample(int outH, int outW, boolean alignCorners) {
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("bilinear upsample: output size must be positive, got " + outH + " x " + outW);
        }
        this.outH = outH;
        this.outW = outW;
        this.alignCorners = alignCorners;
    }

    public int outH() { return outH; }
    public int outW() { return outW; }
    public boolean alignCorners() { return alignCorners; }

    /** Per-output-index lower source index, upper offset (0 or 1) and upper weight along one axis. */
    private record Axis(int[] lo, int[] step, float[] upperWeight) {}

    private Axis axis(int in, int out) {
        float scale;
        if (alignCorners) {
            scale = out > 1 ? (float) (in - 1) / (out - 1) : 0f;
        } else {
            scale = (float) in / out;
        }
        int[] lo = new int[out];
        int[] step = new int[out];
        float[] w = new float[out];
        for (int d = 0; d < out; d++) {
            float src = alignCorners ? scale * d : Math.max(scale * (d + 0.5f) - 0.5f, 0f);
            int i0 = Math.min((int) src, in - 1);
            lo[d] = i0;
            step[d] = i0 < in - 1 ? 1 : 0;
            w[d] = Math.min(Math.max(src - i0, 0f), 1f);
        }
        return new Axis(lo, step, w);
    }

    @Override
    public Tensor4 forward(Tensor4 in, boolean training) {
        if (in.h() < 1 || in.w() < 1) {
            throw new IllegalArgumentException("bilinear upsample to " + outH + " x " + outW + ": input shape "
                    + in.shapeString() + " has an empty plane");
        }
        int ih = in.h();
        int iw = in.w();
        Axis ay = axis(ih, outH);
        Axis ax = axis(iw, outW);
        Tensor4 out = new Tensor4(in.n(), in.c(), outH, outW);
        float[] x = in.data();
        float[] y = out.data();
        IntStream.range(0, in.n() * in.c()).parallel().forEach(pl -> {
            int ib = pl * ih * iw;
            int ob = pl * outH * outW;
            for (int oy = 0; oy < outH; oy++) {
                int r0 = ib + ay.lo[oy] * iw;
                int r1 = r0 + ay.step[oy] * iw;
                float h1 = ay.upperWeight[oy];
                float h0 = 1f - h1;
                for (int ox = 0; ox < outW; ox++) {
                    int c0 = ax.lo[ox];
                    int c1 = c0 + ax.step[ox];
                    float w1 = ax.upperWeight[ox];
                    float w0 = 1f - w1;
                    y[ob + oy * outW + ox] = h0 * (w0 * x[r0 + c0] + w1 * x[r0 + c1])
                            + h1 * (w0 * x[r1 + c0] + w1 * x[r1 + c1]);
                }
            }
        });
        input = in;
        return out;
    }

    @Override
    public Tensor4 backward(Tensor4 gradOutput) {
        if (input == null) {
            throw new IllegalStateException("bilinear upsample: backward called before forward");
        }
        if (gradOutput.n() != input.n() || gradOutput.c() != input.c() || gradOutput.h() != outH || gradOutput.w() != outW) {
            throw new IllegalArgumentException("bilinear upsample: gradient shape " + gradOutput.shapeString()
                    + " does not match the forward output shape [" + input.n() + ", " + input.c() + ", " + outH + ", " + outW + "]");
        }
        int ih = input.h();
        int iw = input.w();
        Axis ay = axis(ih, outH);
        Axis ax = axis(iw, outW);
        Tensor4 gradIn = input.zerosLike();
        float[] g = gradOutput.data();
        float[] gi = gradIn.data();
        IntStream.range(0, input.n() * input.c()).parallel().forEach(pl -> {
            int ib = pl * ih * iw;
            int ob = pl * outH * outW;
            for (int oy = 0; oy < outH; oy++) {
                int r0 = ib + ay.lo[oy] * iw;
                int r1 = r0 + ay.step[oy] * iw;
                float h1 = ay.upperWeight[oy];
                float h0 = 1f - h1;
                for (int ox = 0; ox < outW; ox++) {
                    int c0 = ax.lo[ox];
                    int c1 = c0 + ax.step[ox];
                    float w1 = ax.upperWeight[ox];
                    float w0 = 1f - w1;
                    float v = g[ob + oy * outW + ox];
                    gi[r0 + c0] += h0 * w0 * v;
                    gi[r0 + c1] += h0 * w1 * v;
                    gi[r1 + c0] += h1 * w0 * v;
                    gi[r1 + c1] += h1 * w1 * v;
                }
            }
        });
        return gradIn;
    }

    @Override
    public List<Parameter> parameters() { return List.of(); }
}
