package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * TableLog.ln against Math.log: within 2 ulp over the whole positive normal range, near 1 (where a
 * careless table log cancels), at the table's cell boundaries and on both sides of sqrt(2) and of the
 * powers of two (where the exponent split switches); the special arguments exactly as Math.log.
 */
class TableLogTest {

    private static double ulps(double x) {
        double want = Math.log(x);
        double got = TableLog.ln(x);
        return want == 0 ? (got == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.abs(got - want) / Math.ulp(want);
    }

    private static void assertClose(double x) {
        double u = ulps(x);
        assertTrue(u <= 2, () -> "ln(" + x + ") = " + TableLog.ln(x) + ", Math.log " + Math.log(x) + ": " + u + " ulp");
    }

    @Test
    void withinTwoUlpOfMathLogEverywhere() {
        SplittableRandom r = new SplittableRandom(17);
        for (int n = 0; n < 2_000_000; n++) {
            assertClose(Math.exp(r.nextDouble(-708, 709)));
            assertClose(r.nextDouble());
            assertClose(1 + r.nextDouble(-1e-3, 1e-3));
            assertClose(Math.scalb(1 + r.nextDouble(-1e-9, 1e-9), r.nextInt(-1000, 1000)));
            assertClose(r.nextFloat() + 1e-8);
        }
    }

    @Test
    void cellBoundariesSqrtTwoAndPowersOfTwo() {
        for (int i = 181; i <= 363; i++) {
            for (double half : new double[] {i - 0.5, i + 0.5, i}) {
                double c = half / 256;
                assertClose(c);
                assertClose(Math.nextUp(c));
                assertClose(Math.nextDown(c));
            }
        }
        double s = Math.sqrt(2);
        for (int e = -1020; e <= 1020; e += 7) {
            for (double m : new double[] {1, s, s / 2}) {
                double x = Math.scalb(m, e);
                assertClose(x);
                assertClose(Math.nextUp(x));
                assertClose(Math.nextDown(x));
            }
        }
        assertEquals(0.0, TableLog.ln(1.0));
        assertClose(Math.nextUp(1.0));
        assertClose(Math.nextDown(1.0));
        assertClose(Double.MIN_NORMAL);
        assertClose(Double.MAX_VALUE);
    }

    @Test
    void specialArgumentsAsMathLog() {
        for (double x : new double[] {0.0, -0.0, -1.0, Double.MIN_VALUE, Double.MIN_NORMAL / 3, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -Double.MIN_VALUE}) {
            assertEquals(Math.log(x), TableLog.ln(x), "ln(" + x + ")");
        }
    }
}
