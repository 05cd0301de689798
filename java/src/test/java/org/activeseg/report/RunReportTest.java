package org.activeseg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RunReportTest {

    private static RoundRecord withMiou(double miou, double[] classIou) {
        return new RoundRecord("a", 1, 0, 10, 100, 0.1, 1, 1, miou, 0.5, classIou, Double.NaN, Double.NaN, 0);
    }

    @Test
    void roundRecordChecksRangesAndAllowsNaNForAbsentClasses() {
        assertEquals(2, withMiou(0.4, new double[] {0.4, Double.NaN}).classCount());
        var e = assertThrows(IllegalArgumentException.class, () -> withMiou(1.5, new double[0]));
        assertTrue(e.getMessage().contains("a seed 1 round 0") && e.getMessage().contains("mIoU"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> withMiou(Double.NaN, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> withMiou(0.4, new double[] {-0.1}));
        assertThrows(IllegalArgumentException.class, () -> new RoundRecord("a", 1, 0, 200, 100, 0.1, 1, 1, 0.4, 0.5,
                new double[0], 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RoundRecord(" ", 1, 0, 10, 100, 0.1, 1, 1, 0.4, 0.5,
                new double[0], 1, 1, 0));
    }

    @Test
    void recordsCopyTheirArraysAndCompareByValue() {
        double[] iou = {0.4, Double.NaN};
        RoundRecord r = withMiou(0.4, iou);
        iou[0] = 0.9;
        assertEquals(0.4, r.classIou(0));
        assertNotSame(r.classIou(), r.classIou());
        assertEquals(withMiou(0.4, new double[] {0.4, Double.NaN}), r);
        assertEquals(withMiou(0.4, new double[] {0.4, Double.NaN}).hashCode(), r.hashCode());

        BitSet sel = new BitSet();
        sel.set(3);
        Overlay o = new Overlay("a", 1, 0, "f", 2, 2, new byte[12], new BitSet(), sel);
        sel.set(0);
        assertEquals(1, o.selectedThisRound().cardinality());
    }

    @Test
    void overlayChecksSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> new Overlay("a", 1, 0, "f", 2, 2, new byte[11], new BitSet(), new BitSet()));
        BitSet outside = new BitSet();
        outside.set(4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Overlay("a", 1, 0, "f", 2, 2, new byte[12], outside, new BitSet()));
        assertTrue(e.getMessage().contains("frame f"), e.getMessage());
    }

    @Test
    void runReportChecksClassCountsAndFullySupervisedMiou() {
        RoundRecord r = withMiou(0.4, new double[] {0.4, 0.4});
        assertThrows(IllegalArgumentException.class,
                () -> new RunReport("t", List.of("one"), List.of(r), Double.NaN, List.of(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new RunReport("t", List.of("a", "b"), List.of(r), 1.2, List.of(), Map.of()));
        RunReport ok = new RunReport("t", List.of("a", "b"), List.of(r), 0.8, List.of(), Map.of());
        assertEquals(0.76, ok.targetMiou(0.95).getAsDouble(), 1e-12);
        assertTrue(new RunReport("t", List.of("a", "b"), List.of(r), Double.NaN, List.of(), Map.of())
                .targetMiou(0.95).isEmpty());
    }
}
