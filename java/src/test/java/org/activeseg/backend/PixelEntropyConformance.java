package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pixel-entropy cases every backend must pass: hand-computed values, uniform and one-hot
 * distributions, awkward sizes (P = 1, 13, 4098) over several frames against a plain per-pixel
 * double loop written here, and shape errors. Subclasses supply the backend (and the launch path).
 */
public abstract class PixelEntropyConformance {

    protected abstract ScoringBackend backend();

    /** The call under test; the JCuda-launch test overrides it. */
    protected void pixelEntropy(FloatTensor probs, FloatTensor out, EntropyConvention convention) {
        backend().pixelEntropy(probs, out, convention);
    }

    /** Relative tolerance against the double-precision expectation. */
    protected double relativeTolerance() {
        return 1e-6;
    }

    @Test
    void handComputedThreeClassPixel() {
        // p = (0.5, 0.25, 0.25): H = 0.5*1 + 2*0.25*2 = 1.5 bits = 1.5 ln 2 nats
        try (FloatTensor probs = FloatTensor.of(new float[] {0.5f, 0.25f, 0.25f}, 1, 3, 1);
             FloatTensor out = FloatTensor.allocate(1, 1)) {
            pixelEntropy(probs, out, EntropyConvention.LOG2_VIEWAL);
            assertEquals(1.5, out.get(0), 1e-6);
            pixelEntropy(probs, out, EntropyConvention.LN_U2PL);
            assertEquals(1.5 * Math.log(2), out.get(0), 1e-6);
            pixelEntropy(probs, out, EntropyConvention.LN_RIPU);
            // eps 1e-6 is visible: -sum p ln(p + 1e-6)
            double ripu = -(0.5 * Math.log(0.5 + 1e-6) + 2 * 0.25 * Math.log(0.25 + 1e-6));
            assertEquals(ripu, out.get(0), 1e-6);
            assertTrue(out.get(0) < 1.5 * Math.log(2), "eps must lower the entropy");
        }
    }

    @ParameterizedTest
    @CsvSource({"2", "19", "40"})
    void uniformOverClassesGivesLogC(int classes) {
        int pixels = 13;
        float[] values = new float[classes * pixels];
        java.util.Arrays.fill(values, 1.0f / classes);
        try (FloatTensor probs = FloatTensor.of(values, 1, classes, pixels);
             FloatTensor out = FloatTensor.allocate(1, pixels)) {
            pixelEntropy(probs, out, EntropyConvention.LOG2_VIEWAL);
            for (int i = 0; i < pixels; i++) {
                assertEquals(Math.log(classes) / Math.log(2), out.get(i), 1e-5, "pixel " + i);
            }
            pixelEntropy(probs, out, EntropyConvention.LN_U2PL);
            for (int i = 0; i < pixels; i++) {
                assertEquals(Math.log(classes), out.get(i), 1e-5, "pixel " + i);
            }
        }
    }

    @Test
    void oneHotGivesAboutZero() {
        int classes = 5;
        int pixels = 7;
        float[] values = new float[classes * pixels];
        for (int i = 0; i < pixels; i++) {
            values[(i % classes) * pixels + i] = 1.0f;
        }
        try (FloatTensor probs = FloatTensor.of(values, 1, classes, pixels);
             FloatTensor out = FloatTensor.allocate(1, pixels)) {
            for (EntropyConvention convention : EntropyConvention.values()) {
                pixelEntropy(probs, out, convention);
                for (int i = 0; i < pixels; i++) {
                    // -1 * log(1 + eps) ~ -eps: zero up to the epsilon, never NaN
                    assertEquals(0.0, out.get(i), 2e-6, convention + " pixel " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 3, 1", "3, 3, 13", "2, 19, 4098", "3, 40, 1", "2, 1, 13", "2, 19, 70001"})
    void matchesPlainLoopAtAwkwardSizes(int frames, int classes, int pixels) {
        float[] values = randomProbabilities(frames, classes, pixels, 31L * frames + classes * 7L + pixels);
        try (FloatTensor probs = FloatTensor.of(values, frames, classes, pixels);
             FloatTensor out = FloatTensor.allocate(frames, pixels)) {
            for (EntropyConvention convention : EntropyConvention.values()) {
                pixelEntropy(probs, out, convention);
                for (int f = 0; f < frames; f++) {
                    for (int i = 0; i < pixels; i++) {
                        double expected = plainEntropy(values, f, classes, pixels, i, convention);
                        double got = out.get((long) f * pixels + i);
                        double tol = relativeTolerance() * Math.abs(expected) + 1e-6;
                        if (!(Math.abs(got - expected) <= tol)) {
                            throw new AssertionError(convention + " frame " + f + " pixel " + i + ": expected "
                                    + expected + " got " + got + " (tolerance " + tol + ")");
                        }
                    }
                }
            }
        }
    }

    @Test
    void zeroFramesOrPixelsIsANoOp() {
        try (FloatTensor probs = FloatTensor.allocate(0, 3, 5); FloatTensor out = FloatTensor.allocate(0, 5)) {
            pixelEntropy(probs, out, EntropyConvention.LOG2_VIEWAL);
        }
        try (FloatTensor probs = FloatTensor.allocate(2, 3, 0); FloatTensor out = FloatTensor.allocate(2, 0)) {
            pixelEntropy(probs, out, EntropyConvention.LOG2_VIEWAL);
        }
    }

    @Test
    void badShapesNameBothShapes() {
        try (FloatTensor probs = FloatTensor.allocate(2, 3, 5);
             FloatTensor wrongP = FloatTensor.allocate(2, 4);
             FloatTensor wrongN = FloatTensor.allocate(1, 5);
             FloatTensor rank3 = FloatTensor.allocate(2, 1, 5);
             FloatTensor noClasses = FloatTensor.allocate(2, 0, 5);
             FloatTensor out = FloatTensor.allocate(2, 5)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pixelEntropy(probs, wrongP, EntropyConvention.LOG2_VIEWAL));
            assertTrue(e.getMessage().contains("[2, 3, 5]") && e.getMessage().contains("[2, 4]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pixelEntropy(probs, wrongN, EntropyConvention.LN_U2PL));
            assertThrows(IllegalArgumentException.class, () -> pixelEntropy(probs, rank3, EntropyConvention.LN_U2PL));
            e = assertThrows(IllegalArgumentException.class,
                    () -> pixelEntropy(noClasses, out, EntropyConvention.LN_RIPU));
            assertTrue(e.getMessage().contains("C >= 1"), e.getMessage());
        }
    }

    /** Random distributions over C classes per pixel, with exact zeros and tiny values mixed in. */
    public static float[] randomProbabilities(int frames, int classes, int pixels, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[frames * classes * pixels];
        double[] w = new double[classes];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < pixels; i++) {
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    double u = rnd.nextDouble();
                    w[k] = u < 0.1 ? 0.0 : u < 0.2 ? 1e-7 * u : Math.pow(u, 4);
                    sum += w[k];
                }
                if (sum == 0) {
                    w[rnd.nextInt(classes)] = 1.0;
                    sum = 1.0;
                }
                for (int k = 0; k < classes; k++) {
                    v[(f * classes + k) * pixels + i] = (float) (w[k] / sum);
                }
            }
        }
        return v;
    }

    /** -sum_k p log(p + eps) for one pixel, read with stride P from (N, C, P). */
    public static double plainEntropy(float[] probs, int frame, int classes, int pixels, int pixel,
                                      EntropyConvention convention) {
        double h = 0;
        for (int k = 0; k < classes; k++) {
            double p = probs[(frame * classes + k) * pixels + pixel];
            h -= p * Math.log(p + convention.eps());
        }
        return convention.log2() ? h / Math.log(2) : h;
    }
}
