package org.activeseg.superpixel;

import static org.bytedeco.opencv.global.opencv_core.CV_32SC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A W x H 8-bit 3-channel OpenCV image filled from interleaved RGB bytes, plus the same image
 * converted to another colour space. Reusable across frames of one size; owns its native
 * memory and frees it in {@link #close()}. Not thread-safe.
 */
final class RgbMat implements AutoCloseable {
    final int width;
    final int height;
    private final int conversion;
    private final Mat rgb;
    private final Mat converted;

    /** @param conversion an OpenCV {@code COLOR_RGB2*} code applied by {@link #load} */
    RgbMat(int width, int height, int conversion) {
        this.width = width;
        this.height = height;
        this.conversion = conversion;
        this.rgb = new Mat(height, width, CV_8UC3);
        this.converted = new Mat();
    }

    /** Checks that {@code rgb} holds width * height * 3 bytes, naming both sizes if not. */
    static void checkInput(byte[] rgb, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        long want = 3L * width * height;
        if (want > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image " + width + "x" + height + " is too large (" + want + " bytes)");
        }
        if (rgb == null || rgb.length != want) {
            throw new IllegalArgumentException("RGB buffer has " + (rgb == null ? "no" : String.valueOf(rgb.length))
                    + " bytes, expected " + want + " for " + width + "x" + height + "x3");
        }
    }

    /** Copies {@code bytes} in and converts; returns the converted image (owned by this object). */
    Mat load(byte[] bytes) {
        rgb.data().put(bytes, 0, bytes.length);
        opencv_imgproc.cvtColor(rgb, converted, conversion);
        return converted;
    }

    /** Copies a W x H CV_32SC1 label image into a new int array. */
    static int[] labelsOf(Mat labels, int width, int height) {
        if (labels.type() != CV_32SC1 || labels.cols() != width || labels.rows() != height || !labels.isContinuous()) {
            throw new IllegalStateException("OpenCV returned labels of type " + labels.type() + " and size "
                    + labels.cols() + "x" + labels.rows() + ", expected continuous CV_32SC1 " + width + "x" + height);
        }
        int[] out = new int[width * height];
        try (IntPointer p = new IntPointer(labels.data())) {
            p.get(out, 0, out.length);
        }
        return out;
    }

    @Override
    public void close() {
        converted.close();
        rgb.close();
    }
}
