package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.activeseg.acquisition.u2pl.ReliabilitySplit;
import org.junit.jupiter.api.Test;

/**
 * The rank-then-interpolate split of U2PL's percentile gives ReliabilitySplit.percentile bit for bit:
 * hand cases of numpy's 'linear' method, then random inputs with ties and invalid pixels where the
 * two ranks come from a full sort (what a device rank selection returns).
 */
class PercentileRanksTest {

    private static float viaRanks(float[] values, boolean[] valid, double q) {
        float[] a = new float[values.length];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (valid == null || valid[i]) {
                a[n++] = values[i];
            }
        }
        Arrays.sort(a, 0, n);
        PercentileRanks r = PercentileRanks.of(n, q);
        return r.interpolate(a[(int) r.lo()], a[(int) r.hi()]);
    }

    @Test
    void handCases() {
        // numpy.percentile([1, 2, 3, 4], 50) = 2.5; 25 -> 1.75; 100 -> 4; 0 -> 1
        float[] v = {4, 1, 3, 2};
        assertEquals(2.5f, viaRanks(v, null, 50));
        assertEquals(1.75f, viaRanks(v, null, 25));
        assertEquals(4f, viaRanks(v, null, 100));
        assertEquals(1f, viaRanks(v, null, 0));
        PercentileRanks r = PercentileRanks.of(4, 50);
        assertEquals(1, r.lo());
        assertEquals(2, r.hi());
        assertEquals(0.5, r.t());
        assertEquals(new PercentileRanks(0, 0, 0.0), PercentileRanks.of(1, 80));
    }

    @Test
    void matchesReliabilitySplitOnRandomInputs() {
        SplittableRandom rnd = new SplittableRandom(11);
        ReferenceRegionOps reference = new ReferenceRegionOps();
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(trial < 100 ? 10 : 2000);
            float[] v = new float[n];
            boolean[] valid = new boolean[n];
            boolean quantised = rnd.nextBoolean();
            for (int i = 0; i < n; i++) {
                v[i] = quantised ? rnd.nextInt(4) * 0.5f : (float) (rnd.nextDouble() * 3 - 0.5);
                valid[i] = rnd.nextInt(4) != 0;
            }
            valid[rnd.nextInt(n)] = true;
            boolean[] mask = rnd.nextInt(5) == 0 ? null : valid;
            double q = rnd.nextInt(6) == 0 ? rnd.nextInt(101) : rnd.nextDouble() * 100;
            float expected = (float) ReliabilitySplit.percentile(v, mask, q);
            assertEquals(expected, viaRanks(v, mask, q), 0f, "trial " + trial + " n=" + n + " q=" + q);
            assertEquals(expected, reference.percentile(v, mask, q), 0f);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PercentileRanks.of(3, 101));
        assertTrue(e.getMessage().contains("101"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PercentileRanks.of(0, 50));
        assertTrue(e.getMessage().contains("no valid values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PercentileRanks.of(3, Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
