package org.activeseg.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Step, poly and warm-up schedules against hand values. */
class LearningRateScheduleTest {

    @Test
    void multiStepDropsAtEachMilestone() {
        LearningRateSchedule s = LearningRateSchedule.multiStep(0.1, new long[] {3, 6}, 0.1);
        assertEquals(0.1, s.lr(0), 1e-15);
        assertEquals(0.1, s.lr(2), 1e-15);
        assertEquals(0.01, s.lr(3), 1e-15);
        assertEquals(0.01, s.lr(5), 1e-15);
        assertEquals(0.001, s.lr(6), 1e-15);
        assertEquals(0.001, s.lr(1000), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.multiStep(0.1, new long[] {6, 3}, 0.1));
    }

    @Test
    void polyDecaysToZero() {
        LearningRateSchedule s = LearningRateSchedule.poly(0.01, 100, 0.9);
        assertEquals(0.01, s.lr(0), 1e-15);
        assertEquals(0.005358867312681466, s.lr(50), 1e-15);
        assertEquals(0.00015848931924611134, s.lr(99), 1e-15);
        assertEquals(0.0, s.lr(100));
        assertEquals(0.0, s.lr(150));
    }

    @Test
    void linearWarmupThenSchedule() {
        LearningRateSchedule s = LearningRateSchedule.warmup(LearningRateSchedule.constant(2.0), 4, 0.0);
        double[] want = {0.0, 0.5, 1.0, 1.5, 2.0, 2.0};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], s.lr(i), 1e-15, "step " + i);
        }
        LearningRateSchedule p = LearningRateSchedule.warmup(LearningRateSchedule.poly(1.0, 10, 1.0), 2, 0.5);
        assertEquals(0.5, p.lr(0), 1e-15);
        assertEquals(0.9 * 0.75, p.lr(1), 1e-15);
        assertEquals(0.8, p.lr(2), 1e-15);
    }
}
