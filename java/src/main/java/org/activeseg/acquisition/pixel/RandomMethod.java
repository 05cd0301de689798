package org.activeseg.acquisition.pixel;

import org.activeseg.acquisition.FrameBudget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.activeseg.acquisition.AcquisitionMethod;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;
import org.activeseg.acquisition.Granularity;
import org.activeseg.acquisition.SampleStream;

/**
 * ViewAL RAND: whole frames in a random order. Each pool frame, in pool order, draws a score
 * uniform in [0, 1) from {@code SplittableRandom(request.seed())}; frames are taken by descending
 * score (a seeded shuffle, deterministic per seed and pool) under {@link FrameBudget}'s rule.
 * Probabilities are opened only for their pixel count (a stream whose samples are never read).
 */
public final class RandomMethod implements AcquisitionMethod {

    @Override
    public String name() {
        return "random";
    }

    @Override
    public Granularity granularity() {
        return Granularity.FRAME;
    }

    @Override
    public AcquisitionResult run(AcquisitionRequest request) throws IOException {
        request.requireKnownParameters(name(), java.util.Set.of());
        SplittableRandom rnd = new SplittableRandom(request.seed());
        List<FrameScore> scores = new ArrayList<>();
        Map<String, Long> cost = new HashMap<>();
        long poolPixels = 0;
        for (String id : request.pool()) {
            int pixels;
            try (SampleStream samples = request.probabilities().stream(id)) {
                pixels = samples.pixels();
            }
            scores.add(new FrameScore(id, rnd.nextDouble(), List.of()));
            long c = FrameBudget.unlabelledPixels(request.labelled(), id, pixels);
            cost.put(id, c);
            poolPixels += c;
        }
        long budget = request.budget().resolve(poolPixels);
        List<String> ranked = scores.stream()
                .sorted(Comparator.comparingDouble(FrameScore::score).reversed())
                .map(FrameScore::id)
                .toList();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("seed", request.seed());
        parameters.put("order", "descending uniform draw per frame in pool order (SplittableRandom)");
        parameters.put("budget_pixels", budget);
        parameters.put("selection_rule", FrameBudget.RULE);
        return new AcquisitionResult(name(), request.compat(), parameters, scores,
                FrameBudget.select(ranked, cost, budget));
    }
}
