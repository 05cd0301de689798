package org.activeseg.report;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * What one round of one strategy asks annotators to label: per frame, its colour image, the
 * selected regions and the pixels to label (the regions' pixels that no earlier round labelled).
 *
 * @param strategy the strategy whose selection this is
 * @param seed     the track's seed
 * @param round    the round that selected it
 * @param frames   frames in queue order (most pixels to label first)
 */
public record LabellingQueue(String strategy, long seed, int round, List<QueuedFrame> frames) {
    public LabellingQueue {
        Objects.requireNonNull(strategy, "strategy");
        frames = List.copyOf(frames);
    }

    /** A region as the selection made it: a frame, a superpixel, a window or a pixel. */
    public enum Shape { FRAME, SUPERPIXEL, WINDOW, PIXEL }

    /**
     * One selected region: for WINDOW and PIXEL the square [x0, x1) x [y0, y1) it covers; for FRAME the
     * whole frame; for SUPERPIXEL the superpixel {@code unit} (its pixels are in the frame's mask).
     */
    public record Region(Shape shape, int unit, int x0, int y0, int x1, int y1, long pixels, BitSet mask) {
        public Region {
            mask = (BitSet) mask.clone();
        }

        @Override
        public BitSet mask() {
            return (BitSet) mask.clone();
        }
    }

    /**
     * @param image  the colour image, relative to the dataset root
     * @param toLabel pixels to label (y * width + x)
     */
    public record QueuedFrame(String frameId, String image, int width, int height, List<Region> regions, BitSet toLabel) {
        public QueuedFrame {
            regions = List.copyOf(regions);
            toLabel = (BitSet) toLabel.clone();
        }

        @Override
        public BitSet toLabel() {
            return (BitSet) toLabel.clone();
        }
    }
}
