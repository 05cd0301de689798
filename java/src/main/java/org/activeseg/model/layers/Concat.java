package org.activeseg.model.layers;

import java.util.ArrayList;
import java.util.List;
import org.activeseg.model.Tensor4;

/**
 * Concatenation along channels of tensors with equal N, H and W (the decoder's low-level skip,
 * the context module's branches, the learning-loss features). Not a {@link org.activeseg.model.Layer}
 * because it has several inputs; backward splits the output gradient back into one per input.
 */
public final class Concat {
    private final String name;
    private int[] channels;
    private int n, h, w;

    public Concat(String name) {
        this.name = name;
    }

    public Tensor4 forward(List<Tensor4> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("concat " + name + ": no inputs");
        }
        Tensor4 first = inputs.get(0);
        int total = 0;
        int[] cs = new int[inputs.size()];
        for (int k = 0; k < inputs.size(); k++) {
            Tensor4 t = inputs.get(k);
            if (t.n() != first.n() || t.h() != first.h() || t.w() != first.w()) {
                throw new IllegalArgumentException("concat " + name + ": input " + k + " has shape " + t.shapeString()
                        + ", input 0 has " + first.shapeString() + " (N, H, W must match)");
            }
            cs[k] = t.c();
            total += t.c();
        }
        n = first.n();
        h = first.h();
        w = first.w();
        channels = cs;
        Tensor4 y = new Tensor4(n, total, h, w);
        int plane = h * w;
        float[] yd = y.data();
        for (int i = 0; i < n; i++) {
            int dst = i * total * plane;
            for (int k = 0; k < cs.length; k++) {
                int len = cs[k] * plane;
                System.arraycopy(inputs.get(k).data(), i * len, yd, dst, len);
                dst += len;
            }
        }
        return y;
    }

    public List<Tensor4> backward(Tensor4 g) {
        if (channels == null) {
            throw new IllegalStateException("concat " + name + ": backward before forward");
        }
        int total = 0;
        for (int cc : channels) {
            total += cc;
        }
        if (g.n() != n || g.c() != total || g.h() != h || g.w() != w) {
            throw new IllegalArgumentException("concat " + name + ": gradient of the output has shape " + g.shapeString()
                    + ", the output had [" + n + ", " + total + ", " + h + ", " + w + "]");
        }
        int plane = h * w;
        List<Tensor4> out = new ArrayList<>(channels.length);
        for (int cc : channels) {
            out.add(new Tensor4(n, cc, h, w));
        }
        float[] gd = g.data();
        for (int i = 0; i < n; i++) {
            int src = i * total * plane;
            for (int k = 0; k < channels.length; k++) {
                int len = channels[k] * plane;
                System.arraycopy(gd, src, out.get(k).data(), i * len, len);
                src += len;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Concat(" + name + ")";
    }
}
