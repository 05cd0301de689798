package org.activeseg.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Learning curves of a run: for each strategy, the mIoU against the labelled fraction, aggregated
 * across seeds round by round, and the two published figures read off them: the labelled fraction a
 * strategy needs to reach a target mIoU, and the mIoU at fixed labelling budgets.
 *
 * <p>Aggregation: the records of one strategy are grouped by round; a round's point is the mean
 * labelled fraction and the mean, sample standard deviation (n - 1; 0 with one seed), minimum and
 * maximum mIoU of the seeds that reached that round ({@link Point#seeds()} says how many).
 *
 * <p>Reading the curves: both figures interpolate linearly between consecutive rounds.
 * {@link #fractionToReach} walks the mean curve in round order and returns the fraction where it
 * first reaches the target. {@link #miouAtBudget} interpolates each seed's own curve at the budget
 * and aggregates across seeds (with equal fractions across seeds, its mean equals the mean curve's
 * value); a budget outside the fractions any seed measured gives no answer rather than an
 * extrapolation. Pure computation: no I/O.
 */
public final class LearningCurves {

    /** Relative slack on a budget at either end of the measured range (float noise in stored fractions). */
    private static final double RANGE_SLACK = 1e-9;

    /** One round of one strategy, aggregated across the seeds that reached it. */
    public record Point(int round, int seeds, double meanFraction, double meanMiou, double stdMiou, double minMiou,
            double maxMiou) {}

    /** The mIoU of one strategy at one labelled fraction, across seeds. */
    public record AtBudget(double fraction, int seeds, double meanMiou, double stdMiou, double minMiou,
            double maxMiou) {}

    /** One seed's curve: fractions non-decreasing in round order. */
    private record SeedCurve(double[] fraction, double[] miou) {}

    private final Map<String, List<Point>> curves;
    private final Map<String, Map<Long, SeedCurve>> seedCurves;

    private LearningCurves(Map<String, List<Point>> curves, Map<String, Map<Long, SeedCurve>> seedCurves) {
        this.curves = curves;
        this.seedCurves = seedCurves;
    }

    /**
     * Aggregates the records. Throws IllegalArgumentException where a (strategy, seed, round) occurs twice
     * or a seed's labelled fraction falls from one round to the next.
     */
    public static LearningCurves of(List<RoundRecord> rounds) {
        // strategy -> seed -> round -> record; strategies in order of first appearance
        Map<String, Map<Long, TreeMap<Integer, RoundRecord>>> byStrategy = new LinkedHashMap<>();
        for (RoundRecord r : rounds) {
            TreeMap<Integer, RoundRecord> bySeed = byStrategy.computeIfAbsent(r.strategy(), k -> new TreeMap<>())
                    .computeIfAbsent(r.seed(), k -> new TreeMap<>());
            if (bySeed.putIfAbsent(r.round(), r) != null) {
                throw new IllegalArgumentException(r.strategy() + " seed " + r.seed() + " round " + r.round()
                        + " is recorded twice");
            }
        }
        Map<String, List<Point>> curves = new LinkedHashMap<>();
        Map<String, Map<Long, SeedCurve>> seedCurves = new LinkedHashMap<>();
        for (var strategy : byStrategy.entrySet()) {
            Map<Long, SeedCurve> perSeed = new TreeMap<>();
            TreeMap<Integer, List<RoundRecord>> byRound = new TreeMap<>();
            for (var seed : strategy.getValue().entrySet()) {
                perSeed.put(seed.getKey(), seedCurve(strategy.getKey(), seed.getKey(), seed.getValue()));
                for (RoundRecord r : seed.getValue().values()) {
                    byRound.computeIfAbsent(r.round(), k -> new ArrayList<>()).add(r);
                }
            }
            List<Point> points = new ArrayList<>();
            for (var round : byRound.entrySet()) {
                List<RoundRecord> rs = round.getValue();
                double[] miou = rs.stream().mapToDouble(RoundRecord::miou).toArray();
                double[] fraction = rs.stream().mapToDouble(RoundRecord::labelledFraction).toArray();
                points.add(new Point(round.getKey(), rs.size(), mean(fraction), mean(miou), sampleStd(miou), min(miou),
                        max(miou)));
            }
            curves.put(strategy.getKey(), List.copyOf(points));
            seedCurves.put(strategy.getKey(), Collections.unmodifiableMap(perSeed));
        }
        return new LearningCurves(Collections.unmodifiableMap(curves), Collections.unmodifiableMap(seedCurves));
    }

    private static SeedCurve seedCurve(String strategy, long seed, TreeMap<Integer, RoundRecord> rounds) {
        double[] f = new double[rounds.size()];
        double[] m = new double[rounds.size()];
        int i = 0;
        RoundRecord previous = null;
        for (RoundRecord r : rounds.values()) {
            if (previous != null && r.labelledFraction() < previous.labelledFraction()) {
                throw new IllegalArgumentException(strategy + " seed " + seed + ": labelled fraction falls from "
                        + previous.labelledFraction() + " (round " + previous.round() + ") to "
                        + r.labelledFraction() + " (round " + r.round() + ")");
            }
            f[i] = r.labelledFraction();
            m[i] = r.miou();
            i++;
            previous = r;
        }
        return new SeedCurve(f, m);
    }

    /** The strategies, in order of their first record. */
    public List<String> strategies() {
        return List.copyOf(curves.keySet());
    }

    /** The seeds of one strategy, ascending. */
    public List<Long> seeds(String strategy) {
        return List.copyOf(seedCurvesOf(strategy).keySet());
    }

    /** The mean curve of one strategy, one point per round, in round order. */
    /**
     * The area under the strategy's mean curve (mIoU against labelled fraction, trapezoids between
     * rounds) divided by the fraction range it spans: the curve's mean mIoU over its measured range,
     * comparable between strategies measured over the same range. NaN for a curve of one point.
     */
    public double normalisedArea(String strategy) {
        List<Point> c = curve(strategy);
        double area = 0;
        for (int i = 1; i < c.size(); i++) {
            area += (c.get(i).meanFraction() - c.get(i - 1).meanFraction())
                    * (c.get(i).meanMiou() + c.get(i - 1).meanMiou()) / 2;
        }
        double span = c.getLast().meanFraction() - c.getFirst().meanFraction();
        return span > 0 ? area / span : Double.NaN;
    }

    public List<Point> curve(String strategy) {
        List<Point> c = curves.get(strategy);
        if (c == null) {
            throw new IllegalArgumentException("no records for strategy '" + strategy + "' (have " + curves.keySet() + ")");
        }
        return c;
    }

    /**
     * The labelled fraction at which the strategy's mean curve first reaches {@code targetMiou}, by linear
     * interpolation between the rounds around the crossing; empty if no round reaches it.
     */
    public OptionalDouble fractionToReach(String strategy, double targetMiou) {
        List<Point> c = curve(strategy);
        return firstCrossing(c.stream().mapToDouble(Point::meanFraction).toArray(),
                c.stream().mapToDouble(Point::meanMiou).toArray(), targetMiou);
    }

    /** {@link #fractionToReach(String, double)} for every strategy, in strategy order. */
    public Map<String, OptionalDouble> fractionToReach(double targetMiou) {
        Map<String, OptionalDouble> out = new LinkedHashMap<>();
        for (String s : curves.keySet()) {
            out.put(s, fractionToReach(s, targetMiou));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The fraction at which each seed's own curve first reaches the target (empty: not reached), by seed. */
    public Map<Long, OptionalDouble> fractionToReachPerSeed(String strategy, double targetMiou) {
        Map<Long, OptionalDouble> out = new LinkedHashMap<>();
        for (var seed : seedCurvesOf(strategy).entrySet()) {
            out.put(seed.getKey(), firstCrossing(seed.getValue().fraction(), seed.getValue().miou(), targetMiou));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The mIoU at labelled fraction {@code fraction}: each seed's curve interpolated there, then mean,
     * sample std, min and max across seeds. Empty where any seed's measured fractions do not cover it.
     */
    public Optional<AtBudget> miouAtBudget(String strategy, double fraction) {
        Map<Long, SeedCurve> perSeed = seedCurvesOf(strategy);
        double[] values = new double[perSeed.size()];
        int i = 0;
        for (SeedCurve c : perSeed.values()) {
            OptionalDouble v = valueAt(c.fraction(), c.miou(), fraction);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            values[i++] = v.getAsDouble();
        }
        return Optional.of(new AtBudget(fraction, values.length, mean(values), sampleStd(values), min(values),
                max(values)));
    }

    private Map<Long, SeedCurve> seedCurvesOf(String strategy) {
        Map<Long, SeedCurve> m = seedCurves.get(strategy);
        if (m == null) {
            throw new IllegalArgumentException("no records for strategy '" + strategy + "' (have " + curves.keySet() + ")");
        }
        return m;
    }

    /**
     * The x at which the polyline (x[i], y[i]), walked in index order, first reaches y >= target: x[0] if
     * the first point already does, else linear interpolation on the first segment that crosses; empty
     * if none does.
     */
    static OptionalDouble firstCrossing(double[] x, double[] y, double target) {
        if (Double.isNaN(target)) {
            throw new IllegalArgumentException("target mIoU is NaN");
        }
        for (int i = 0; i < x.length; i++) {
            if (y[i] >= target) {
                if (i == 0) {
                    return OptionalDouble.of(x[0]);
                }
                // y[i-1] < target <= y[i], so the slope is positive
                double t = (target - y[i - 1]) / (y[i] - y[i - 1]);
                return OptionalDouble.of(x[i - 1] + t * (x[i] - x[i - 1]));
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * The polyline's y at {@code at}, x non-decreasing: linear interpolation on the first segment that
     * contains it (the first point's y where several points share that x); empty outside [x[0], x[n-1]].
     */
    static OptionalDouble valueAt(double[] x, double[] y, double at) {
        if (x.length == 0 || Double.isNaN(at)) {
            return OptionalDouble.empty();
        }
        double slack = RANGE_SLACK * Math.max(1.0, Math.abs(at));
        if (at < x[0] - slack || at > x[x.length - 1] + slack) {
            return OptionalDouble.empty();
        }
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i] - at) <= slack) {
                return OptionalDouble.of(y[i]);
            }
            if (x[i] > at) {
                double t = (at - x[i - 1]) / (x[i] - x[i - 1]);
                return OptionalDouble.of(y[i - 1] + t * (y[i] - y[i - 1]));
            }
        }
        throw new AssertionError("unreachable: " + at + " inside [" + x[0] + ", " + x[x.length - 1] + "]");
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /** Sample standard deviation (n - 1 in the denominator); 0 for a single value. */
    static double sampleStd(double[] v) {
        if (v.length < 2) {
            return 0.0;
        }
        double m = mean(v);
        double ss = 0;
        for (double d : v) {
            ss += (d - m) * (d - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }
}
