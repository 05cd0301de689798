package org.activeseg.model;

import java.util.Arrays;

/**
 * A dense float activation in NCHW layout (batch, channels, height, width), row-major with W
 * contiguous, on the heap: the CPU engine's currency between layers. A 2-D tensor (N, F) for
 * linear layers is (N, F, 1, 1).
 */
public final class Tensor4 {
    private final int n, c, h, w;
    private final float[] data;

    public Tensor4(int n, int c, int h, int w) {
        this(n, c, h, w, new float[checkedSize(n, c, h, w)]);
    }

    public Tensor4(int n, int c, int h, int w, float[] data) {
        long size = checkedSize(n, c, h, w);
        if (data.length != size) {
            throw new IllegalArgumentException(data.length + " values do not fill a tensor of shape [" + n + ", " + c
                    + ", " + h + ", " + w + "]");
        }
        this.n = n;
        this.c = c;
        this.h = h;
        this.w = w;
        this.data = data;
    }

    private static int checkedSize(int n, int c, int h, int w) {
        if (n < 0 || c < 0 || h < 0 || w < 0) {
            throw new IllegalArgumentException("negative extent in shape [" + n + ", " + c + ", " + h + ", " + w + "]");
        }
        long s = (long) n * c * h * w;
        if (s > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of shape [" + n + ", " + c + ", " + h + ", " + w + "] is too large");
        }
        return (int) s;
    }

    public int n() { return n; }
    public int c() { return c; }
    public int h() { return h; }
    public int w() { return w; }

    /** The backing array (not a copy). */
    public float[] data() { return data; }

    public int size() { return data.length; }

    public int index(int in, int ic, int iy, int ix) {
        return ((in * c + ic) * h + iy) * w + ix;
    }

    public float get(int in, int ic, int iy, int ix) { return data[index(in, ic, iy, ix)]; }

    public void set(int in, int ic, int iy, int ix, float v) { data[index(in, ic, iy, ix)] = v; }

    /** A zero tensor of the same shape. */
    public Tensor4 zerosLike() { return new Tensor4(n, c, h, w); }

    public Tensor4 copy() { return new Tensor4(n, c, h, w, data.clone()); }

    /** Samples [from, to) of the batch, copied. */
    public Tensor4 rows(int from, int to) {
        if (from < 0 || to > n || from > to) {
            throw new IllegalArgumentException("samples [" + from + ", " + to + ") of " + shapeString());
        }
        int plane = c * h * w;
        Tensor4 out = new Tensor4(to - from, c, h, w);
        System.arraycopy(data, from * plane, out.data, 0, (to - from) * plane);
        return out;
    }

    /** {@code a}'s samples followed by {@code b}'s (same channels and size). */
    public static Tensor4 stack(Tensor4 a, Tensor4 b) {
        if (a.c != b.c || a.h != b.h || a.w != b.w) {
            throw new IllegalArgumentException("cannot stack " + a.shapeString() + " and " + b.shapeString());
        }
        Tensor4 out = new Tensor4(a.n + b.n, a.c, a.h, a.w);
        System.arraycopy(a.data, 0, out.data, 0, a.data.length);
        System.arraycopy(b.data, 0, out.data, a.data.length, b.data.length);
        return out;
    }

    public boolean sameShape(Tensor4 o) {
        return n == o.n && c == o.c && h == o.h && w == o.w;
    }

    /** Throws naming both shapes unless {@code o} has this shape. */
    public void requireShape(Tensor4 o, String what) {
        if (!sameShape(o)) {
            throw new IllegalArgumentException(what + ": shape " + o.shapeString() + " does not match " + shapeString());
        }
    }

    public String shapeString() { return "[" + n + ", " + c + ", " + h + ", " + w + "]"; }

    @Override
    public String toString() { return "Tensor4" + shapeString(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor4 t && sameShape(t) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(data) * 31 + n * 7 + c * 5 + h * 3 + w; }
}
