package org.activeseg.model.layers;

import java.util.List;
import java.util.stream.IntStream;
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;

/**
 * Element-wise ReLU ({@code max(x, 0)}) or ReLU6 ({@code min(max(x, 0), 6)}), the activations of
 * the inverted-residual encoder. Backward follows PyTorch: the gradient passes where
 * {@code 0 < x} (ReLU) or {@code 0 < x < 6} (ReLU6) and is 0 at the kinks themselves. NaN inputs
 * stay NaN in forward (as PyTorch) and get a zero gradient.
 */
public final class Activation implements Layer {

    /** Which clamp to apply. */
    public enum Kind { RELU, RELU6 }

    private static final int PARALLEL_THRESHOLD = 1 << 15;

    private final Kind kind;
    private Tensor4 input;

    public Activation(Kind kind) {
        if (kind == null) {
            throw new IllegalArgumentException("activation kind is null");
        }
        this.kind = kind;
    }

    public static Activation relu() { return new Activation(Kind.RELU); }

    public static Activation relu6() { return new Activation(Kind.RELU6); }

    public Kind kind() { return kind; }

    @Override
    public Tensor4 forward(Tensor4 in, boolean training) {
        input = in;
        Tensor4 out = in.zerosLike();
        float[] x = in.data();
        float[] y = out.data();
        float upper = kind == Kind.RELU6 ? 6f : Float.POSITIVE_INFINITY;
        forEachChunk(x.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                float v = x[i];
                y[i] = v <= 0f ? 0f : (v >= upper ? upper : v);
            }
        });
        return out;
    }

    @Override
    public Tensor4 backward(Tensor4 gradOutput) {
        if (input == null) {
            throw new IllegalStateException(kind + ": backward called before forward");
        }
        if (!input.sameShape(gradOutput)) {
            throw new IllegalArgumentException(kind + ": gradient shape " + gradOutput.shapeString()
                    + " does not match the forward output shape " + input.shapeString());
        }
        Tensor4 gradIn = gradOutput.zerosLike();
        float[] x = input.data();
        float[] g = gradOutput.data();
        float[] gi = gradIn.data();
        float upper = kind == Kind.RELU6 ? 6f : Float.POSITIVE_INFINITY;
        forEachChunk(x.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                float v = x[i];
                gi[i] = v > 0f && v < upper ? g[i] : 0f;
            }
        });
        return gradIn;
    }

    @Override
    public List<Parameter> parameters() { return List.of(); }

    private interface Range { void run(int from, int to); }

    private static void forEachChunk(int n, Range body) {
        if (n < PARALLEL_THRESHOLD) {
            body.run(0, n);
            return;
        }
        int chunks = (n + PARALLEL_THRESHOLD - 1) / PARALLEL_THRESHOLD;
        IntStream.range(0, chunks).parallel()
                .forEach(k -> body.run(k * PARALLEL_THRESHOLD, Math.min(n, (k + 1) * PARALLEL_THRESHOLD)));
    }
}
