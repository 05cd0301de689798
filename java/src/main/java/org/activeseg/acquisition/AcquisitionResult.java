package org.activeseg.acquisition;

import java.util.List;
import java.util.Map;

/**
 * Scores and the selection of one round, as `score --out FILE.json` writes them (schema in the
 * README): per-frame scores (with per-superpixel scores where the method has them) and the
 * selected units in pick order.
 */
public record AcquisitionResult(String method, boolean compat, Map<String, Object> parameters,
                                List<FrameScore> frames, List<Selection> selection) {

    /**
     * The parameter a method sets when it spends less than the budget, saying why (e.g. RIPU's
     * suppression leaving no pixel to pick); {@code score} prints it.
     */
    public static final String BUDGET_NOTE = "budget_note";

    public AcquisitionResult {
        parameters = Map.copyOf(parameters);
        frames = List.copyOf(frames);
        selection = List.copyOf(selection);
    }

    /** A frame's score; {@code superpixels} is empty for methods without superpixel scores. */
    public record FrameScore(String id, double score, List<SuperpixelScore> superpixels) {
        public FrameScore {
            superpixels = List.copyOf(superpixels);
        }
    }

    /** ViewAL's per-superpixel scores; {@code viewEntropy} / {@code viewDivergence} are NaN where not applicable. */
    public record SuperpixelScore(int id, double viewEntropy, double viewDivergence, double score) {}

    /**
     * One selected unit. {@code unit} is the superpixel id (SUPERPIXEL), the flat centre pixel index
     * y * W + x (WINDOW, PIXEL) or -1 (FRAME); {@code x}, {@code y} the centre (WINDOW, PIXEL) or -1;
     * {@code pixels} the pixels it adds to the labelled set (its budget cost).
     */
    public record Selection(String frame, Granularity kind, int unit, int x, int y, int radius, long pixels) {}
}
