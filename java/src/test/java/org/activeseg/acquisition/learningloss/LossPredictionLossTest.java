package org.activeseg.acquisition.learningloss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.activeseg.tensor.Npy;
import org.activeseg.testing.NumpyScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossPredictionLossTest {

    @Test
    void handComputedPairsAgainstTheReversedBatch() {
        // pairs (0,3): dTrue = 5-4 > 0 -> +1, dPred = 3-0 = 3 -> max(0, 1-3) = 0
        //       (1,2): dTrue = 2-1 > 0 -> +1, dPred = 1-2 = -1 -> max(0, 1+1) = 2      L = (0+2)/2
        assertEquals(1.0, LossPredictionLoss.loss(new double[] {3, 1, 2, 0}, new double[] {5, 2, 1, 4}, 1.0), 1e-15);
        // a tie in the target counts as -1: max(0, 1 - (-1)(0.5 - 0)) = 1.5
        assertEquals(1.5, LossPredictionLoss.loss(new double[] {0.5, 0}, new double[] {1, 1}, 1.0), 1e-15);
        assertEquals(0.5, LossPredictionLoss.loss(new double[] {0.5, 0}, new double[] {2, 1}, 1.0), 1e-15);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 * (1 + r.nextInt(6));
            double[] p = new double[n], t = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = r.nextDouble(-2, 2);
                t[i] = r.nextInt(4); // integer targets produce ties
            }
            double[] g = LossPredictionLoss.gradient(p, t, 1.0);
            for (int i = 0; i < n; i++) {
                double h = 1e-6;
                double[] hi = p.clone(), lo = p.clone();
                hi[i] += h;
                lo[i] -= h;
                double fd = (LossPredictionLoss.loss(hi, t, 1.0) - LossPredictionLoss.loss(lo, t, 1.0)) / (2 * h);
                assertEquals(fd, g[i], 1e-6, "trial " + trial + " index " + i);
            }
        }
    }

    @Test
    void badBatchesAreNamed() {
        var odd = assertThrows(IllegalArgumentException.class, () -> LossPredictionLoss.loss(new double[3], new double[3], 1));
        assertTrue(odd.getMessage().contains("even batch, got 3"), odd.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LossPredictionLoss.loss(new double[2], new double[4], 1));
        var nan = assertThrows(IllegalArgumentException.class,
                () -> LossPredictionLoss.loss(new double[] {0, Double.NaN}, new double[2], 1));
        assertTrue(nan.getMessage().contains("index 1"), nan.getMessage());
    }

    @Test
    void agreesWithNumpy(@TempDir Path tmp) throws Exception {
        NumpyScript.script("learning_loss.py"); // a missing script fails even where numpy is absent
        NumpyScript.requireNumpy("LossPredictionLossTest.agreesWithNumpy");
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 3; trial++) {
            int n = 2 * (3 + trial * 7);
            float[] p = new float[n], t = new float[n];
            for (int i = 0; i < n; i++) {
                p[i] = (float) r.nextDouble(-3, 3);
                t[i] = r.nextInt(5);
            }
            Npy.write(tmp.resolve("p.npy"), p, n);
            Npy.write(tmp.resolve("t.npy"), t, n);
            String out = NumpyScript.output("learning_loss.py", tmp.resolve("p.npy"), tmp.resolve("t.npy"), "1.0").strip();
            double[] pd = new double[n], td = new double[n];
            for (int i = 0; i < n; i++) {
                pd[i] = p[i];
                td[i] = t[i];
            }
            assertEquals(Double.parseDouble(out), LossPredictionLoss.loss(pd, td, 1.0), 1e-9, "trial " + trial);
        }
    }
}
