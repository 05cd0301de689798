package org.activeseg.model.net;

import java.util.Arrays;

/**
 * A classes x classes confusion matrix (rows ground truth, columns prediction) over the pixels
 * whose label is not ignore (255), and the metrics read from it: per-class IoU
 * {@code TP / (TP + FP + FN)} (NaN for a class that neither occurs nor is predicted), mIoU as the
 * mean over the non-NaN classes (numpy's nanmean, as ViewAL's evaluator), and pixel accuracy.
 */
public final class ConfusionMatrix {
    private final int classes;
    private final long[] counts;

    public ConfusionMatrix(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("confusion matrix needs >= 1 class, got " + classes);
        }
        this.classes = classes;
        this.counts = new long[classes * classes];
    }

    public int classes() { return classes; }

    /** Adds one frame: {@code labels} (255 = ignore) against {@code predictions}, pixel by pixel. */
    public void add(String frame, byte[] labels, int[] predictions) {
        if (labels.length != predictions.length) {
            throw new IllegalArgumentException("frame " + frame + ": " + labels.length + " labels but " + predictions.length
                    + " predictions");
        }
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i] & 0xFF;
            if (y == 255) {
                continue;
            }
            int p = predictions[i];
            if (y >= classes || p < 0 || p >= classes) {
                throw new IllegalArgumentException("frame " + frame + ", pixel " + i + ": label " + y + " / prediction " + p
                        + " outside 0.." + (classes - 1));
            }
            counts[y * classes + p]++;
        }
    }

    public long count(int truth, int predicted) { return counts[truth * classes + predicted]; }

    public long total() { return Arrays.stream(counts).sum(); }

    public double[] classIou() {
        double[] iou = new double[classes];
        for (int c = 0; c < classes; c++) {
            long tp = counts[c * classes + c];
            long row = 0;
            long col = 0;
            for (int k = 0; k < classes; k++) {
                row += counts[c * classes + k];
                col += counts[k * classes + c];
            }
            long union = row + col - tp;
            iou[c] = union == 0 ? Double.NaN : (double) tp / union;
        }
        return iou;
    }

    /** Mean IoU over the classes that occur or are predicted; NaN when nothing was counted. */
    public double meanIou() {
        double sum = 0;
        int n = 0;
        for (double v : classIou()) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    public double pixelAccuracy() {
        long tp = 0;
        for (int c = 0; c < classes; c++) {
            tp += counts[c * classes + c];
        }
        long t = total();
        return t == 0 ? Double.NaN : (double) tp / t;
    }
}
