package org.activeseg.report;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small hand-made runs for the report tests. */
final class SampleRuns {
    private SampleRuns() {}

    static final List<String> CLASSES = List.of("wall", "floor", "chair, \"office\"");
    static final long POOL = 10_000;

    /** A record with the given fraction and mIoU; the rest derived or fixed. */
    static RoundRecord record(String strategy, long seed, int round, double fraction, double miou) {
        return new RoundRecord(strategy, seed, round, Math.round(fraction * POOL), POOL, fraction, 10L * round,
                round, miou, Math.min(1.0, miou + 0.2), new double[] {miou, Math.min(1.0, miou + 0.1), Double.NaN},
                round == 0 ? Double.NaN : 1.5, round == 0 ? Double.NaN : 2.0, 64L << 20);
    }

    /**
     * Two strategies over fractions 1, 5, 10, 20 %: "random" (seeds 1, 2) plateaus below 0.57,
     * the HTML-hostile one (seeds 1, 2, 3) climbs to 0.62. Fully supervised mIoU 0.6 (target 0.57).
     */
    static RunReport twoStrategies() {
        double[] f = {0.01, 0.05, 0.10, 0.20};
        List<RoundRecord> rounds = new ArrayList<>();
        double[][] random = {{0.30, 0.40, 0.45, 0.50}, {0.32, 0.42, 0.47, 0.54}};
        double[][] viewal = {{0.30, 0.50, 0.58, 0.62}, {0.31, 0.52, 0.57, 0.61}, {0.32, 0.51, 0.59, 0.63}};
        for (int s = 0; s < random.length; s++) {
            for (int r = 0; r < f.length; r++) {
                rounds.add(record("random", s + 1, r, f[r], random[s][r]));
            }
        }
        for (int s = 0; s < viewal.length; s++) {
            for (int r = 0; r < f.length; r++) {
                rounds.add(record(HOSTILE, s + 1, r, f[r], viewal[s][r]));
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("dataset", "synthetic <rooms>");
        config.put("rounds", 4);
        config.put("budgets", List.of(0.05, 0.1));
        return new RunReport("Run <1> & \"friends\"", CLASSES, rounds, 0.6, List.of(overlay()), config);
    }

    static final String HOSTILE = "viewal <script>alert('x')</script> & co";

    /** A 4x3 frame of mid grey with pixels 0, 1 labelled before and 5, 6 selected. */
    static Overlay overlay() {
        int w = 4;
        int h = 3;
        byte[] rgb = new byte[w * h * 3];
        java.util.Arrays.fill(rgb, (byte) 100);
        BitSet before = new BitSet();
        before.set(0, 2);
        BitSet selected = new BitSet();
        selected.set(5, 7);
        return new Overlay(HOSTILE, 1, 2, "scene0000_00/frame<7>", w, h, rgb, before, selected);
    }
}
