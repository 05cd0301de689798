package org.activeseg.report;

import static org.activeseg.report.SampleRuns.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class LearningCurvesTest {
    private static final double EPS = 1e-12;

    @Test
    void aggregatesEachRoundAcrossSeedsWithSampleStd() {
        LearningCurves c = LearningCurves.of(List.of(
                record("a", 1, 0, 0.01, 0.30), record("a", 2, 0, 0.02, 0.32), record("a", 3, 0, 0.03, 0.34),
                record("a", 1, 1, 0.05, 0.40), record("a", 2, 1, 0.05, 0.50)));
        List<LearningCurves.Point> curve = c.curve("a");
        assertEquals(2, curve.size());
        LearningCurves.Point p0 = curve.get(0);
        assertEquals(0, p0.round());
        assertEquals(3, p0.seeds());
        assertEquals(0.02, p0.meanFraction(), EPS);
        assertEquals(0.32, p0.meanMiou(), EPS);
        // deviations -0.02, 0, +0.02: sum of squares 0.0008 over n - 1 = 2
        assertEquals(0.02, p0.stdMiou(), EPS);
        assertEquals(0.30, p0.minMiou(), EPS);
        assertEquals(0.34, p0.maxMiou(), EPS);
        LearningCurves.Point p1 = curve.get(1);
        assertEquals(2, p1.seeds(), "seed 3 did not reach round 1");
        assertEquals(0.45, p1.meanMiou(), EPS);
        assertEquals(Math.sqrt(0.005), p1.stdMiou(), EPS);
        assertEquals(List.of(1L, 2L, 3L), c.seeds("a"));
    }

    @Test
    void oneSeedHasZeroSpread() {
        LearningCurves c = LearningCurves.of(List.of(record("a", 7, 0, 0.1, 0.5)));
        LearningCurves.Point p = c.curve("a").getFirst();
        assertEquals(0.0, p.stdMiou());
        assertEquals(0.5, p.minMiou());
        assertEquals(0.5, p.maxMiou());
    }

    @Test
    void keepsStrategiesInOrderOfFirstRecordAndRoundsInRoundOrder() {
        LearningCurves c = LearningCurves.of(List.of(record("zeta", 1, 1, 0.2, 0.5), record("alpha", 1, 0, 0.1, 0.4),
                record("zeta", 1, 0, 0.1, 0.3)));
        assertEquals(List.of("zeta", "alpha"), c.strategies());
        assertEquals(List.of(0, 1), c.curve("zeta").stream().map(LearningCurves.Point::round).toList());
    }

    @Test
    void fractionToReachInterpolatesOnTheMeanCurve() {
        LearningCurves c = LearningCurves.of(List.of(record("a", 1, 0, 0.01, 0.30), record("a", 1, 1, 0.05, 0.50),
                record("a", 1, 2, 0.10, 0.60)));
        assertEquals(0.075, c.fractionToReach("a", 0.55).getAsDouble(), EPS);
        assertEquals(0.05, c.fractionToReach("a", 0.50).getAsDouble(), EPS, "exactly at a round");
        assertEquals(0.01, c.fractionToReach("a", 0.10).getAsDouble(), EPS, "reached at the first round");
        assertEquals(0.10, c.fractionToReach("a", 0.60).getAsDouble(), EPS, "reached at the last round");
        assertTrue(c.fractionToReach("a", 0.6000001).isEmpty(), "not reached is empty, not the last fraction");
    }

    @Test
    void fractionToReachTakesTheFirstCrossingOfANonMonotoneCurve() {
        // mIoU 0.30 -> 0.60 -> 0.50 -> 0.70: 0.55 is first crossed between rounds 0 and 1
        LearningCurves c = LearningCurves.of(List.of(record("a", 1, 0, 0.0, 0.30), record("a", 1, 1, 0.1, 0.60),
                record("a", 1, 2, 0.2, 0.50), record("a", 1, 3, 0.3, 0.70)));
        assertEquals(0.1 * 25.0 / 30.0, c.fractionToReach("a", 0.55).getAsDouble(), EPS);
    }

    @Test
    void fractionToReachOnSampleRun() {
        LearningCurves c = LearningCurves.of(SampleRuns.twoStrategies().rounds());
        Map<String, OptionalDouble> reach = c.fractionToReach(0.57);
        assertTrue(reach.get("random").isEmpty());
        // mean curve 0.51 at 5 % -> 0.58 at 10 %: 0.05 + 0.05 * 6 / 7
        assertEquals(0.05 + 0.05 * 6.0 / 7.0, reach.get(SampleRuns.HOSTILE).getAsDouble(), 1e-9);
        Map<Long, OptionalDouble> perSeed = c.fractionToReachPerSeed(SampleRuns.HOSTILE, 0.57);
        assertEquals(List.of(1L, 2L, 3L), List.copyOf(perSeed.keySet()));
        assertEquals(0.09375, perSeed.get(1L).getAsDouble(), 1e-9);
        assertEquals(0.10, perSeed.get(2L).getAsDouble(), 1e-9);
        assertEquals(0.0875, perSeed.get(3L).getAsDouble(), 1e-9);
        assertTrue(c.fractionToReachPerSeed("random", 0.57).values().stream().allMatch(OptionalDouble::isEmpty));
    }

    @Test
    void miouAtBudgetInterpolatesEachSeedThenAggregates() {
        LearningCurves c = LearningCurves.of(List.of(record("a", 1, 0, 0.0, 0.2), record("a", 1, 1, 0.1, 0.4),
                record("a", 2, 0, 0.0, 0.2), record("a", 2, 1, 0.1, 0.6)));
        LearningCurves.AtBudget at = c.miouAtBudget("a", 0.05).orElseThrow();
        assertEquals(2, at.seeds());
        assertEquals(0.35, at.meanMiou(), EPS);
        assertEquals(Math.sqrt(0.005), at.stdMiou(), EPS);
        assertEquals(0.3, at.minMiou(), EPS);
        assertEquals(0.4, at.maxMiou(), EPS);
        assertEquals(0.5, c.miouAtBudget("a", 0.1).orElseThrow().meanMiou(), EPS, "at the last measured fraction");
        assertEquals(0.2, c.miouAtBudget("a", 0.0).orElseThrow().meanMiou(), EPS, "at the first measured fraction");
        assertTrue(c.miouAtBudget("a", 0.1000001).isEmpty(), "beyond the measured range: no extrapolation");
    }

    @Test
    void miouAtBudgetIsEmptyBelowTheRangeOrWhenOneSeedStopsShort() {
        LearningCurves c = LearningCurves.of(List.of(record("a", 1, 0, 0.02, 0.2), record("a", 1, 1, 0.2, 0.4),
                record("a", 2, 0, 0.02, 0.2), record("a", 2, 1, 0.1, 0.3)));
        assertTrue(c.miouAtBudget("a", 0.01).isEmpty());
        assertTrue(c.miouAtBudget("a", 0.15).isEmpty(), "seed 2 ends at 10 %");
        assertEquals(2, c.miouAtBudget("a", 0.1).orElseThrow().seeds());
    }

    @Test
    void valueAtHandlesRepeatedFractionsAndFloatNoiseAtTheEnds() {
        double[] x = {0.1, 0.2, 0.2, 0.4};
        double[] y = {1.0, 2.0, 3.0, 5.0};
        assertEquals(2.0, LearningCurves.valueAt(x, y, 0.2).getAsDouble(), EPS, "first of the repeated points");
        assertEquals(4.0, LearningCurves.valueAt(x, y, 0.3).getAsDouble(), EPS);
        assertEquals(1.5, LearningCurves.valueAt(x, y, 0.15).getAsDouble(), EPS);
        assertEquals(5.0, LearningCurves.valueAt(x, y, 0.4 + 1e-12).getAsDouble(), EPS);
        assertTrue(LearningCurves.valueAt(new double[0], new double[0], 0.1).isEmpty());
    }

    @Test
    void rejectsDuplicateRoundsAndFallingFractions() {
        var dup = assertThrows(IllegalArgumentException.class, () -> LearningCurves.of(List.of(
                record("a", 1, 0, 0.1, 0.3), record("a", 1, 0, 0.1, 0.3))));
        assertTrue(dup.getMessage().contains("a seed 1 round 0"), dup.getMessage());
        var fall = assertThrows(IllegalArgumentException.class, () -> LearningCurves.of(List.of(
                record("a", 1, 0, 0.2, 0.3), record("a", 1, 1, 0.1, 0.4))));
        assertTrue(fall.getMessage().contains("falls"), fall.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningCurves.of(List.of()).curve("none"));
    }
}
