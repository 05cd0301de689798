package org.activeseg.model.augment;

import org.activeseg.data.Frame;

/**
 * Turns interleaved 8-bit RGB into the network's input: CHW floats {@code (v / 255 - mean[c]) / std[c]},
 * as torchvision's ToTensor + Normalize with the ImageNet statistics that ViewAL's (and DeepLab's)
 * pretrained backbones expect.
 */
public record ImageNormalization(float[] mean, float[] std) {

    public static final ImageNormalization IMAGENET =
            new ImageNormalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    public ImageNormalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("normalisation needs 3 means and 3 standard deviations");
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("normalisation standard deviations must be finite and > 0");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() { return mean.clone(); }

    @Override
    public float[] std() { return std.clone(); }

    /** Normalised (3, H, W) image from interleaved (H, W, 3) RGB bytes. */
    public float[] image(byte[] rgb, int width, int height) {
        int p = width * height;
        if (rgb.length != 3 * p) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " bytes, expected " + 3 * p + " for " + width + "x"
                    + height);
        }
        float[] out = new float[3 * p];
        for (int c = 0; c < 3; c++) {
            float m = mean[c];
            float s = std[c];
            for (int i = 0; i < p; i++) {
                out[c * p + i] = ((rgb[3 * i + c] & 0xFF) / 255f - m) / s;
            }
        }
        return out;
    }

    /** The training sample of a labelled frame (labels are shared, not copied). */
    public TrainingSample sample(Frame frame) {
        if (!frame.hasLabels()) {
            throw new IllegalArgumentException("frame " + frame.id() + " has no labels to train on");
        }
        return new TrainingSample(3, frame.width(), frame.height(), image(frame.rgb(), frame.width(), frame.height()),
                frame.labels());
    }
}
