package org.activeseg.report;

import java.util.Objects;

/**
 * What the model that made a selection saw in the frame: its prediction (train ids per pixel) and its
 * uncertainty (softmax entropy over ln C, in [0, 1], per pixel), both y * width + x.
 *
 * @param round the round whose model this is (the one that scored the selection: the previous round's)
 */
public record ModelView(int round, byte[] prediction, float[] uncertainty) {
    public ModelView {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(uncertainty, "uncertainty");
        if (prediction.length != uncertainty.length) {
            throw new IllegalArgumentException("prediction has " + prediction.length + " pixels, uncertainty "
                    + uncertainty.length);
        }
        prediction = prediction.clone();
        uncertainty = uncertainty.clone();
    }

    @Override
    public byte[] prediction() {
        return prediction.clone();
    }

    @Override
    public float[] uncertainty() {
        return uncertainty.clone();
    }
}
