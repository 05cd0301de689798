package org.activeseg.acquisition.learningloss;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.activeseg.acquisition.FrameBudget;
import org.activeseg.acquisition.Granularity;
import org.activeseg.acquisition.SampleStream;

/**
 * Learning Loss acquisition (ALGORITHMS.md 4(a)): frames ranked by their predicted loss, highest
 * first (ties keep pool order), taken whole under {@link FrameBudget}'s rule. The predicted losses
 * come from the loss-prediction module of the network; until the loop trains one, they are read
 * from the parameter {@code predicted_losses=FILE}: one {@code <frame id> <loss>} per line ('#'
 * comments allowed), covering every pool frame. The reference's random SUBSET of 10,000 candidates
 * is a cost cut for CIFAR that this method does not need: it ranks the whole pool.
 */
public final class LearningLossMethod implements AcquisitionMethod {
    private static final Set<String> PARAMETERS = Set.of("predicted_losses");

    @Override
    public String name() {
        return "learning-loss";
    }

    @Override
    public org.activeseg.acquisition.ModelOutput modelOutput() {
        return org.activeseg.acquisition.ModelOutput.PREDICTED_LOSS;
    }

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
        String file = request.parameters().get("predicted_losses");
        if (file == null) {
            throw new IllegalArgumentException("learning-loss needs --param predicted_losses=FILE (lines '<frame> <loss>') "
                    + "until the network's loss-prediction module provides them");
        }
        Map<String, Double> predicted = read(Path.of(file));
        Map<String, Long> cost = new HashMap<>();
        List<FrameScore> frames = new ArrayList<>();
        long poolPixels = 0;
        for (String id : request.pool()) {
            Double l = predicted.get(id);
            if (l == null) {
                throw new IllegalArgumentException(file + ": no predicted loss for pool frame " + id);
            }
            int pixels;
            try (SampleStream s = request.probabilities().stream(id)) {
                pixels = s.pixels();
            }
            long c = FrameBudget.unlabelledPixels(request.labelled(), id, pixels);
            cost.put(id, c);
            poolPixels += c;
            frames.add(new FrameScore(id, l, List.of()));
        }
        long budget = request.budget().resolve(poolPixels);
        List<String> ranked = frames.stream()
                .sorted(Comparator.comparingDouble(FrameScore::score).reversed())
                .map(FrameScore::id).toList();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("predicted_losses", file);
        params.put("order", "descending predicted loss");
        params.put("budget_pixels", budget);
        params.put("selection_rule", FrameBudget.RULE);
        return new AcquisitionResult(name(), request.compat(), params, frames, FrameBudget.select(ranked, cost, budget));
    }

    static Map<String, Double> read(Path file) throws IOException {
        Map<String, Double> out = new HashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("[\\s,]+");
            if (parts.length != 2) {
                throw new IOException(file + ":" + n + ": expected '<frame> <loss>', got '" + t + "'");
            }
            double v;
            try {
                v = Double.parseDouble(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + n + ": loss '" + parts[1] + "' is not a number");
            }
            if (!Double.isFinite(v)) {
                throw new IOException(file + ":" + n + ": loss of frame " + parts[0] + " is " + v);
            }
            if (out.put(parts[0], v) != null) {
                throw new IOException(file + ":" + n + ": frame " + parts[0] + " appears twice");
            }
        }
        return out;
    }
}
