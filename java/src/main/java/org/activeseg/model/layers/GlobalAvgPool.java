package org.activeseg.model.layers;

import java.util.List;
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;

/**
 * Global average pooling (N, C, H, W) -> (N, C, 1, 1), as {@code AdaptiveAvgPool2d(1)}; the
 * backward pass spreads each channel's gradient evenly over its H x W positions. Used by the
 * learning-loss module and the context module's image-level branch.
 */
public final class GlobalAvgPool implements Layer {
    private final String name;
    private int n = -1, c, h, w;

    public GlobalAvgPool(String name) {
        this.name = name;
    }

    @Override
    public Tensor4 forward(Tensor4 x, boolean training) {
        if (x.h() * x.w() == 0 || x.c() == 0) {
            throw new IllegalArgumentException("global average pool " + name + ": input shape " + x.shapeString()
                    + " has no positions to average");
        }
        n = x.n();
        c = x.c();
        h = x.h();
        w = x.w();
        int plane = h * w;
        Tensor4 y = new Tensor4(n, c, 1, 1);
        float[] xd = x.data(), yd = y.data();
        for (int i = 0; i < n * c; i++) {
            double s = 0;
            int off = i * plane;
            for (int p = 0; p < plane; p++) {
                s += xd[off + p];
            }
            yd[i] = (float) (s / plane);
        }
        return y;
    }

    @Override
    public Tensor4 backward(Tensor4 g) {
        if (n < 0) {
            throw new IllegalStateException("global average pool " + name + ": backward before forward");
        }
        if (g.n() != n || g.c() != c || g.h() != 1 || g.w() != 1) {
            throw new IllegalArgumentException("global average pool " + name + ": gradient of the output has shape "
                    + g.shapeString() + ", the output had [" + n + ", " + c + ", 1, 1]");
        }
        int plane = h * w;
        Tensor4 gx = new Tensor4(n, c, h, w);
        float[] gd = g.data(), gxd = gx.data();
        for (int i = 0; i < n * c; i++) {
            java.util.Arrays.fill(gxd, i * plane, (i + 1) * plane, gd[i] / plane);
        }
        return gx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public String toString() {
        return "GlobalAvgPool(" + name + ")";
    }
}
