package org.activeseg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ResultsJsonTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> render(RunReport run, List<Double> budgets) {
        LearningCurves curves = LearningCurves.of(run.rounds());
        ResultsTable table = ResultsTable.of(run, curves, budgets, 0.95);
        return (Map<String, Object>) Json.parse(ResultsJson.render(run, curves, table));
    }

    @Test
    @SuppressWarnings("unchecked")
    void carriesConfigurationTargetFractionsBudgetsAndRounds() {
        RunReport run = SampleRuns.twoStrategies();
        Map<String, Object> doc = render(run, List.of(0.05, 0.15, 0.5));
        assertEquals(run.title(), doc.get("title"));
        assertEquals("synthetic <rooms>", ((Map<String, Object>) doc.get("configuration")).get("dataset"));
        assertEquals(0.57, (Double) doc.get("target_miou"), 1e-12);
        List<Map<String, Object>> strategies = (List<Map<String, Object>>) doc.get("strategies");
        assertEquals(List.of("random", SampleRuns.HOSTILE), strategies.stream().map(s -> s.get("strategy")).toList());

        Map<String, Object> random = strategies.get(0);
        assertEquals(Boolean.FALSE, random.get("target_reached"));
        // mean curve (1 %, 0.31), (5 %, 0.41), (10 %, 0.46), (20 %, 0.52): trapezoids over the 19 % it spans
        assertEquals((0.04 * 0.36 + 0.05 * 0.435 + 0.10 * 0.49) / 0.19, (Double) random.get("area_under_curve"), 1e-9);
        assertNull(random.get("fraction_to_target"));
        Map<String, Object> hostile = strategies.get(1);
        assertEquals(Boolean.TRUE, hostile.get("target_reached"));
        assertEquals(0.05 + 0.05 * 6.0 / 7.0, (Double) hostile.get("fraction_to_target"), 1e-9);
        assertEquals(0.0875, (Double) ((Map<String, Object>) hostile.get("fraction_to_target_per_seed")).get("3"), 1e-9);
        assertEquals(List.of(1L, 2L, 3L), hostile.get("seeds"));

        List<Map<String, Object>> budgets = (List<Map<String, Object>>) random.get("miou_at_budget");
        assertEquals(3, budgets.size());
        assertEquals(0.41, (Double) budgets.get(0).get("miou_mean"), 1e-12);
        assertEquals(Math.sqrt(2e-4), (Double) budgets.get(0).get("miou_std"), 1e-12);
        assertEquals(2L, budgets.get(0).get("seeds"));
        // 15 %: seed curves 0.45 -> 0.50 and 0.47 -> 0.54 halfway: 0.475 and 0.505
        assertEquals(0.49, (Double) budgets.get(1).get("miou_mean"), 1e-12);
        assertEquals(Boolean.FALSE, budgets.get(2).get("measured"), "50 % is beyond the 20 % measured");
        assertNull(budgets.get(2).get("miou_mean"));

        List<Map<String, Object>> rounds = (List<Map<String, Object>>) doc.get("rounds");
        assertEquals(run.rounds().size(), rounds.size());
        Map<String, Object> iou = (Map<String, Object>) rounds.getFirst().get("class_iou");
        assertEquals(List.of("wall", "floor", "chair, \"office\""), List.copyOf(iou.keySet()));
        assertNull(iou.get("chair, \"office\""), "NaN class IoU is null");
        assertNull(rounds.getFirst().get("training_s"), "round 0 trains nothing here");
    }

    @Test
    @SuppressWarnings("unchecked")
    void unknownFullySupervisedMiouLeavesTheTargetNullNotFalse() {
        RunReport sample = SampleRuns.twoStrategies();
        RunReport run = new RunReport(sample.title(), sample.classNames(), sample.rounds(), Double.NaN, List.of(),
                sample.configuration());
        Map<String, Object> doc = render(run, ResultsTable.DEFAULT_BUDGETS);
        assertNull(doc.get("target_miou"));
        assertTrue(doc.containsKey("fully_supervised_miou"));
        for (Map<String, Object> s : (List<Map<String, Object>>) doc.get("strategies")) {
            assertTrue(s.containsKey("target_reached"));
            assertNull(s.get("target_reached"));
            assertFalse(Boolean.TRUE.equals(s.get("target_reached")));
        }
    }
}
