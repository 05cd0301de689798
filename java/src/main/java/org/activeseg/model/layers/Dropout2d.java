package org.activeseg.model.layers;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;

/**
 * Channel dropout as PyTorch's {@code nn.Dropout2d} (Tompson et al. 2015): each (sample, channel)
 * plane is zeroed with probability p and survivors are scaled by 1 / (1 - p). It is active when
 * {@code training} is true or when {@link #mcDropout(boolean)} is on, which is how ViewAL's MC
 * dropout samples at inference while batch norm stays in evaluation mode. The mask is drawn from
 * the {@link SplittableRandom} given at construction, one draw per (sample, channel) in NC order,
 * so a fixed seed gives a fixed sequence of masks; it is kept for backward. When inactive, forward
 * and backward return copies of their argument.
 */
public final class Dropout2d implements Layer {
    private final double p;
    private final SplittableRandom random;
    private boolean mcDropout;

    private Tensor4 input;
    /** Per (n, c) scale of the last active forward, or null when the last forward was inactive. */
    private float[] mask;

    public Dropout2d(double p, SplittableRandom random) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1], got " + p);
        }
        if (random == null) {
            throw new IllegalArgumentException("dropout needs a random source, got null");
        }
        this.p = p;
        this.random = random;
    }

    public double p() { return p; }

    /** Turns dropout on at inference (MC dropout) regardless of the {@code training} flag. */
    public void mcDropout(boolean on) { this.mcDropout = on; }

    public boolean mcDropout() { return mcDropout; }

    /** The per-(sample, channel) scale (0 or 1 / (1 - p)) of the last forward, or null if it was inactive. */
    public float[] lastMask() { return mask == null ? null : mask.clone(); }

    @Override
    public Tensor4 forward(Tensor4 in, boolean training) {
        input = in;
        if (!(training || mcDropout) || p == 0) {
            mask = null;
            return in.copy();
        }
        int planes = in.n() * in.c();
        float keep = p == 1 ? 0f : (float) (1.0 / (1.0 - p));
        float[] m = new float[planes];
        for (int i = 0; i < planes; i++) {
            m[i] = random.nextDouble() < p ? 0f : keep;
        }
        mask = m;
        return scaled(in, m);
    }

    @Override
    public Tensor4 backward(Tensor4 gradOutput) {
        if (input == null) {
            throw new IllegalStateException("dropout: backward called before forward");
        }
        if (!input.sameShape(gradOutput)) {
            throw new IllegalArgumentException("dropout: gradient shape " + gradOutput.shapeString()
                    + " does not match the forward shape " + input.shapeString());
        }
        return mask == null ? gradOutput.copy() : scaled(gradOutput, mask);
    }

    private static Tensor4 scaled(Tensor4 t, float[] m) {
        Tensor4 out = t.zerosLike();
        float[] x = t.data();
        float[] y = out.data();
        int plane = t.h() * t.w();
        IntStream.range(0, m.length).parallel().forEach(k -> {
            float s = m[k];
            int base = k * plane;
            for (int i = 0; i < plane; i++) {
                y[base + i] = x[base + i] * s;
            }
        });
        return out;
    }

    @Override
    public List<Parameter> parameters() { return List.of(); }
}
