package org.activeseg.data.io;

/**
 * An 8-bit colour image: interleaved RGB bytes, (H, W, 3) row-major, the layout of
 * {@link org.activeseg.data.Frame#rgb()}.
 */
public record RgbImage(int width, int height, byte[] rgb) {
    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != 3L * width * height) {
            throw new IllegalArgumentException("image has " + rgb.length + " bytes, expected 3 x " + width + "x" + height);
        }
    }

    /** "WxH", for messages. */
    public String size() { return width + "x" + height; }
}
