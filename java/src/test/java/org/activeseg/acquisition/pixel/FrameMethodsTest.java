package org.activeseg.acquisition.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.activeseg.acquisition.AcquisitionMethod;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.AcquisitionResult.Selection;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.Granularity;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.MapSink;
import org.activeseg.acquisition.ProbabilitySource;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

/**
 * The frame-level methods on four 2x2 frames of two classes whose ranking is known by hand:
 * f0 uniform (0.5, 0.5), f1 (0.9, 0.1), f2 one-hot, f3 (0.6, 0.4); so every uncertainty
 * method orders them f0, f3, f1, f2. Checks scores, order, the budget rule, labelled frames,
 * compat GT masking (and that the default never loads a frame), maps, MC methods and random.
 */
class FrameMethodsTest {
    private static final int W = 2;
    private static final int H = 2;
    private static final int P = W * H;
    private static final List<String> POOL = List.of("s_f0", "s_f1", "s_f2", "s_f3");
    private static final double[] FIRST_CLASS = {0.5, 0.9, 1.0, 0.6};

    private final AtomicInteger frameLoads = new AtomicInteger();
    private final Map<String, byte[]> labels = new HashMap<>();

    private Dataset dataset() {
        return new Dataset(Path.of("mem"), List.of(new Scene("s", POOL)), new Splits(POOL, List.of(), List.of(), List.of()),
                List.of("a", "b"), id -> {
                    frameLoads.incrementAndGet();
                    return new Frame(id, "s", W, H, new byte[3 * P], new float[P], new Intrinsics(1, 1, 0, 0),
                            Pose.identity(), labels.get(id), null);
                });
    }

    /** T samples per frame; sample t of frame f: first class q_f, or alternating one-hot when {@code disagree}. */
    private static ProbabilitySource source(int samples, boolean disagree) {
        return new ProbabilitySource() {
            @Override
            public FloatTensor load(String id) {
                int f = POOL.indexOf(id);
                float[] v = new float[samples * 2 * P];
                for (int t = 0; t < samples; t++) {
                    double q = disagree && f == 3 ? t % 2 : FIRST_CLASS[f];
                    for (int i = 0; i < P; i++) {
                        v[(t * 2) * P + i] = (float) q;
                        v[(t * 2 + 1) * P + i] = (float) (1 - q);
                    }
                }
                return FloatTensor.of(v, samples, 2, P);
            }

            @Override
            public int classes() {
                return 2;
            }
        };
    }

    private AcquisitionResult run(AcquisitionMethod m, ProbabilitySource src, Budget budget, boolean compat,
                                  Map<String, String> params, LabelState state, MapSink maps, long seed) throws Exception {
        try (ReferenceScoringBackend backend = new ReferenceScoringBackend()) {
            return m.run(new AcquisitionRequest(dataset(), POOL, src, budget, compat, params, state, backend, maps, seed));
        }
    }

    private AcquisitionResult run(AcquisitionMethod m, Budget budget) throws Exception {
        return run(m, source(1, false), budget, false, Map.of(), LabelState.empty(), MapSink.NONE, 0);
    }

    private static List<String> picked(AcquisitionResult r) {
        return r.selection().stream().map(Selection::frame).toList();
    }

    private static double score(AcquisitionResult r, String id) {
        return r.frames().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow().score();
    }

    private static double h2(double q) {
        return -(q * Math.log(q + 1e-12) + (1 - q) * Math.log(1 - q + 1e-12)) / Math.log(2);
    }

    @Test
    void entropyScoresAreFrameMeansRankedDescending() throws Exception {
        AcquisitionResult r = run(new EntropyMethod(), Budget.pixels(16));
        assertEquals(1.0, score(r, "s_f0"), 1e-6);
        assertEquals(h2(0.9), score(r, "s_f1"), 1e-6);
        assertEquals(h2(0.6), score(r, "s_f3"), 1e-6);
        assertEquals(List.of("s_f0", "s_f3", "s_f1", "s_f2"), picked(r));
        assertEquals(Granularity.FRAME, r.selection().get(0).kind());
        assertEquals(P, r.selection().get(0).pixels());
        assertEquals("mean", r.parameters().get("reduction"));
        assertEquals("descending", r.parameters().get("order"));
        assertEquals(0, frameLoads.get(), "the default mode without maps must not load frames (no GT read)");
    }

    @Test
    void confidenceAndMarginRankAscendingByTheirMeans() throws Exception {
        AcquisitionResult lc = run(new LeastConfidenceMethod(), Budget.pixels(16));
        assertEquals(0.6, score(lc, "s_f3"), 1e-6);
        assertEquals(List.of("s_f0", "s_f3", "s_f1", "s_f2"), picked(lc));
        AcquisitionResult mar = run(new MarginMethod(), Budget.pixels(16));
        assertEquals(0.2, score(mar, "s_f3"), 1e-6);
        assertEquals(0.8, score(mar, "s_f1"), 1e-6);
        assertEquals(List.of("s_f0", "s_f3", "s_f1", "s_f2"), picked(mar));
        assertEquals("ascending", mar.parameters().get("order"));
    }

    @Test
    void budgetTakesFramesWhileSelectedIsBelowIt() throws Exception {
        assertEquals(List.of("s_f0"), picked(run(new EntropyMethod(), Budget.pixels(4))));
        // 4 < 5, so a second frame is taken and overshoots to 8
        assertEquals(List.of("s_f0", "s_f3"), picked(run(new EntropyMethod(), Budget.pixels(5))));
        assertEquals(List.of("s_f0", "s_f3"), picked(run(new EntropyMethod(), Budget.pixels(8))));
        assertEquals(List.of("s_f0"), picked(run(new EntropyMethod(), Budget.fraction(0.25))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(new EntropyMethod(), Budget.pixels(17)));
        assertTrue(e.getMessage().contains("17") && e.getMessage().contains("16"), e.getMessage());
    }

    @Test
    void labelledFramesAreNeverSelectedAndPartialFramesCostTheirRest() throws Exception {
        LabelState state = LabelState.empty();
        BitSet all = new BitSet();
        all.set(0, P);
        state.labelPixels("s_f0", all);
        BitSet two = new BitSet();
        two.set(0, 2);
        state.exclude("s_f3", two);
        AcquisitionResult r = run(new EntropyMethod(), source(1, false), Budget.pixels(5), false, Map.of(), state,
                MapSink.NONE, 0);
        assertEquals(List.of("s_f3", "s_f1"), picked(r));
        assertEquals(2, r.selection().get(0).pixels());
        assertEquals(6, r.selection().stream().mapToLong(Selection::pixels).sum());
        // the whole unlabelled pool (12 pixels) selected: f0 still never
        AcquisitionResult everything = run(new EntropyMethod(), source(1, false), Budget.pixels(10), false, Map.of(), state,
                MapSink.NONE, 0);
        assertFalse(picked(everything).contains("s_f0"));
    }

    @Test
    void compatMasksGroundTruthIgnorePixelsAndWritesMaps() throws Exception {
        byte[] ignoreAll = new byte[P];
        Arrays.fill(ignoreAll, (byte) 255);
        labels.put("s_f0", ignoreAll);
        byte[] half = {0, 1, (byte) 255, (byte) 255};
        labels.put("s_f1", half);
        labels.put("s_f2", new byte[P]);
        labels.put("s_f3", new byte[P]);
        List<String> written = new ArrayList<>();
        Map<String, float[]> maps = new HashMap<>();
        MapSink sink = (frame, name, values, w, h) -> {
            written.add(frame + "." + name + " " + w + "x" + h);
            maps.put(frame, values.clone());
        };
        AcquisitionResult r = run(new EntropyMethod(), source(1, false), Budget.pixels(4), true, Map.of(),
                LabelState.empty(), sink, 0);
        assertEquals(0.0, score(r, "s_f0"), 0.0);
        assertEquals(h2(0.9) / 2, score(r, "s_f1"), 1e-6);
        assertEquals(List.of("s_f3"), picked(r));
        assertTrue(written.contains("s_f0.entropy 2x2"), written.toString());
        assertEquals(0f, maps.get("s_f1")[2]);
        assertTrue(r.compat());
        // confidence: ignore pixels become 1, so f0 is the most certain frame with f2
        AcquisitionResult lc = run(new LeastConfidenceMethod(), source(1, false), Budget.pixels(4), true, Map.of(),
                LabelState.empty(), MapSink.NONE, 0);
        assertEquals(1.0, score(lc, "s_f0"), 0.0);
        // without labels compat cannot mask: the frame is named
        labels.remove("s_f2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(new MarginMethod(),
                source(1, false), Budget.pixels(4), true, Map.of(), LabelState.empty(), MapSink.NONE, 0));
        assertTrue(e.getMessage().contains("s_f2"), e.getMessage());
    }

    @Test
    void mcMethodsUseAllSamples() throws Exception {
        ProbabilitySource src = source(4, true);
        AcquisitionResult mc = run(new McEntropyMethod(), src, Budget.pixels(4), false, Map.of(), LabelState.empty(),
                MapSink.NONE, 0);
        // f3's samples alternate one-hot: mean (0.5, 0.5) -> 1 bit per pixel, summed over 4 pixels
        assertEquals(4.0, score(mc, "s_f3"), 1e-5);
        assertEquals(4.0, score(mc, "s_f0"), 1e-5);
        assertEquals("sum", mc.parameters().get("reduction"));
        assertEquals(List.of("s_f0"), picked(mc));
        AcquisitionResult vote = run(new VoteEntropyMethod(), src, Budget.pixels(4), false, Map.of(), LabelState.empty(),
                MapSink.NONE, 0);
        // f0's (0.5, 0.5) samples all vote class 0 (tie -> lowest); f3 votes 2:2 -> 1 bit
        assertEquals(0.0, score(vote, "s_f0"), 1e-9);
        assertEquals(1.0, score(vote, "s_f3"), 1e-6);
        assertEquals(List.of("s_f3"), picked(vote));
        AcquisitionResult bald = run(new BaldMethod(), src, Budget.pixels(4), false, Map.of(), LabelState.empty(),
                MapSink.NONE, 0);
        assertEquals(Math.log(2), score(bald, "s_f3"), 1e-6);
        assertEquals(0.0, score(bald, "s_f0"), 1e-6);
        assertEquals(List.of("s_f3"), picked(bald));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(new BaldMethod(),
                source(1, false), Budget.pixels(4), false, Map.of(), LabelState.empty(), MapSink.NONE, 0));
        assertTrue(e.getMessage().contains("s_f0") && e.getMessage().contains("T = 1"), e.getMessage());
    }

    @Test
    void reductionParameterIsSwappableAndUnknownParametersAreRefused() throws Exception {
        AcquisitionResult r = run(new EntropyMethod(), source(1, false), Budget.pixels(4), false, Map.of("reduction", "sum"),
                LabelState.empty(), MapSink.NONE, 0);
        assertEquals(4.0, score(r, "s_f0"), 1e-6);
        assertEquals("sum", r.parameters().get("reduction"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(new EntropyMethod(),
                source(1, false), Budget.pixels(4), false, Map.of("window", "3"), LabelState.empty(), MapSink.NONE, 0));
        assertTrue(e.getMessage().contains("window"), e.getMessage());
    }

    @Test
    void wrongClassCountNamesTheFrame() {
        ProbabilitySource bad = new ProbabilitySource() {
            @Override
            public FloatTensor load(String id) {
                return FloatTensor.allocate(1, 3, P);
            }

            @Override
            public int classes() {
                return 2;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(new EntropyMethod(), bad,
                Budget.pixels(4), false, Map.of(), LabelState.empty(), MapSink.NONE, 0));
        assertTrue(e.getMessage().contains("s_f0") && e.getMessage().contains("[1, 3, 4]"), e.getMessage());
    }

    @Test
    void randomIsDeterministicPerSeedAndRespectsTheBudget() throws Exception {
        List<List<String>> orders = new ArrayList<>();
        for (long seed = 0; seed < 6; seed++) {
            AcquisitionResult a = run(new RandomMethod(), source(1, false), Budget.pixels(16), false, Map.of(),
                    LabelState.empty(), MapSink.NONE, seed);
            AcquisitionResult b = run(new RandomMethod(), source(1, false), Budget.pixels(16), false, Map.of(),
                    LabelState.empty(), MapSink.NONE, seed);
            assertEquals(picked(a), picked(b), "seed " + seed);
            assertEquals(seed, a.parameters().get("seed"));
            orders.add(picked(a));
        }
        assertNotEquals(1, orders.stream().distinct().count(), "six seeds gave the same order: " + orders);
        LabelState state = LabelState.empty();
        BitSet all = new BitSet();
        all.set(0, P);
        state.labelPixels("s_f2", all);
        for (long seed = 0; seed < 6; seed++) {
            AcquisitionResult r = run(new RandomMethod(), source(1, false), Budget.pixels(5), false, Map.of(), state,
                    MapSink.NONE, seed);
            assertEquals(2, r.selection().size(), "seed " + seed);
            assertFalse(picked(r).contains("s_f2"));
        }
        assertEquals(0, frameLoads.get());
    }
}
