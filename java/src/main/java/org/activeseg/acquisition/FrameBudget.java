package org.activeseg.acquisition;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionResult.Selection;

/**
 * Whole-frame selection against a pixel budget, ViewAL's rule ("while pixels_selected <
 * budget"): frames are taken in rank order while the pixels selected so far are below the budget,
 * so the last frame taken may overshoot it by less than one frame. A frame costs its pixels that
 * are neither labelled nor excluded; frames that cost nothing (fully labelled) are skipped.
 */
public final class FrameBudget {
    /** The selection rule, as recorded in each result's parameters. */
    public static final String RULE = "whole frames in rank order while selected pixels < budget (the last frame may overshoot)";

    private FrameBudget() {
    }

    /** Pixels of a frame of {@code pixels} pixels that are neither labelled nor excluded. */
    public static long unlabelledPixels(LabelState labelled, String frame, int pixels) {
        BitSet taken = labelled.labelledPixels(frame);
        taken.or(labelled.excludedPixels(frame));
        if (taken.length() > pixels) {
            throw new IllegalArgumentException("label state of frame " + frame + " marks pixel " + (taken.length() - 1)
                    + " but the frame has " + pixels + " pixels");
        }
        return pixels - taken.cardinality();
    }

    /** Selections of the frames of {@code ranked} (best first) under {@code budget} pixels. */
    public static List<Selection> select(List<String> ranked, Map<String, Long> cost, long budget) {
        List<Selection> out = new ArrayList<>();
        long selected = 0;
        for (String id : ranked) {
            if (selected >= budget) {
                break;
            }
            long c = cost.get(id);
            if (c == 0) {
                continue;
            }
            out.add(new Selection(id, Granularity.FRAME, -1, -1, -1, -1, c));
            selected += c;
        }
        return out;
    }
}
