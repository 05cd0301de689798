package org.activeseg.data.io;

/**
 * A single-channel image as stored on disk: unsigned samples, (H, W) row-major.
 *
 * @param bitDepth 8 or 16 (the storage depth; lower PNG depths read as 8)
 * @param samples  unsigned sample values, 0..2^bitDepth-1
 */
public record GrayImage(int width, int height, int bitDepth, int[] samples) {
    public GrayImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("bit depth must be 8 or 16, got " + bitDepth);
        }
        if (samples.length != (long) width * height) {
            throw new IllegalArgumentException("image has " + samples.length + " samples, expected " + width + "x"
                    + height);
        }
    }

    public int get(int x, int y) { return samples[y * width + x]; }

    /** "WxH", for messages. */
    public String size() { return width + "x" + height; }
}
