package org.activeseg.model.layers;

import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;

/**
 * Fully connected layer {@code y = x W^T + b} on (N, in, 1, 1) tensors, as PyTorch's {@code nn.Linear}:
 * weight (out, in), bias (out). Default initialisation as PyTorch: Kaiming uniform with a = sqrt(5),
 * i.e. weight and bias uniform in +-1/sqrt(in), drawn (weight, then bias, in storage order) from
 * the given {@link SplittableRandom}.
 */
public final class Linear implements Layer {
    private final String name;
    private final int in, out;
    private final Parameter weight;
    private final Parameter bias;
    private Tensor4 input;

    public Linear(String name, int in, int out, boolean bias, SplittableRandom init) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("linear " + name + ": in " + in + " and out " + out + " must be positive");
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.weight = new Parameter(name + ".weight", true, out, in);
        this.bias = bias ? new Parameter(name + ".bias", false, out) : null;
        double bound = 1.0 / Math.sqrt(in);
        for (float[] v : bias ? List.of(weight.value(), this.bias.value()) : List.of(weight.value())) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((init.nextDouble() * 2 - 1) * bound);
            }
        }
    }

    public Parameter weight() { return weight; }

    /** The bias, or null when the layer has none. */
    public Parameter bias() { return bias; }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public Tensor4 forward(Tensor4 x, boolean training) {
        if (x.c() != in || x.h() != 1 || x.w() != 1) {
            throw new IllegalArgumentException("linear " + name + ": input shape " + x.shapeString()
                    + " does not match [N, " + in + ", 1, 1]");
        }
        input = x;
        int n = x.n();
        Tensor4 y = new Tensor4(n, out, 1, 1);
        float[] yd = y.data();
        if (bias != null) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(bias.value(), 0, yd, i * out, out);
            }
        }
        // y (n, out) += x (n, in) * W^T (in, out)
        Gemm.multiplyAdd(n, out, in, x.data(), 0, in, 1, transposedWeight(), 0, out, yd, 0, out);
        return y;
    }

    private float[] transposedWeight() {
        float[] wt = new float[in * out];
        Gemm.transpose(weight.value(), out, in, wt);
        return wt;
    }

    @Override
    public Tensor4 backward(Tensor4 g) {
        if (input == null) {
            throw new IllegalStateException("linear " + name + ": backward before forward");
        }
        int n = input.n();
        if (g.n() != n || g.c() != out || g.h() != 1 || g.w() != 1) {
            throw new IllegalArgumentException("linear " + name + ": gradient of the output has shape "
                    + g.shapeString() + ", the output had [" + n + ", " + out + ", 1, 1]");
        }
        Tensor4 gx = input.zerosLike();
        // dx (n, in) = dy (n, out) * W (out, in)
        Gemm.multiplyAdd(n, in, out, g.data(), 0, out, 1, weight.value(), 0, in, gx.data(), 0, in);
        // dW (out, in) += dy^T (out, n) * x (n, in)
        Gemm.multiplyAdd(out, in, n, g.data(), 0, 1, out, input.data(), 0, in, weight.grad(), 0, in);
        if (bias != null) {
            float[] bg = bias.grad();
            float[] gd = g.data();
            for (int o = 0; o < out; o++) {
                float s = 0f;
                for (int i = 0; i < n; i++) {
                    s += gd[i * out + o];
                }
                bg[o] += s;
            }
        }
        return gx;
    }

    @Override
    public String toString() {
        return "Linear(" + name + ", " + in + "->" + out + (bias == null ? ", no bias" : "") + ")";
    }
}
