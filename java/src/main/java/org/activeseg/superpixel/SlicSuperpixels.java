package org.activeseg.superpixel;

import java.util.Objects;

import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.global.opencv_ximgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_ximgproc.SuperpixelSLIC;

/**
 * SLIC superpixels (Achanta et al., TPAMI 2012) through OpenCV's
 * {@code cv::ximgproc::SuperpixelSLIC}, an alternative to {@link SeedsSuperpixels}.
 *
 * <p>The RGB image is converted to CIE Lab ({@code COLOR_RGB2Lab}, SLIC's native space).
 * The default variant is plain SLIC with compactness (ruler) 10, not the adaptive SLICO:
 * on the ScanNet sample SLIC's superpixels agree better with the labels (achievable
 * segmentation accuracy 0.955 vs 0.934 at about 42 superpixels) and on flat colour regions
 * SLIC follows every colour edge while SLICO's per-cluster normalisation lets superpixels
 * straddle them. Small fragments are merged into neighbours with
 * {@code enforceLabelConnectivity}, so every superpixel is connected.
 *
 * <p>OpenCV's SLIC object takes its image at creation, so one is created, used and freed
 * per call: calls share nothing native and are safe from any number of threads.
 */
public final class SlicSuperpixels implements SuperpixelAlgorithm {

    /**
     * OpenCV SLIC variants. OpenCV's third, MSLIC, is left out: it crashed the JVM in native
     * code on ordinary inputs (e.g. 88x198 random colours, 14 superpixels).
     */
    public enum Variant {
        SLIC(opencv_ximgproc.SLIC), SLICO(opencv_ximgproc.SLICO);

        private final int code;

        Variant(int code) { this.code = code; }
    }

    /**
     * SLIC settings.
     *
     * @param superpixels    superpixels wanted for a 320x240 frame, scaled with area for other
     *                       sizes; the grid step is {@code round(sqrt(W * H / wanted))} pixels
     * @param variant        SLIC (default) or SLICO
     * @param ruler          compactness for SLIC (OpenCV default 10); SLICO ignores it
     * @param iterations     clustering iterations (OpenCV default 10)
     * @param minElementPercent fragments smaller than this percentage of the mean superpixel
     *                       area are merged into a neighbour (OpenCV default 25)
     */
    public record Config(int superpixels, Variant variant, float ruler, int iterations, int minElementPercent) {

        /** About 42 superpixels at 320x240 (as ViewAL's ScanNet maps), plain SLIC, OpenCV's other defaults. */
        public static Config defaults() {
            return new Config(42, Variant.SLIC, 10f, 10, 25);
        }

        public Config {
            Objects.requireNonNull(variant, "variant");
            if (superpixels < 1) {
                throw new IllegalArgumentException("SLIC superpixels must be >= 1, got " + superpixels);
            }
            if (!(ruler > 0) || !Float.isFinite(ruler)) {
                throw new IllegalArgumentException("SLIC ruler must be positive and finite, got " + ruler);
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("SLIC iterations must be >= 1, got " + iterations);
            }
            if (minElementPercent < 0 || minElementPercent > 100) {
                throw new IllegalArgumentException("SLIC minElementPercent must be in 0..100, got " + minElementPercent);
            }
        }

        /**
         * Grid step in pixels for a W x H image, at most the image's shorter side: OpenCV's
         * SLIC places no seed on an axis shorter than half a step and then divides by the
         * zero seed count (a 1x7 image crashed the JVM).
         */
        public int regionSize(int width, int height) {
            double wanted = Math.max(1.0, (double) superpixels * width * height / SeedsSuperpixels.Config.REFERENCE_AREA);
            long step = Math.max(2, Math.round(Math.sqrt((double) width * height / wanted)));
            return (int) Math.min(step, Math.min(width, height));
        }
    }

    /** Sides under this are refused: nothing useful is lost, and OpenCV's SLIC code is fragile on slivers. */
    static final int MIN_SIDE = 4;

    private final Config config;
    private volatile boolean closed;

    public SlicSuperpixels() {
        this(Config.defaults());
    }

    public SlicSuperpixels(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public Config config() { return config; }

    @Override
    public SuperpixelMap segment(byte[] rgb, int width, int height) {
        RgbMat.checkInput(rgb, width, height);
        if (width < MIN_SIDE || height < MIN_SIDE) {
            throw new IllegalArgumentException("image " + width + "x" + height + " is too small for SLIC (sides of at least "
                    + MIN_SIDE + " pixels)");
        }
        if (closed) {
            throw new IllegalStateException("SlicSuperpixels is closed");
        }
        OpenCvNatives.require();
        try (RgbMat image = new RgbMat(width, height, opencv_imgproc.COLOR_RGB2Lab);
             Mat labels = new Mat();
             SuperpixelSLIC slic = opencv_ximgproc.createSuperpixelSLIC(image.load(rgb), config.variant().code,
                     config.regionSize(width, height), config.ruler())) {
            slic.iterate(config.iterations());
            if (config.minElementPercent() > 0) {
                slic.enforceLabelConnectivity(config.minElementPercent());
            }
            slic.getLabels(labels);
            return SuperpixelMap.fromLabels(RgbMat.labelsOf(labels, width, height), width, height);
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
