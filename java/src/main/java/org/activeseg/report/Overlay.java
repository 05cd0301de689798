package org.activeseg.report;

import java.util.BitSet;
import java.util.Objects;

/**
 * One frame as a round of one strategy saw it: the RGB image, the pixels labelled before the round and
 * the pixels this round selected, and optionally the frame's ground truth and what the selecting model
 * predicted ({@link ModelView}, null when unknown). {@code rgb} is H*W*3 bytes,
 * row-major, RGB interleaved; {@code labels} is null or H*W train ids (255 = ignore); the bit sets
 * index pixels as {@code y * width + x}. Arrays and bit sets are copied in and out.
 */
public record Overlay(String strategy, long seed, int round, String frameId, int width, int height, byte[] rgb,
        BitSet labelledBefore, BitSet selectedThisRound, byte[] labels, ModelView model) {

    /** An overlay without the model's view. */
    public Overlay(String strategy, long seed, int round, String frameId, int width, int height, byte[] rgb,
                   BitSet labelledBefore, BitSet selectedThisRound, byte[] labels) {
        this(strategy, seed, round, frameId, width, height, rgb, labelledBefore, selectedThisRound, labels, null);
    }

    /** An overlay without ground truth. */
    public Overlay(String strategy, long seed, int round, String frameId, int width, int height, byte[] rgb,
                   BitSet labelledBefore, BitSet selectedThisRound) {
        this(strategy, seed, round, frameId, width, height, rgb, labelledBefore, selectedThisRound, null, null);
    }

    public Overlay {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(frameId, "frameId");
        Objects.requireNonNull(rgb, "rgb");
        Objects.requireNonNull(labelledBefore, "labelledBefore");
        Objects.requireNonNull(selectedThisRound, "selectedThisRound");
        String where = "overlay of frame " + frameId + " (" + strategy + " seed " + seed + " round " + round + ")";
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(where + ": size " + width + "x" + height + " is not positive");
        }
        long pixels = (long) width * height;
        if (pixels * 3 != rgb.length) {
            throw new IllegalArgumentException(where + ": rgb has " + rgb.length + " bytes, " + width + "x" + height
                    + "x3 needs " + pixels * 3);
        }
        if (labelledBefore.length() > pixels || selectedThisRound.length() > pixels) {
            throw new IllegalArgumentException(where + ": a pixel mask sets bit "
                    + (Math.max(labelledBefore.length(), selectedThisRound.length()) - 1) + " beyond the "
                    + pixels + " pixels of the frame");
        }
        if (labels != null && labels.length != pixels) {
            throw new IllegalArgumentException(where + ": labels has " + labels.length + " entries for " + pixels + " pixels");
        }
        labels = labels == null ? null : labels.clone();
        if (model != null && model.prediction().length != pixels) {
            throw new IllegalArgumentException(where + ": the model view has " + model.prediction().length
                    + " pixels for " + pixels);
        }
        rgb = rgb.clone();
        labelledBefore = (BitSet) labelledBefore.clone();
        selectedThisRound = (BitSet) selectedThisRound.clone();
    }

    @Override
    public byte[] rgb() {
        return rgb.clone();
    }

    /** The ground truth (train ids, 255 = ignore), or null when the overlay has none. */
    @Override
    public byte[] labels() {
        return labels == null ? null : labels.clone();
    }

    @Override
    public BitSet labelledBefore() {
        return (BitSet) labelledBefore.clone();
    }

    @Override
    public BitSet selectedThisRound() {
        return (BitSet) selectedThisRound.clone();
    }

    @Override
    public String toString() {
        return "Overlay[" + frameId + " " + width + "x" + height + ", " + strategy + " seed " + seed + " round " + round
                + ": " + labelledBefore.cardinality() + " labelled before, " + selectedThisRound.cardinality()
                + " selected]";
    }
}
