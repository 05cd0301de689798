package org.activeseg.acquisition;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What is already labelled (and what a method has excluded from future selection) per frame:
 * labelled pixels, labelled superpixel ids, and excluded pixels (RIPU's persisted "active"
 * suppression map). A method never selects a labelled superpixel, a labelled pixel or an
 * excluded pixel. Empty when nothing is labelled yet.
 */
public final class LabelState {
    private final Map<String, BitSet> pixels = new HashMap<>();
    private final Map<String, Set<Integer>> superpixels = new HashMap<>();
    private final Map<String, BitSet> excluded = new HashMap<>();

    public static LabelState empty() {
        return new LabelState();
    }

    public boolean isPixelLabelled(String frame, int pixel) {
        BitSet b = pixels.get(frame);
        return b != null && b.get(pixel);
    }

    public boolean isSuperpixelLabelled(String frame, int superpixel) {
        Set<Integer> s = superpixels.get(frame);
        return s != null && s.contains(superpixel);
    }

    public boolean isExcluded(String frame, int pixel) {
        BitSet b = excluded.get(frame);
        return b != null && b.get(pixel);
    }

    /** Labelled pixels of a frame (a copy; empty when none). */
    public BitSet labelledPixels(String frame) {
        BitSet b = pixels.get(frame);
        return b == null ? new BitSet() : (BitSet) b.clone();
    }

    /** Excluded pixels of a frame (a copy; empty when none). */
    public BitSet excludedPixels(String frame) {
        BitSet b = excluded.get(frame);
        return b == null ? new BitSet() : (BitSet) b.clone();
    }

    public Set<Integer> labelledSuperpixels(String frame) {
        return Set.copyOf(superpixels.getOrDefault(frame, Set.of()));
    }

    public void labelPixels(String frame, BitSet mask) {
        pixels.computeIfAbsent(frame, f -> new BitSet()).or(mask);
    }

    public void labelSuperpixel(String frame, int superpixel, BitSet mask) {
        superpixels.computeIfAbsent(frame, f -> new HashSet<>()).add(superpixel);
        labelPixels(frame, mask);
    }

    public void exclude(String frame, BitSet mask) {
        excluded.computeIfAbsent(frame, f -> new BitSet()).or(mask);
    }

    public boolean isEmpty() {
        return pixels.isEmpty() && superpixels.isEmpty() && excluded.isEmpty();
    }
}
