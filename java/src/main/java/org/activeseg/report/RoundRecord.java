package org.activeseg.report;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one round of one strategy under one seed measured: the labelled share of the pool after the
 * round's selection, the test-split metrics of the model trained on it, and the round's cost.
 *
 * <p>Fractions and IoUs are in [0, 1]. A {@code classIou} entry is NaN where the class is absent from
 * the test split (it then takes no part in the mIoU). {@code scoringMillisPerFrame} and
 * {@code trainingSeconds} are NaN where the round did not measure them (round 0 scores nothing);
 * {@code peakMemoryBytes} is 0 where it was not measured. The array is copied in and out.
 */
public record RoundRecord(String strategy, long seed, int round, long labelledPixels, long poolPixels,
        double labelledFraction, long regions, int framesTouched, double miou, double pixelAccuracy,
        double[] classIou, double scoringMillisPerFrame, double trainingSeconds, long peakMemoryBytes) {

    public RoundRecord {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(classIou, "classIou");
        String where = strategy + " seed " + seed + " round " + round;
        if (strategy.isBlank()) {
            throw new IllegalArgumentException("round record: strategy name is blank (seed " + seed + " round " + round + ")");
        }
        if (round < 0) {
            throw new IllegalArgumentException(where + ": round must be >= 0");
        }
        if (poolPixels <= 0 || labelledPixels < 0 || labelledPixels > poolPixels) {
            throw new IllegalArgumentException(where + ": labelled pixels " + labelledPixels + " of a pool of "
                    + poolPixels + " (need 0 <= labelled <= pool, pool > 0)");
        }
        unit(where, "labelled fraction", labelledFraction);
        unit(where, "mIoU", miou);
        unit(where, "pixel accuracy", pixelAccuracy);
        if (regions < 0 || framesTouched < 0) {
            throw new IllegalArgumentException(where + ": regions " + regions + " and frames touched "
                    + framesTouched + " must be >= 0");
        }
        classIou = classIou.clone();
        for (int c = 0; c < classIou.length; c++) {
            if (!Double.isNaN(classIou[c])) {
                unit(where, "IoU of class " + c, classIou[c]);
            }
        }
        notNegative(where, "scoring ms per frame", scoringMillisPerFrame);
        notNegative(where, "training seconds", trainingSeconds);
        if (peakMemoryBytes < 0) {
            throw new IllegalArgumentException(where + ": peak memory " + peakMemoryBytes + " bytes is negative");
        }
    }

    private static void unit(String where, String what, double v) {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException(where + ": " + what + " " + v + " is not in [0, 1]");
        }
    }

    private static void notNegative(String where, String what, double v) {
        if (!Double.isNaN(v) && !(v >= 0.0 && v < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(where + ": " + what + " " + v + " must be NaN (not measured) or finite >= 0");
        }
    }

    @Override
    public double[] classIou() {
        return classIou.clone();
    }

    /** The IoU of one class without copying the array (NaN = class absent from the test split). */
    public double classIou(int c) {
        return classIou[c];
    }

    public int classCount() {
        return classIou.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoundRecord r && strategy.equals(r.strategy) && seed == r.seed && round == r.round
                && labelledPixels == r.labelledPixels && poolPixels == r.poolPixels
                && Double.compare(labelledFraction, r.labelledFraction) == 0 && regions == r.regions
                && framesTouched == r.framesTouched && Double.compare(miou, r.miou) == 0
                && Double.compare(pixelAccuracy, r.pixelAccuracy) == 0 && Arrays.equals(classIou, r.classIou)
                && Double.compare(scoringMillisPerFrame, r.scoringMillisPerFrame) == 0
                && Double.compare(trainingSeconds, r.trainingSeconds) == 0 && peakMemoryBytes == r.peakMemoryBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(strategy, seed, round, labelledPixels, poolPixels, labelledFraction, regions, framesTouched,
                miou, pixelAccuracy, Arrays.hashCode(classIou), scoringMillisPerFrame, trainingSeconds, peakMemoryBytes);
    }

    @Override
    public String toString() {
        return "RoundRecord[" + strategy + " seed " + seed + " round " + round + ": fraction " + labelledFraction
                + ", mIoU " + miou + ", classIou " + Arrays.toString(classIou) + "]";
    }
}
