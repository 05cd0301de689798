package org.activeseg.loop.state;

import java.util.Arrays;

/**
 * What one round of a track achieved, evaluated on the test split.
 *
 * @param labelledPixels        pixels labelled so far (all rounds)
 * @param poolPixels            pixels in the unlabelled pool at round 0 (the denominator)
 * @param labelledFraction      labelledPixels / poolPixels, in [0, 1]
 * @param regions               units (clicks, superpixels, windows, frames) labelled so far
 * @param framesTouched         frames with at least one labelled pixel
 * @param miou                  mean IoU over the classes present, in [0, 1]
 * @param pixelAccuracy         fraction of valid test pixels predicted right, in [0, 1]
 * @param classIou              IoU per class, NaN for classes absent from prediction and truth
 * @param scoringMillisPerFrame scoring time per pool frame in this round, NaN where nothing was scored
 * @param trainingSeconds       training time of this round
 * @param peakMemoryBytes       peak memory of the round (the backend's measure: heap or device)
 */
public record RoundMetrics(long labelledPixels, long poolPixels, double labelledFraction, long regions,
                           int framesTouched, double miou, double pixelAccuracy, double[] classIou,
                           double scoringMillisPerFrame, double trainingSeconds, long peakMemoryBytes) {

    public RoundMetrics {
        if (labelledPixels < 0 || poolPixels < 0 || regions < 0 || framesTouched < 0 || peakMemoryBytes < 0) {
            throw new IllegalArgumentException("counts must be >= 0: labelledPixels=" + labelledPixels + ", poolPixels="
                    + poolPixels + ", regions=" + regions + ", framesTouched=" + framesTouched + ", peakMemoryBytes="
                    + peakMemoryBytes);
        }
        unit("labelledFraction", labelledFraction);
        unit("miou", miou);
        unit("pixelAccuracy", pixelAccuracy);
        classIou = classIou.clone();
        for (int c = 0; c < classIou.length; c++) {
            if (!Double.isNaN(classIou[c])) {
                unit("classIou[" + c + "]", classIou[c]);
            }
        }
        if (!(Double.isNaN(scoringMillisPerFrame) || scoringMillisPerFrame >= 0 && scoringMillisPerFrame < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("scoringMillisPerFrame must be NaN or finite >= 0, got " + scoringMillisPerFrame);
        }
        if (!(trainingSeconds >= 0 && trainingSeconds < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("trainingSeconds must be finite >= 0, got " + trainingSeconds);
        }
    }

    private static void unit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }

    /** IoU per class (a copy). */
    @Override
    public double[] classIou() {
        return classIou.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoundMetrics m
                && labelledPixels == m.labelledPixels && poolPixels == m.poolPixels
                && Double.compare(labelledFraction, m.labelledFraction) == 0 && regions == m.regions
                && framesTouched == m.framesTouched && Double.compare(miou, m.miou) == 0
                && Double.compare(pixelAccuracy, m.pixelAccuracy) == 0 && Arrays.equals(classIou, m.classIou)
                && Double.compare(scoringMillisPerFrame, m.scoringMillisPerFrame) == 0
                && Double.compare(trainingSeconds, m.trainingSeconds) == 0 && peakMemoryBytes == m.peakMemoryBytes;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(labelledPixels) + 17 * Double.hashCode(miou) + Arrays.hashCode(classIou);
    }

    @Override
    public String toString() {
        return "RoundMetrics[labelledPixels=" + labelledPixels + ", poolPixels=" + poolPixels + ", labelledFraction="
                + labelledFraction + ", regions=" + regions + ", framesTouched=" + framesTouched + ", miou=" + miou
                + ", pixelAccuracy=" + pixelAccuracy + ", classIou=" + Arrays.toString(classIou)
                + ", scoringMillisPerFrame=" + scoringMillisPerFrame + ", trainingSeconds=" + trainingSeconds
                + ", peakMemoryBytes=" + peakMemoryBytes + "]";
    }
}
