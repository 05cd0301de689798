package org.activeseg.backend;

import java.util.Arrays;
import org.activeseg.tensor.FloatTensor;

/**
 * The argument contract of {@link RegionOps}, shared by every backend (ReferenceRegionOps and
 * CudaRegionOps): ranks, extents, output lengths, class ids and NaN scores are checked here, in
 * one order and with one set of messages, and the derived sizes are returned. A backend may check
 * more where its kernels need it (CUDA also requires {@code eps >= 0} and a finite {@code norm > 0}).
 */
public final class RegionArguments {

    private RegionArguments() {
    }

    /** The extents of a (T, C, P) probability tensor. */
    public record Probabilities(int samples, int classes, int pixels) {}

    /**
     * Checks the arguments of {@link RegionOps#meanEntropyArgmax}: {@code probs} is (T, C, P) with
     * T, C >= 1, and {@code entropy} and {@code argmax} hold P values each.
     */
    public static Probabilities meanEntropyArgmax(FloatTensor probs, float[] entropy, int[] argmax) {
        if (probs.rank() != 3) {
            throw new IllegalArgumentException("probabilities must be (T, C, P), got " + Arrays.toString(probs.shape()));
        }
        int samples = Math.toIntExact(probs.dim(0));
        int classes = Math.toIntExact(probs.dim(1));
        int pixels = Math.toIntExact(probs.dim(2));
        if (samples < 1 || classes < 1) {
            throw new IllegalArgumentException("probabilities " + Arrays.toString(probs.shape()) + " have no samples or classes");
        }
        checkLength("entropy", entropy, pixels, probs.shape());
        checkLength("argmax", argmax, pixels, probs.shape());
        return new Probabilities(samples, classes, pixels);
    }

    /**
     * Checks the arguments of {@link RegionOps#impurityUncertainty}: the geometry, the lengths of
     * {@code argmax} and {@code impurity} (and of {@code entropy} and {@code uncertainty} when
     * {@code uncertainty} is not null), then every class id in [0, classes). Returns the pixel count.
     */
    public static int impurityUncertainty(int[] argmax, float[] entropy, int width, int height, int classes, int radius,
                                          float[] impurity, float[] uncertainty) {
        if (width < 1 || height < 1 || classes < 1 || radius < 0) {
            throw new IllegalArgumentException("bad region geometry: " + width + "x" + height + ", " + classes
                    + " classes, radius " + radius);
        }
        int pixels = Math.multiplyExact(width, height);
        long[] shape = {height, width};
        checkLength("argmax", argmax, pixels, shape);
        checkLength("impurity", impurity, pixels, shape);
        if (uncertainty != null) {
            checkLength("entropy", entropy, pixels, shape);
            checkLength("uncertainty", uncertainty, pixels, shape);
        }
        for (int i = 0; i < pixels; i++) {
            int c = argmax[i];
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("argmax[" + i + "] = " + c + " is outside [0, " + classes + ")");
            }
        }
        return pixels;
    }

    /**
     * Checks the arguments of {@link RegionOps#greedySelect}: the geometry, suppression radius and
     * count, the lengths of {@code score} and {@code blocked}, then that no score is NaN (the first
     * NaN in index order is named, blocked pixels included). Returns the pixel count.
     */
    public static int greedySelect(float[] score, int width, int height, int suppressRadius, int count,
                                   boolean[] blocked) {
        if (width < 1 || height < 1 || suppressRadius < 0 || count < 0) {
            throw new IllegalArgumentException("bad selection: " + width + "x" + height + ", suppression radius "
                    + suppressRadius + ", count " + count);
        }
        int pixels = Math.multiplyExact(width, height);
        long[] shape = {height, width};
        checkLength("score", score, pixels, shape);
        checkLength("blocked", blocked, pixels, shape);
        for (int i = 0; i < pixels; i++) {
            if (Float.isNaN(score[i])) {
                throw new IllegalArgumentException("score[" + i + "] (x=" + (i % width) + ", y=" + (i / width) + ") is NaN");
            }
        }
        return pixels;
    }

    private static void checkLength(String name, Object array, int expected, long[] shape) {
        if (array == null) {
            throw new IllegalArgumentException(name + " is null, expected " + expected + " values for shape "
                    + Arrays.toString(shape));
        }
        int len = java.lang.reflect.Array.getLength(array);
        if (len != expected) {
            throw new IllegalArgumentException(name + " has " + len + " values, expected " + expected + " for shape "
                    + Arrays.toString(shape));
        }
    }
}
