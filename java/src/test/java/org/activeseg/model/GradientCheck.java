package org.activeseg.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Checks analytic gradients of a CPU-engine layer (or of any function of several tensors)
 * against central finite differences. The scalar loss is {@code L = sum(output * R)} with
 * {@code R} uniform in [-1, 1], fixed by a seed, so dL/d(output) = R is what backward receives.
 * The forward pass runs in float, the loss is summed in double, and each input and parameter
 * element is perturbed by {@code +-eps}: numeric = (L(x + eps) - L(x - eps)) / (2 eps).
 *
 * <p>The error of one element is {@code |analytic - numeric| / max(|analytic|, |numeric|, floor)}:
 * relative for large gradients, absolute below {@code floor} (float rounding in L makes tiny
 * numeric gradients noisy). A {@link Report} keeps, per checked tensor, the worst element.
 *
 * <p>Usage: {@code new GradientCheck(1e-2, 1e-2).assertLayer(layer, input, seed)}; for several
 * inputs, {@link #checkFunction}; for a stochastic layer, {@link #checkLayer(Layer, Tensor4, Function, long)}
 * with a numeric forward that reproduces the random draws of the analytic one; for any scalar loss
 * with a known gradient (e.g. a loss function of the logits), {@link #compare}. Keep tensors small
 * (every element costs two forward passes), or cap the elements checked per tensor with
 * {@link #withMaxChecksPerTensor}. {@link #random} makes seeded test tensors.
 */
public final class GradientCheck {

    private final double eps;
    private final double tolerance;
    private final double floor;
    private final boolean training;
    private final int maxChecksPerTensor;

    /** eps is the perturbation; tolerance the largest accepted error (floor 1e-2, training mode). */
    public GradientCheck(double eps, double tolerance) {
        this(eps, tolerance, 1e-2, true, Integer.MAX_VALUE);
    }

    private GradientCheck(double eps, double tolerance, double floor, boolean training, int maxChecksPerTensor) {
        if (!(eps > 0) || !(tolerance > 0) || !(floor > 0) || maxChecksPerTensor < 1) {
            throw new IllegalArgumentException("eps, tolerance and floor must be positive, maxChecksPerTensor >= 1");
        }
        this.eps = eps;
        this.tolerance = tolerance;
        this.floor = floor;
        this.training = training;
        this.maxChecksPerTensor = maxChecksPerTensor;
    }

    /** Gradient magnitude below which the error is absolute rather than relative. */
    public GradientCheck withFloor(double newFloor) {
        return new GradientCheck(eps, tolerance, newFloor, training, maxChecksPerTensor);
    }

    /** The {@code training} flag passed to {@link Layer#forward} (true by default). */
    public GradientCheck withTraining(boolean newTraining) {
        return new GradientCheck(eps, tolerance, floor, newTraining, maxChecksPerTensor);
    }

    /** Checks at most this many elements per tensor, evenly spread (all by default). */
    public GradientCheck withMaxChecksPerTensor(int max) {
        return new GradientCheck(eps, tolerance, floor, training, max);
    }

    /** Worst element of one checked tensor. */
    public record Result(String tensor, int worstIndex, double analytic, double numeric, double error, int checked) {
        @Override
        public String toString() {
            return tensor + ": worst error " + String.format("%.3g", error) + " at index " + worstIndex
                    + " (analytic " + String.format("%.6g", analytic) + ", numeric " + String.format("%.6g", numeric)
                    + ", " + checked + " elements checked)";
        }
    }

    /** Results for the input(s) and every parameter, with the tolerance they are judged by. */
    public record Report(List<Result> results, double tolerance) {

        public Result worst() {
            Result w = null;
            for (Result r : results) {
                if (w == null || r.error() > w.error() || Double.isNaN(r.error())) {
                    w = r;
                }
            }
            return w;
        }

        public boolean passed() {
            for (Result r : results) {
                if (!(r.error() <= tolerance)) {
                    return false;
                }
            }
            return true;
        }

        /** Throws an AssertionError listing every tensor unless all are within tolerance. */
        public Report assertWithinTolerance(String context) {
            if (!passed()) {
                StringBuilder sb = new StringBuilder(context).append(": gradient check failed (tolerance ")
                        .append(tolerance).append(")");
                for (Result r : results) {
                    sb.append("\n  ").append(r.error() <= tolerance ? "ok   " : "FAIL ").append(r);
                }
                throw new AssertionError(sb.toString());
            }
            return this;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("gradient check (tolerance ").append(tolerance).append(")");
            for (Result r : results) {
                sb.append("\n  ").append(r);
            }
            return sb.toString();
        }
    }

    /**
     * A tensor of the given shape with elements uniform in [lo, hi), drawn in order from {@code rng}
     * (so consecutive calls on one generator give different tensors).
     */
    public static Tensor4 random(SplittableRandom rng, int n, int c, int h, int w, double lo, double hi) {
        Tensor4 t = new Tensor4(n, c, h, w);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextDouble(lo, hi);
        }
        return t;
    }

    /** Sum of the elementwise products of two tensors of the same size, in double. */
    public static double dot(Tensor4 a, Tensor4 b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("dot of " + a.shapeString() + " and " + b.shapeString());
        }
        return dot(a.data(), b.data());
    }

    /** Checks dL/d(input) and dL/d(every parameter of the layer). */
    public Report checkLayer(Layer layer, Tensor4 input, long seed) {
        return checkLayer(layer, input, in -> layer.forward(in, training), seed);
    }

    /**
     * As {@link #checkLayer(Layer, Tensor4, long)}, but the perturbed (numeric) evaluations run
     * {@code numericForward} instead of {@code layer.forward}; the analytic side still runs
     * {@code layer.forward} and {@code layer.backward}. For a stochastic layer, numericForward must
     * reproduce the random draws of that one analytic forward (e.g. a fresh copy of the layer with the
     * same seed, so every perturbed pass sees the same dropout mask). Parameters are those of
     * {@code layer}; numericForward must read them.
     */
    public Report checkLayer(Layer layer, Tensor4 input, Function<Tensor4, Tensor4> numericForward, long seed) {
        Function<List<Tensor4>, Tensor4> forward = in -> layer.forward(in.get(0), training);
        Function<List<Tensor4>, Tensor4> numeric = in -> numericForward.apply(in.get(0));
        Function<Tensor4, List<Tensor4>> backward = g -> List.of(layer.backward(g));
        return check(List.of(input), layer.parameters(), forward, numeric, backward, seed);
    }

    /** {@link #checkLayer} followed by {@link Report#assertWithinTolerance}, named after the layer. */
    public Report assertLayer(Layer layer, Tensor4 input, long seed) {
        return checkLayer(layer, input, seed).assertWithinTolerance(layer + " on input " + input.shapeString());
    }

    /**
     * Compares {@code analytic} with the central differences of the scalar {@code loss} with respect
     * to each element of {@code values}, which {@code loss} must read (it is perturbed in place and
     * restored). Judged by this check's eps, floor, tolerance and element cap; the report holds one
     * result named {@code name}.
     */
    public Report compare(String name, float[] values, float[] analytic, DoubleSupplier loss) {
        if (values.length != analytic.length) {
            throw new AssertionError(name + ": " + analytic.length + " analytic gradients for " + values.length + " values");
        }
        return new Report(List.of(compareElements(name, values, analytic, loss)), tolerance);
    }

    /** A function of several inputs without parameters (e.g. concatenation). */
    public Report checkFunction(List<Tensor4> inputs, Function<List<Tensor4>, Tensor4> forward,
                                Function<Tensor4, List<Tensor4>> backward, long seed) {
        return checkFunction(inputs, List.of(), forward, backward, seed);
    }

    /**
     * A function of several inputs and parameters. {@code backward} receives dL/d(output) and
     * returns one gradient per input, in order, adding parameter gradients into
     * {@link Parameter#grad()}. The inputs and parameter values are restored afterwards.
     */
    public Report checkFunction(List<Tensor4> inputs, List<Parameter> parameters,
                                Function<List<Tensor4>, Tensor4> forward,
                                Function<Tensor4, List<Tensor4>> backward, long seed) {
        return check(inputs, parameters, forward, forward, backward, seed);
    }

    /** The analytic side runs {@code forward} once, then backward; the numeric side runs {@code numericForward}. */
    private Report check(List<Tensor4> inputs, List<Parameter> parameters,
                         Function<List<Tensor4>, Tensor4> forward, Function<List<Tensor4>, Tensor4> numericForward,
                         Function<Tensor4, List<Tensor4>> backward, long seed) {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
        Tensor4 out = forward.apply(inputs);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] r = new float[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        Tensor4 gradOut = new Tensor4(out.n(), out.c(), out.h(), out.w(), r.clone());
        List<Tensor4> gradIn = backward.apply(gradOut);
        if (gradIn.size() != inputs.size()) {
            throw new AssertionError("backward returned " + gradIn.size() + " gradients for " + inputs.size() + " inputs");
        }
        List<float[]> paramGrads = new ArrayList<>();
        for (Parameter p : parameters) {
            paramGrads.add(p.grad().clone());
        }

        DoubleSupplier loss = () -> loss(numericForward.apply(inputs), r);
        List<Result> results = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            Tensor4 in = inputs.get(k);
            Tensor4 g = gradIn.get(k);
            if (!g.sameShape(in)) {
                throw new AssertionError("gradient of input " + k + " has shape " + g.shapeString()
                        + ", input has " + in.shapeString());
            }
            String name = inputs.size() == 1 ? "input" : "input" + k;
            results.add(compareElements(name, in.data(), g.data(), loss));
        }
        for (int k = 0; k < parameters.size(); k++) {
            Parameter p = parameters.get(k);
            results.add(compareElements(p.name(), p.value(), paramGrads.get(k), loss));
        }
        return new Report(List.copyOf(results), tolerance);
    }

    private Result compareElements(String name, float[] values, float[] analytic, DoubleSupplier loss) {
        int n = values.length;
        int step = Math.max(1, (int) Math.ceil(n / (double) maxChecksPerTensor));
        int worst = -1;
        double worstErr = -1, worstA = 0, worstN = 0;
        int checked = 0;
        for (int i = 0; i < n; i += step) {
            float saved = values[i];
            values[i] = (float) (saved + eps);
            double up = loss.getAsDouble();
            values[i] = (float) (saved - eps);
            double down = loss.getAsDouble();
            values[i] = saved;
            double actualStep = (double) (float) (saved + eps) - (double) (float) (saved - eps);
            double numeric = (up - down) / actualStep;
            double a = analytic[i];
            double err = Math.abs(a - numeric) / Math.max(Math.max(Math.abs(a), Math.abs(numeric)), floor);
            if (Double.isNaN(err)) {
                err = Double.POSITIVE_INFINITY;
            }
            if (err > worstErr) {
                worstErr = err;
                worst = i;
                worstA = a;
                worstN = numeric;
            }
            checked++;
        }
        return new Result(name, worst, worstA, worstN, Math.max(worstErr, 0), checked);
    }

    private static double loss(Tensor4 out, float[] r) {
        if (out.size() != r.length) {
            throw new AssertionError("output size changed between passes: " + out.size() + " vs " + r.length);
        }
        return dot(out.data(), r);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
