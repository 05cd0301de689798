package org.activeseg.model.augment;

/**
 * One training pair as augmentation sees it: a float image in CHW layout (channels, height, width;
 * W contiguous), normally ImageNet-normalised RGB, and its label map (H, W) of train ids as
 * unsigned bytes with {@value #IGNORE} = ignore. Arrays are held, not copied; transforms return new
 * samples and leave their input untouched.
 */
public record TrainingSample(int channels, int width, int height, float[] image, byte[] labels) {

    /** Label of pixels that carry no supervision (padding included). */
    public static final int IGNORE = 255;

    public TrainingSample {
        if (channels <= 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("training sample needs positive channels and size, got " + channels + "x"
                    + width + "x" + height);
        }
        long p = (long) width * height;
        if (image == null || image.length != channels * p) {
            throw new IllegalArgumentException("training sample " + width + "x" + height + "x" + channels + ": image has "
                    + (image == null ? "no" : String.valueOf(image.length)) + " values, expected " + channels * p);
        }
        if (labels == null || labels.length != p) {
            throw new IllegalArgumentException("training sample " + width + "x" + height + ": labels have "
                    + (labels == null ? "no" : String.valueOf(labels.length)) + " values, expected " + p);
        }
    }

    public int pixels() { return width * height; }

    /** Train id at (x, y), 0..254 or {@value #IGNORE}. */
    public int label(int x, int y) { return labels[y * width + x] & 0xFF; }

    public float pixel(int c, int x, int y) { return image[(c * height + y) * width + x]; }
}
