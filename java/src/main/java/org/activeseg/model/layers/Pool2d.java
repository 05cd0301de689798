package org.activeseg.model.layers;

import java.util.List;
import java.util.stream.IntStream;
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;

/**
 * 2-D max or average pooling with a square kernel, stride and zero padding, as PyTorch's
 * {@code nn.MaxPool2d} / {@code nn.AvgPool2d} with ceil_mode false and dilation 1: the output
 * extent is {@code floor((in + 2 * padding - kernel) / stride) + 1}, and padding may be at most
 * half the kernel. Max pooling ignores padded cells, picks the first maximum in row-major window
 * order (PyTorch's argmax; a NaN wins) and routes the whole gradient to it. Average pooling
 * divides by the full window size including padded cells (count_include_pad true).
 */
public final class Pool2d implements Layer {

    /** Which reduction the window applies. */
    public enum Kind { MAX, AVG }

    private final Kind kind;
    private final int kernel;
    private final int stride;
    private final int padding;

    private Tensor4 input;
    /** For max pooling: flat input index (within its plane) chosen for each output cell. */
    private int[] argmax;

    public Pool2d(Kind kind, int kernel, int stride, int padding) {
        if (kind == null) {
            throw new IllegalArgumentException("pooling kind is null");
        }
        if (kernel <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException(kind + " pool: kernel and stride must be positive and padding non-negative, got kernel "
                    + kernel + ", stride " + stride + ", padding " + padding);
        }
        if (padding > kernel / 2) {
            throw new IllegalArgumentException(kind + " pool: padding " + padding + " is more than half the kernel " + kernel);
        }
        this.kind = kind;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    public static Pool2d max(int kernel, int stride, int padding) { return new Pool2d(Kind.MAX, kernel, stride, padding); }

    public static Pool2d avg(int kernel, int stride, int padding) { return new Pool2d(Kind.AVG, kernel, stride, padding); }

    public Kind kind() { return kind; }

    /** PyTorch's output extent for an input extent, or -1 if the window does not fit. */
    public int outputSize(int in) {
        int span = in + 2 * padding - kernel;
        return span < 0 ? -1 : span / stride + 1;
    }

    private String describe() {
        return kind + " pool (kernel " + kernel + ", stride " + stride + ", padding " + padding + ")";
    }

    @Override
    public Tensor4 forward(Tensor4 in, boolean training) {
        int oh = outputSize(in.h());
        int ow = outputSize(in.w());
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(describe() + ": input shape " + in.shapeString()
                    + " is smaller than the kernel and gives no output");
        }
        int ih = in.h();
        int iw = in.w();
        Tensor4 out = new Tensor4(in.n(), in.c(), oh, ow);
        float[] x = in.data();
        float[] y = out.data();
        int[] arg = kind == Kind.MAX ? new int[y.length] : null;
        int inPlane = ih * iw;
        int outPlane = oh * ow;
        IntStream.range(0, in.n() * in.c()).parallel().forEach(pl -> {
            int ib = pl * inPlane;
            int ob = pl * outPlane;
            for (int oy = 0; oy < oh; oy++) {
                int hs = oy * stride - padding;
                int he = Math.min(hs + kernel, ih + padding);
                for (int ox = 0; ox < ow; ox++) {
                    int ws = ox * stride - padding;
                    int we = Math.min(ws + kernel, iw + padding);
                    int poolSize = (he - hs) * (we - ws);
                    int y0 = Math.max(hs, 0);
                    int y1 = Math.min(he, ih);
                    int x0 = Math.max(ws, 0);
                    int x1 = Math.min(we, iw);
                    if (kind == Kind.MAX) {
                        float best = Float.NEGATIVE_INFINITY;
                        int bestIdx = y0 * iw + x0;
                        for (int yy = y0; yy < y1; yy++) {
                            for (int xx = x0; xx < x1; xx++) {
                                float v = x[ib + yy * iw + xx];
                                if (v > best || Float.isNaN(v)) {
                                    best = v;
                                    bestIdx = yy * iw + xx;
                                }
                            }
                        }
                        y[ob + oy * ow + ox] = best;
                        arg[ob + oy * ow + ox] = bestIdx;
                    } else {
                        double sum = 0;
                        for (int yy = y0; yy < y1; yy++) {
                            for (int xx = x0; xx < x1; xx++) {
                                sum += x[ib + yy * iw + xx];
                            }
                        }
                        y[ob + oy * ow + ox] = (float) (sum / poolSize);
                    }
                }
            }
        });
        input = in;
        argmax = arg;
        return out;
    }

    @Override
    public Tensor4 backward(Tensor4 gradOutput) {
        if (input == null) {
            throw new IllegalStateException(describe() + ": backward called before forward");
        }
        int ih = input.h();
        int iw = input.w();
        int oh = outputSize(ih);
        int ow = outputSize(iw);
        if (gradOutput.n() != input.n() || gradOutput.c() != input.c() || gradOutput.h() != oh || gradOutput.w() != ow) {
            throw new IllegalArgumentException(describe() + ": gradient shape " + gradOutput.shapeString()
                    + " does not match the forward output shape [" + input.n() + ", " + input.c() + ", " + oh + ", " + ow + "]");
        }
        Tensor4 gradIn = input.zerosLike();
        float[] g = gradOutput.data();
        float[] gi = gradIn.data();
        int inPlane = ih * iw;
        int outPlane = oh * ow;
        IntStream.range(0, input.n() * input.c()).parallel().forEach(pl -> {
            int ib = pl * inPlane;
            int ob = pl * outPlane;
            if (kind == Kind.MAX) {
                for (int o = 0; o < outPlane; o++) {
                    gi[ib + argmax[ob + o]] += g[ob + o];
                }
                return;
            }
            for (int oy = 0; oy < oh; oy++) {
                int hs = oy * stride - padding;
                int he = Math.min(hs + kernel, ih + padding);
                for (int ox = 0; ox < ow; ox++) {
                    int ws = ox * stride - padding;
                    int we = Math.min(ws + kernel, iw + padding);
                    float share = g[ob + oy * ow + ox] / ((he - hs) * (we - ws));
                    int y1 = Math.min(he, ih);
                    int x1 = Math.min(we, iw);
                    for (int yy = Math.max(hs, 0); yy < y1; yy++) {
                        for (int xx = Math.max(ws, 0); xx < x1; xx++) {
                            gi[ib + yy * iw + xx] += share;
                        }
                    }
                }
            }
        });
        return gradIn;
    }

    @Override
    public List<Parameter> parameters() { return List.of(); }
}
