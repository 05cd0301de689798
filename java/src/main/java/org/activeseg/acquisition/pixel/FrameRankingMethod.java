package org.activeseg.acquisition.pixel;

import org.activeseg.acquisition.FrameBudget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.activeseg.acquisition.AcquisitionMethod;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;
import org.activeseg.acquisition.Granularity;
import org.activeseg.acquisition.MapSink;
import org.activeseg.acquisition.SampleStream;
import org.activeseg.backend.PixelOps;
import org.activeseg.backend.Reduction;
import org.activeseg.data.Frame;

/**
 * ViewAL's single-image baselines (ALGORITHMS.md 2.1) and baal's BALD (2.2) as whole-frame
 * selection: per pool frame a per-pixel map from its T MC samples (read one (C, P) sample at a time
 * from {@link org.activeseg.acquisition.ProbabilitySource#stream}), reduced to one
 * score (a swappable {@code reduction} parameter: mean, sum, max), frames ranked most uncertain
 * first (ties keep pool order), then taken by {@link FrameBudget}'s rule.
 *
 * <p>Ignore pixels: by default the ground truth of unlabelled frames is never read. In compat mode
 * pixels whose GT label is 255 get the statistic's certain value (0 for entropies, 1 for max
 * probability and margin) before the reduction, as the reference code does.
 */
abstract class FrameRankingMethod implements AcquisitionMethod {
    private static final Set<String> PARAMETERS = Set.of("reduction");

    /** Name of the map written to the request's {@link MapSink}. */
    protected abstract String mapName();

    protected abstract Reduction defaultReduction();

    /** True when a lower score is more uncertain (max probability, margin). */
    protected abstract boolean ascending();

    /** The map value of an ignore pixel in compat mode. */
    protected abstract float ignoreValue();

    /** Fills {@code out} (length P) from the samples of frame {@code frameId}, shape already checked. */
    protected abstract void pixelScores(PixelOps ops, String frameId, SampleStream samples, float[] out)
            throws IOException;

    /** Adds the method's fixed settings (statistic, log, epsilon) to the recorded parameters. */
    protected abstract void describe(Map<String, Object> parameters);

    @Override
    public Granularity granularity() {
        return Granularity.FRAME;
    }

    @Override
    public boolean scoresFramesIndependently() {
        return true;
    }

    @Override
    public AcquisitionResult run(AcquisitionRequest request) throws IOException {
        request.requireKnownParameters(name(), PARAMETERS);
        String r = request.parameters().get("reduction");
        Reduction reduction = r == null ? defaultReduction() : Reduction.parse(r);
        PixelOps ops = request.backend().pixels();
        int classes = request.probabilities().classes();

        List<FrameScore> scores = new ArrayList<>();
        Map<String, Long> cost = new HashMap<>();
        long poolPixels = 0;
        for (String id : request.pool()) {
            float[] map;
            try (SampleStream samples = request.probabilities().stream(id)) {
                long[] s = {samples.samples(), samples.classes(), samples.pixels()};
                if (s[0] < 1 || s[1] != classes || s[2] < 1) {
                    throw new IllegalArgumentException(name() + ": probabilities of frame " + id + " must be (T, C, P) with T >= 1, C = "
                            + classes + ", P >= 1; got " + Arrays.toString(s));
                }
                map = new float[samples.pixels()];
                pixelScores(ops, id, samples, map);
            }
            if (request.compat() || request.maps() != MapSink.NONE) {
                Frame frame = request.dataset().frame(id);
                if (frame.pixels() != map.length) {
                    throw new IllegalArgumentException(name() + ": frame " + id + " has " + frame.width() + "x" + frame.height()
                            + " pixels but its probabilities have P = " + map.length);
                }
                if (request.compat()) {
                    ops.fill(map, ignorePixels(frame), ignoreValue());
                }
                request.maps().put(id, mapName(), map, frame.width(), frame.height());
            }
            scores.add(new FrameScore(id, ops.reduce(map, reduction), List.of()));
            long c = FrameBudget.unlabelledPixels(request.labelled(), id, map.length);
            cost.put(id, c);
            poolPixels += c;
        }
        long budget = request.budget().resolve(poolPixels);

        Comparator<FrameScore> order = Comparator.comparingDouble(FrameScore::score);
        List<String> ranked = scores.stream()
                .sorted(ascending() ? order : order.reversed())
                .map(FrameScore::id)
                .toList();

        Map<String, Object> parameters = new LinkedHashMap<>();
        describe(parameters);
        parameters.put("reduction", reduction.label());
        parameters.put("order", ascending() ? "ascending" : "descending");
        parameters.put("ignore", request.compat() ? "compat: GT label 255 -> " + ignoreValue()
                : "none: ground truth of unlabelled frames is not read");
        parameters.put("budget_pixels", budget);
        parameters.put("selection_rule", FrameBudget.RULE);
        return new AcquisitionResult(name(), request.compat(), parameters, scores,
                FrameBudget.select(ranked, cost, budget));
    }

    /** Pixels whose ground-truth label is the ignore label (compat mode only). */
    private BitSet ignorePixels(Frame frame) {
        if (!frame.hasLabels()) {
            throw new IllegalArgumentException(name() + " in compat mode masks ground-truth ignore pixels, but frame "
                    + frame.id() + " has no labels");
        }
        BitSet mask = new BitSet(frame.pixels());
        for (int i = 0; i < frame.pixels(); i++) {
            if (frame.label(i) == Frame.IGNORE) {
                mask.set(i);
            }
        }
        return mask;
    }
}
