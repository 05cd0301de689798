package org.activeseg.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The published results of a run, one row per strategy: the labelled fraction needed to reach
 * {@code targetRatio} (95 %) of the fully supervised mIoU, on the mean curve and per seed; the mIoU at
 * fixed budgets (mean, spread and seeds); and the mIoU of the last round all seeds reached.
 * {@link ResultsJson} and {@link HtmlReport} both render this one computation.
 *
 * @param targetMiou empty where the fully supervised mIoU is unknown (then no row has a fraction)
 */
public record ResultsTable(double targetRatio, OptionalDouble targetMiou, List<Double> budgets, List<Row> rows) {

    /** The budgets reported when none are given: 5, 10 and 20 % of the pool labelled. */
    public static final List<Double> DEFAULT_BUDGETS = List.of(0.05, 0.10, 0.20);
    /** The share of the fully supervised mIoU a strategy is asked to reach. */
    public static final double DEFAULT_TARGET_RATIO = 0.95;

    /**
     * @param fractionToTarget fraction where the mean curve reaches the target; empty if it does not or the
     *                         target is unknown
     * @param fractionToTargetPerSeed the same on each seed's own curve (empty where the target is unknown)
     * @param atBudgets one entry per budget, in budget order; empty outside the measured range
     * @param lastCommon the last round that every seed of the strategy reached (the first round if none did)
     */
    public record Row(String strategy, List<Long> seeds, OptionalDouble fractionToTarget,
            Map<Long, OptionalDouble> fractionToTargetPerSeed, List<Optional<LearningCurves.AtBudget>> atBudgets,
            LearningCurves.Point lastCommon) {

        public Row {
            seeds = List.copyOf(seeds);
            fractionToTargetPerSeed = Collections.unmodifiableMap(new LinkedHashMap<>(fractionToTargetPerSeed));
            atBudgets = List.copyOf(atBudgets);
        }
    }

    public ResultsTable {
        budgets = List.copyOf(budgets);
        rows = List.copyOf(rows);
    }

    /** Reads the table off {@code curves}; budgets are fractions in (0, 1]. */
    public static ResultsTable of(RunReport report, LearningCurves curves, List<Double> budgets, double targetRatio) {
        if (!(targetRatio > 0.0 && targetRatio <= 1.0)) {
            throw new IllegalArgumentException("target ratio " + targetRatio + " is not in (0, 1]");
        }
        for (double b : budgets) {
            if (!(b > 0.0 && b <= 1.0)) {
                throw new IllegalArgumentException("budget " + b + " is not a fraction in (0, 1]");
            }
        }
        OptionalDouble target = report.targetMiou(targetRatio);
        List<Row> rows = new ArrayList<>();
        for (String s : curves.strategies()) {
            List<Long> seeds = curves.seeds(s);
            OptionalDouble reach = target.isPresent() ? curves.fractionToReach(s, target.getAsDouble()) : OptionalDouble.empty();
            Map<Long, OptionalDouble> perSeed = target.isPresent()
                    ? curves.fractionToReachPerSeed(s, target.getAsDouble()) : Map.of();
            List<Optional<LearningCurves.AtBudget>> at = budgets.stream().map(b -> curves.miouAtBudget(s, b)).toList();
            List<LearningCurves.Point> curve = curves.curve(s);
            LearningCurves.Point last = curve.getFirst();
            for (LearningCurves.Point p : curve) {
                if (p.seeds() == seeds.size()) {
                    last = p;
                }
            }
            rows.add(new Row(s, seeds, reach, perSeed, at, last));
        }
        return new ResultsTable(targetRatio, target, budgets, rows);
    }
}
