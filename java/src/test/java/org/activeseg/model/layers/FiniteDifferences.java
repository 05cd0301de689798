package org.activeseg.model.layers;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;

/**
 * Central finite-difference check of a layer's backward for the scalar loss
 * {@code L = sum(output * R)} with a fixed random R: the analytic dL/d(input) and dL/d(parameter)
 * from one forward + backward are compared with {@code (L(v + eps) - L(v - eps)) / (2 eps)} for
 * every input and parameter element, L summed in double. Private to this package until the shared
 * GradientCheck helper lands.
 */
final class FiniteDifferences {
    private FiniteDifferences() {}

    static Tensor4 random(SplittableRandom rng, int n, int c, int h, int w, double lo, double hi) {
        Tensor4 t = new Tensor4(n, c, h, w);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextDouble(lo, hi);
        }
        return t;
    }

    /** Checks {@code layer} with forward(x, training) for both the analytic and the numeric side. */
    static void check(String what, Layer layer, Tensor4 input, boolean training, double eps, double tol) {
        check(what, layer, x -> layer.forward(x, training), input, training, eps, tol);
    }

    /**
     * @param numericForward forward used for the perturbed evaluations (for stochastic layers, one
     *                       that reproduces the mask of the analytic forward)
     */
    static void check(String what, Layer layer, Function<Tensor4, Tensor4> numericForward, Tensor4 input,
            boolean training, double eps, double tol) {
        Tensor4 out = layer.forward(input, training);
        Tensor4 r = random(new SplittableRandom(1234), out.n(), out.c(), out.h(), out.w(), -1, 1);
        for (Parameter p : layer.parameters()) {
            p.zeroGrad();
        }
        Tensor4 gradIn = layer.backward(r);
        if (!gradIn.sameShape(input)) {
            fail(what + ": input gradient shape " + gradIn.shapeString() + " != input shape " + input.shapeString());
        }
        float[][] paramGrads = layer.parameters().stream().map(p -> p.grad().clone()).toArray(float[][]::new);

        Tensor4 x = input.copy();
        compare(what + " d/dinput", gradIn.data(), x.data(), () -> loss(numericForward.apply(x), r), eps, tol);
        int k = 0;
        for (Parameter p : layer.parameters()) {
            compare(what + " d/d" + p.name(), paramGrads[k++], p.value(), () -> loss(numericForward.apply(input), r), eps, tol);
        }
    }

    /** Compares {@code analytic} with central differences of {@code loss} over the entries of {@code values}. */
    static void compare(String what, float[] analytic, float[] values, java.util.function.DoubleSupplier loss, double eps,
            double tol) {
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            float up = (float) (v + eps);
            float down = (float) (v - eps);
            values[i] = up;
            double plus = loss.getAsDouble();
            values[i] = down;
            double minus = loss.getAsDouble();
            values[i] = v;
            double numeric = (plus - minus) / ((double) up - down);
            double err = Math.abs(numeric - analytic[i]) / Math.max(1.0, Math.max(Math.abs(numeric), Math.abs(analytic[i])));
            if (err > tol) {
                fail(what + ": element " + i + " analytic " + analytic[i] + " vs numeric " + numeric + " (relative error " + err
                        + " > " + tol + ")");
            }
        }
    }

    static double loss(Tensor4 out, Tensor4 r) {
        double s = 0;
        float[] o = out.data();
        float[] rr = r.data();
        for (int i = 0; i < o.length; i++) {
            s += (double) o[i] * rr[i];
        }
        return s;
    }
}
