package org.activeseg.acquisition.viewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.AcquisitionResult.Selection;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.MapSink;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.junit.jupiter.api.Test;

/** The viewal method end to end on small random scenes: budget, labelled superpixels, maps, compat, errors. */
class ViewAlMethodTest {
    static final ReferenceScoringBackend BACKEND = new ReferenceScoringBackend();

    static AcquisitionRequest request(SyntheticScenes s, Budget budget, boolean compat, Map<String, String> params,
                                      LabelState labelled, MapSink maps) {
        return new AcquisitionRequest(s.dataset, s.dataset.frameIds(), s.source(), budget, compat, params, labelled,
                BACKEND, maps, 0);
    }

    @Test
    void respectsBudgetAndNeverSelectsLabelled() throws IOException {
        SyntheticScenes s = new SyntheticScenes(7, new int[] {3, 2}, 4, 2);
        AcquisitionResult first = new ViewAlMethod().run(request(s, Budget.pixels(150), false, Map.of(),
                LabelState.empty(), MapSink.NONE));
        // label the first three winners and run again: none of them may come back
        LabelState labelled = LabelState.empty();
        for (Selection sel : first.selection().subList(0, 3)) {
            labelled.labelSuperpixel(sel.frame(), sel.unit(), new BitSet());
        }
        AcquisitionResult second = new ViewAlMethod().run(request(s, Budget.pixels(150), false, Map.of(), labelled,
                MapSink.NONE));
        for (AcquisitionResult r : List.of(first, second)) {
            long total = 0;
            for (Selection sel : r.selection()) {
                assertTrue(total < 150, "selection continued after reaching the budget");
                total += sel.pixels();
            }
            assertTrue(total >= 150, "stopped before the budget: " + total);
            assertEquals(r.selection().size(), r.selection().stream().map(x -> x.frame() + "/" + x.unit()).distinct().count(),
                    "a superpixel was selected twice");
        }
        for (Selection sel : second.selection()) {
            assertFalse(labelled.isSuperpixelLabelled(sel.frame(), sel.unit()), "selected labelled " + sel);
        }
        assertEquals(5, first.frames().size());
        assertEquals(1.0, first.parameters().get("world_distance_threshold"));
        assertEquals(0.25, first.parameters().get("overlap_threshold"));
        assertEquals(false, first.parameters().get("truncate_vd"));
        assertEquals(false, first.parameters().get("project_invalid_depth"));
        assertEquals(false, first.parameters().get("mask_gt_ignore"));
        assertEquals(2, first.parameters().get("mc_samples"));
        assertEquals("viewal", first.method());
    }

    @Test
    void frameScoreIsTheLargestSuperpixelViewEntropy() throws IOException {
        SyntheticScenes s = new SyntheticScenes(8, new int[] {3}, 3, 1);
        AcquisitionResult r = new ViewAlMethod().run(request(s, Budget.fraction(0.1), false, Map.of(),
                LabelState.empty(), MapSink.NONE));
        for (AcquisitionResult.FrameScore f : r.frames()) {
            double max = f.superpixels().stream().mapToDouble(AcquisitionResult.SuperpixelScore::viewEntropy).max().orElseThrow();
            assertEquals(max, f.score());
            f.superpixels().forEach(x -> assertEquals(x.viewEntropy(), x.score()));
            assertTrue(max > 0);
        }
    }

    @Test
    void compatZeroesGroundTruthIgnorePixelsOnlyInCompat() throws IOException {
        SyntheticScenes s = new SyntheticScenes(9, new int[] {3}, 3, 2);
        Map<String, float[]> plain = new HashMap<>();
        Map<String, float[]> compat = new HashMap<>();
        new ViewAlMethod().run(request(s, Budget.fraction(0.1), false, Map.of(), LabelState.empty(),
                (f, m, v, w, h) -> plain.put(f + "/" + m, v.clone())));
        AcquisitionResult c = new ViewAlMethod().run(request(s, Budget.fraction(0.1), true, Map.of(), LabelState.empty(),
                (f, m, v, w, h) -> compat.put(f + "/" + m, v.clone())));
        assertEquals(true, c.parameters().get("truncate_vd"));
        assertEquals(true, c.parameters().get("mask_gt_ignore"));
        assertEquals(true, c.parameters().get("project_invalid_depth"));
        int ignored = 0;
        for (String id : s.dataset.frameIds()) {
            Frame f = s.dataset.frame(id);
            float[] ve = plain.get(id + "/view_entropy");
            float[] veCompat = compat.get(id + "/view_entropy");
            float[] vdCompat = compat.get(id + "/view_divergence");
            assertTrue(java.util.Arrays.equals(ve, plain.get(id + "/score")));
            for (int i = 0; i < f.pixels(); i++) {
                if (f.label(i) == Frame.IGNORE) {
                    ignored++;
                    assertEquals(0f, veCompat[i]);
                    assertEquals(0f, vdCompat[i]);
                    assertTrue(ve[i] > 0 || f.depth()[i] == 0, "the default must not read the ground truth");
                }
            }
        }
        assertTrue(ignored > 0);
    }

    @Test
    void errorsNameTheFrameOrParameter() {
        SyntheticScenes s = new SyntheticScenes(10, new int[] {2}, 3, 1);
        String id = s.dataset.frameIds().getFirst();
        Dataset noSpx = new Dataset(s.dataset.root(), s.dataset.scenes(), s.dataset.splits(), s.dataset.classNames(),
                f -> {
                    Frame fr = s.dataset.frame(f);
                    return f.equals(id) ? fr.withSuperpixels(null) : fr;
                });
        AcquisitionRequest r = new AcquisitionRequest(noSpx, noSpx.frameIds(), s.source(), Budget.fraction(0.1), false,
                Map.of(), LabelState.empty(), BACKEND, MapSink.NONE, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ViewAlMethod().run(r));
        assertTrue(e.getMessage().contains(id) && e.getMessage().contains("superpixels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ViewAlMethod().run(request(s, Budget.fraction(0.1),
                false, Map.of("overlap", "0.3"), LabelState.empty(), MapSink.NONE)));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ViewAlMethod().run(request(s, Budget.fraction(0.1),
                false, Map.of("truncate_vd", "yes"), LabelState.empty(), MapSink.NONE)));
        assertTrue(e.getMessage().contains("truncate_vd"), e.getMessage());
    }
}
