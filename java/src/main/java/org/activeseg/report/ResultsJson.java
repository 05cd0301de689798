package org.activeseg.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * results.json: the run's configuration, the published results ({@link ResultsTable}), each strategy's
 * mean curve and every round record. Fractions and mIoUs are in [0, 1]; null stands for NaN, "unknown"
 * or "not reached", and the explicit {@code target_reached} flag tells "not reached" (false) from "no
 * target" (null).
 *
 * <pre>
 * {"title", "classes": [...], "configuration": {...},
 *  "fully_supervised_miou", "target_ratio", "target_miou", "budgets": [...],
 *  "strategies": [{"strategy", "seeds": [...], "target_reached", "fraction_to_target",
 *                  "fraction_to_target_per_seed": {"seed": f|null}, "miou_at_budget": [{...}],
 *                  "last_common_round": {...}, "curve": [{"round", "seeds", "labelled_fraction",
 *                  "miou_mean", "miou_std", "miou_min", "miou_max"}]}],
 *  "rounds": [{one object per RoundRecord, class IoUs by class name}]}
 * </pre>
 */
public final class ResultsJson {
    private ResultsJson() {}

    public static String render(RunReport report, LearningCurves curves, ResultsTable table) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("title", report.title());
        doc.put("classes", report.classNames());
        doc.put("configuration", report.configuration());
        doc.put("fully_supervised_miou", report.fullySupervisedMiou());
        doc.put("provenance", report.provenance());
        doc.put("target_ratio", table.targetRatio());
        doc.put("target_miou", orNull(table.targetMiou()));
        doc.put("budgets", table.budgets());
        List<Object> strategies = new ArrayList<>();
        for (ResultsTable.Row row : table.rows()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("strategy", row.strategy());
            s.put("seeds", row.seeds());
            s.put("target_reached", table.targetMiou().isEmpty() ? null : row.fractionToTarget().isPresent());
            s.put("fraction_to_target", orNull(row.fractionToTarget()));
            Map<String, Object> perSeed = new LinkedHashMap<>();
            row.fractionToTargetPerSeed().forEach((seed, f) -> perSeed.put(Long.toString(seed), orNull(f)));
            s.put("fraction_to_target_per_seed", perSeed);
            List<Object> budgets = new ArrayList<>();
            for (int i = 0; i < table.budgets().size(); i++) {
                budgets.add(budget(table.budgets().get(i), row.atBudgets().get(i)));
            }
            s.put("miou_at_budget", budgets);
            s.put("last_common_round", point(row.lastCommon()));
            s.put("area_under_curve", curves.normalisedArea(row.strategy()));
            s.put("curve", curves.curve(row.strategy()).stream().map(ResultsJson::point).toList());
            strategies.add(s);
        }
        doc.put("strategies", strategies);
        List<Object> rounds = new ArrayList<>();
        for (RoundRecord r : report.rounds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("strategy", r.strategy());
            m.put("seed", r.seed());
            m.put("round", r.round());
            m.put("labelled_pixels", r.labelledPixels());
            m.put("pool_pixels", r.poolPixels());
            m.put("labelled_fraction", r.labelledFraction());
            m.put("regions", r.regions());
            m.put("frames_touched", r.framesTouched());
            m.put("miou", r.miou());
            m.put("pixel_accuracy", r.pixelAccuracy());
            Map<String, Object> iou = new LinkedHashMap<>();
            for (int c = 0; c < r.classCount(); c++) {
                iou.put(report.classNames().get(c), r.classIou(c));
            }
            m.put("class_iou", iou);
            m.put("scoring_ms_per_frame", r.scoringMillisPerFrame());
            m.put("training_s", r.trainingSeconds());
            m.put("peak_memory_bytes", r.peakMemoryBytes());
            rounds.add(m);
        }
        doc.put("rounds", rounds);
        return Json.write(doc);
    }

    private static Map<String, Object> budget(double fraction, Optional<LearningCurves.AtBudget> at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fraction", fraction);
        m.put("measured", at.isPresent());
        m.put("seeds", at.map(LearningCurves.AtBudget::seeds).orElse(null));
        m.put("miou_mean", at.map(LearningCurves.AtBudget::meanMiou).orElse(null));
        m.put("miou_std", at.map(LearningCurves.AtBudget::stdMiou).orElse(null));
        m.put("miou_min", at.map(LearningCurves.AtBudget::minMiou).orElse(null));
        m.put("miou_max", at.map(LearningCurves.AtBudget::maxMiou).orElse(null));
        return m;
    }

    private static Map<String, Object> point(LearningCurves.Point p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", p.round());
        m.put("seeds", p.seeds());
        m.put("labelled_fraction", p.meanFraction());
        m.put("miou_mean", p.meanMiou());
        m.put("miou_std", p.stdMiou());
        m.put("miou_min", p.minMiou());
        m.put("miou_max", p.maxMiou());
        return m;
    }

    private static Double orNull(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }
}
