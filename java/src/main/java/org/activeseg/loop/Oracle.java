package org.activeseg.loop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionResult.Selection;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.loop.state.LabelledRegion;

/**
 * The simulated annotator: for exactly the selected regions it reveals the dataset's ground truth
 * (everything else stays ignore, 255, in training). A region's pixels are the whole frame (FRAME),
 * the pixels carrying its superpixel id (SUPERPIXEL), the in-image square of side 2r + 1 around
 * its centre (WINDOW) or its centre pixel (PIXEL); pixels labelled before are not counted again,
 * and a region that adds nothing is dropped. Annotation cost is accounted as pixels, regions
 * (clicks) and frames touched.
 */
final class Oracle {
    private final Dataset dataset;

    Oracle(Dataset dataset) {
        this.dataset = dataset;
    }

    /** What one round's labelling adds. */
    record Labelling(List<LabelledRegion> regions, Map<String, BitSet> newPixels, long pixels) {
        int framesTouched() { return newPixels.size(); }
    }

    Labelling label(List<Selection> selection, Map<String, BitSet> labelledBefore, int round) throws IOException {
        Map<String, BitSet> added = new LinkedHashMap<>();
        List<LabelledRegion> regions = new ArrayList<>();
        long total = 0;
        for (Selection s : selection) {
            Frame f = dataset.frame(s.frame());
            if (!f.hasLabels()) {
                throw new IllegalArgumentException("the oracle needs ground truth, but frame " + f.id() + " of dataset "
                        + dataset.root() + " has no labels");
            }
            BitSet region = region(f, s);
            BitSet before = labelledBefore.get(f.id());
            if (before != null) {
                region.andNot(before);
            }
            BitSet already = added.get(f.id());
            if (already != null) {
                region.andNot(already);
            }
            int n = region.cardinality();
            if (n == 0) {
                continue;
            }
            added.computeIfAbsent(f.id(), k -> new BitSet(f.pixels())).or(region);
            regions.add(new LabelledRegion(s.frame(), s.kind(), s.unit(), s.x(), s.y(), Math.max(0, s.radius()), n, round));
            total += n;
        }
        return new Labelling(regions, added, total);
    }

    static BitSet region(Frame f, Selection s) {
        int w = f.width();
        int h = f.height();
        BitSet m = new BitSet(f.pixels());
        switch (s.kind()) {
            case FRAME -> m.set(0, f.pixels());
            case SUPERPIXEL -> {
                if (!f.hasSuperpixels()) {
                    throw new IllegalArgumentException("frame " + f.id() + " has no superpixels for a superpixel selection");
                }
                int[] ids = f.superpixels();
                for (int i = 0; i < ids.length; i++) {
                    if (ids[i] == s.unit()) {
                        m.set(i);
                    }
                }
            }
            case WINDOW, PIXEL -> {
                int r = s.kind() == org.activeseg.acquisition.Granularity.PIXEL ? 0 : s.radius();
                if (s.x() < 0 || s.x() >= w || s.y() < 0 || s.y() >= h) {
                    throw new IllegalArgumentException("selection centre (" + s.x() + ", " + s.y() + ") is outside frame "
                            + f.id() + " (" + w + "x" + h + ")");
                }
                for (int y = Math.max(0, s.y() - r); y <= Math.min(h - 1, s.y() + r); y++) {
                    m.set(y * w + Math.max(0, s.x() - r), y * w + Math.min(w - 1, s.x() + r) + 1);
                }
            }
        }
        return m;
    }
}
