package org.activeseg.superpixel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.global.opencv_ximgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_ximgproc.SuperpixelSEEDS;

/**
 * SEEDS superpixels (Van den Bergh et al., ECCV 2012 / IJCV 2014) through OpenCV's
 * {@code cv::ximgproc::SuperpixelSEEDS}; ViewAL's preprocessing uses SEEDS superpixels.
 *
 * <p>Colour: the RGB image is converted to HSV with the full 8-bit hue range
 * ({@code COLOR_RGB2HSV_FULL}, hue 0..255) before SEEDS builds its colour histograms, as
 * OpenCV's SEEDS sample converts to HSV; the full range lets hue use all histogram bins
 * (the plain 0..179 hue would use only 4 of 5).
 *
 * <p>Reuse: creating the SEEDS object costs more than segmenting a frame with it (640x480:
 * 65-90 ms per frame created vs about 29 ms reused), and OpenCV fixes its image size at
 * creation. This class therefore keeps a pool of SEEDS instances per image size: a call
 * borrows an idle instance of its size (creating one if none is idle), segments, and returns
 * it. An instance is used by one thread at a time, so concurrent callers are safe and the
 * pool holds, per size, as many instances as calls ever ran at once on that size. SEEDS
 * restarts from its regular grid on every {@code iterate}, so a reused instance gives the
 * same ids as a fresh one. {@link #close()} frees every pooled instance; instances in use
 * during close are freed when their call returns.
 *
 * <p>Sizes where OpenCV's SEEDS would hang or crash (tiny or extremely thin images; see
 * {@code grid}) are refused with an IllegalArgumentException before any native call.
 */
public final class SeedsSuperpixels implements SuperpixelAlgorithm {

    /**
     * SEEDS settings.
     *
     * @param superpixels   superpixels requested for a 320x240 frame; other sizes request
     *                      {@code round(superpixels * W * H / (320 * 240))} (at least 10,
     *                      SEEDS' own minimum), so the density stays the same. SEEDS may return
     *                      fewer than requested: its top-level grid is rounded to whole blocks.
     * @param levels        block levels 1..10 (OpenCV {@code num_levels}, which treats 1 as 2);
     *                      more is more accurate, slower; fewer are used where the image is small
     * @param prior         shape prior 0..5 (OpenCV {@code prior}); larger is smoother
     * @param histogramBins histogram bins per channel
     * @param doubleStep    whether each block level is iterated twice
     * @param iterations    pixel-level iterations after the block levels
     */
    public record Config(int superpixels, int levels, int prior, int histogramBins, boolean doubleStep, int iterations) {

        /** Pixels of the reference frame size for {@link #superpixels} (320 x 240). */
        public static final long REFERENCE_AREA = 320L * 240L;

        /**
         * 56 requested at 320x240: SEEDS rounds its top-level grid to 8 x 6 = 48 superpixels
         * there, the grid nearest to the about 42 of ViewAL's ScanNet superpixel maps (with 4
         * levels the next smaller grid is 5 x 5). Levels 4, prior 2, 5 bins, no double step and
         * 4 iterations are OpenCV's sample settings. See {@link #edgeFollowing()} where
         * boundaries must reach every colour edge.
         */
        public static Config defaults() {
            return new Config(56, 4, 2, 5, false, 4);
        }

        /**
         * Like {@link #defaults()} but with no shape prior and 40 pixel iterations, so that
         * boundaries reach colour edges that do not lie on SEEDS' block grid. On 320x240 images
         * of four flat quadrants split at 100+ random points every superpixel stayed inside one
         * quadrant; with the defaults up to about 3 % of the pixels sat in a superpixel of
         * another quadrant (the prior and 4 iterations stop boundaries short; 20 iterations
         * without prior still missed 3 pixels at one split). Several times slower than the
         * defaults; on the ScanNet sample both agree equally well with the labels.
         */
        public static Config edgeFollowing() {
            return new Config(56, 4, 0, 5, false, 40);
        }

        public Config {
            if (superpixels < 1) {
                throw new IllegalArgumentException("SEEDS superpixels must be >= 1, got " + superpixels);
            }
            if (levels < 1 || levels > 10) {
                throw new IllegalArgumentException("SEEDS levels must be in 1..10, got " + levels);
            }
            if (prior < 0 || prior > 5) {
                throw new IllegalArgumentException("SEEDS prior must be in 0..5, got " + prior);
            }
            if (histogramBins < 1 || histogramBins > 40) {
                // bins^3 histogram entries per block: 40 is already 64000.
                throw new IllegalArgumentException("SEEDS histogram bins must be in 1..40, got " + histogramBins);
            }
            if (iterations < 0) {
                throw new IllegalArgumentException("SEEDS iterations must be >= 0, got " + iterations);
            }
        }

        /** Superpixels requested from OpenCV for a W x H image. */
        public int requested(int width, int height) {
            long n = Math.round((double) superpixels * width * height / REFERENCE_AREA);
            return (int) Math.max(10, Math.min(n, (long) width * height));
        }
    }

    private record Size(int width, int height) {}

    private final Config config;
    private final Map<Size, ArrayDeque<Engine>> idle = new HashMap<>();
    private int created;
    private boolean closed;

    public SeedsSuperpixels() {
        this(Config.defaults());
    }

    public SeedsSuperpixels(Config config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    public Config config() { return config; }

    @Override
    public SuperpixelMap segment(byte[] rgb, int width, int height) {
        RgbMat.checkInput(rgb, width, height);
        if (grid(width, height, config.requested(width, height), config.levels()) == null) {
            throw new IllegalArgumentException("image " + width + "x" + height + " is too small for SEEDS with "
                    + config.requested(width, height) + " superpixels and " + config.levels() + " levels");
        }
        Engine engine = borrow(new Size(width, height));
        try {
            return SuperpixelMap.fromLabels(engine.run(rgb), width, height);
        } finally {
            giveBack(engine);
        }
    }

    /** SEEDS instances created so far (all sizes); they are reused, so this grows only with sizes and concurrency. */
    public synchronized int instancesCreated() {
        return created;
    }

    /**
     * The top-level grid (columns, rows) that OpenCV's SEEDS builds for these arguments, found
     * by repeating its integer/float arithmetic (SuperpixelSEEDSImpl::initialize); null where
     * OpenCV would loop forever (its level search never ends when the grid is wider or taller
     * than the image), divide by zero (a level with no blocks), read an uninitialised table
     * (only one block level fits) or index outside the image (under 2 pixels wide or high).
     * Native code cannot fail politely there (2x3 and 4x4 images crashed the JVM), so such
     * sizes are refused before OpenCV sees them.
     */
    static int[] grid(int width, int height, int superpixels, int levels) {
        if (width < 2 || height < 2) {
            return null;
        }
        int n = Math.max(10, superpixels);
        int nh = (int) (float) Math.sqrt((float) n * height / width);
        int nw = nh * width / height;
        if (nh < 1 || nw < 1 || nw > width || nh > height) {
            return null;
        }
        int nrLevels = Math.max(2, levels) + 1;
        float wf;
        float hf;
        do {
            --nrLevels;
            wf = (float) width / nw / (1 << (nrLevels - 1));
            hf = (float) height / nh / (1 << (nrLevels - 1));
        } while (wf < 1f || hf < 1f);
        if (nrLevels < 2) {
            return null; // a single level leaves SEEDS' parent table uninitialised
        }
        int cols = width / (int) Math.ceil(wf);
        int rows = height / (int) Math.ceil(hf);
        for (int level = 1; level < nrLevels; level++) {
            cols /= 2;
            rows /= 2;
        }
        return cols < 1 || rows < 1 ? null : new int[] {cols, rows};
    }

    private Engine borrow(Size size) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("SeedsSuperpixels is closed");
            }
            ArrayDeque<Engine> free = idle.get(size);
            Engine e = free == null ? null : free.pollFirst();
            if (e != null) {
                return e;
            }
        }
        OpenCvNatives.require();
        Engine e = new Engine(size.width, size.height, config);
        synchronized (this) {
            created++;
        }
        return e;
    }

    private void giveBack(Engine engine) {
        synchronized (this) {
            if (!closed) {
                idle.computeIfAbsent(new Size(engine.image.width, engine.image.height), s -> new ArrayDeque<>())
                        .addFirst(engine);
                return;
            }
        }
        engine.close();
    }

    @Override
    public void close() {
        List<Engine> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            idle.values().forEach(toClose::addAll);
            idle.clear();
        }
        toClose.forEach(Engine::close);
    }

    /** One SEEDS instance with its input, converted and label images for one size; single-threaded. */
    private static final class Engine implements AutoCloseable {
        final RgbMat image;
        final SuperpixelSEEDS seeds;
        final Mat labels;
        final int iterations;

        Engine(int width, int height, Config c) {
            RgbMat img = new RgbMat(width, height, opencv_imgproc.COLOR_RGB2HSV_FULL);
            try {
                this.seeds = opencv_ximgproc.createSuperpixelSEEDS(width, height, 3, c.requested(width, height),
                        c.levels(), c.prior(), c.histogramBins(), c.doubleStep());
            } catch (RuntimeException e) {
                img.close();
                throw new IllegalStateException("OpenCV could not create SEEDS for " + width + "x" + height
                        + " with " + c + ": " + e.getMessage(), e);
            }
            this.image = img;
            this.labels = new Mat();
            this.iterations = c.iterations();
        }

        int[] run(byte[] rgb) {
            seeds.iterate(image.load(rgb), iterations);
            seeds.getLabels(labels);
            return RgbMat.labelsOf(labels, image.width, image.height);
        }

        @Override
        public void close() {
            labels.close();
            seeds.close();
            image.close();
        }
    }
}
