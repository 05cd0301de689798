package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Element-wise comparison of a GPU result with the CPU layer's, the convention of
 * TorchLayerParityTest: each value must agree within {@code tolerance} relative to its magnitude,
 * or relative to {@link #FLOOR} of the array's largest magnitude for values below that (sums that
 * nearly cancel, such as weight gradients, cannot be relatively exact in float32). NaN must meet
 * NaN. Returns the worst error so callers can print it.
 */
final class Parity {
    /** Values below this fraction of an array's largest magnitude are compared relative to that fraction. */
    static final double FLOOR = 1e-3;

    private Parity() {}

    static double assertClose(String what, float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + ": length");
        double max = 0;
        for (float v : expected) {
            if (Float.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        double floor = Math.max(FLOOR * max, Double.MIN_NORMAL);
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a)) {
                if (Float.isNaN(e) != Float.isNaN(a)) {
                    fail(what + "[" + i + "]: expected " + e + ", got " + a);
                }
                continue;
            }
            if (Float.isInfinite(e) || Float.isInfinite(a)) {
                if (e != a) {
                    fail(what + "[" + i + "]: expected " + e + ", got " + a);
                }
                continue;
            }
            double err = Math.abs((double) a - e) / Math.max(Math.abs(e), floor);
            if (err > worst) {
                worst = err;
                worstAt = i;
            }
        }
        if (worst > tolerance) {
            fail(what + ": worst relative difference " + worst + " > " + tolerance + " at [" + worstAt + "]: expected "
                    + expected[worstAt] + ", got " + actual[worstAt] + " (largest |expected| " + max
                    + ", max |difference| / largest |expected| " + normwise(expected, actual) + ")");
        }
        return worst;
    }

    /**
     * max |actual - expected| / max |expected| over the finite values: the error measured against the
     * tensor's scale, the measure of the whole-network parity contract (printed beside the element-wise check to
     * tell rounding in sums that nearly cancel from real differences).
     */
    static double normwise(float[] expected, float[] actual) {
        double max = 0;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.isFinite(expected[i]) && Float.isFinite(actual[i])) {
                max = Math.max(max, Math.abs(expected[i]));
                diff = Math.max(diff, Math.abs((double) actual[i] - expected[i]));
            }
        }
        return max == 0 ? diff : diff / max;
    }
}
