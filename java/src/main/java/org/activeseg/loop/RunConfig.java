package org.activeseg.loop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionMethods;
import org.activeseg.report.Json;

/**
 * Everything that defines an active-learning run, stored in the run's database when it is created
 * so {@code run --resume} continues with exactly these settings.
 *
 * @param dataset          the dataset directory, or null for the built-in synthetic dataset (generated into the run)
 * @param syntheticScenes  rooms of the synthetic dataset
 * @param syntheticFrames  frames per room
 * @param syntheticWidth   synthetic frame width
 * @param syntheticHeight  synthetic frame height
 * @param strategies       acquisition methods, by CLI name
 * @param seeds            repetitions per strategy (seed set, training and MC draws differ per seed)
 * @param rounds           acquisition rounds after the seed round
 * @param budget           labelled per round: a percentage of the training split's pixels ("2%") or a pixel count
 * @param initialFraction  fraction of the training frames labelled in full as the seed set (the same per seed for every strategy)
 * @param epochs           training epochs per round
 * @param continueModel    fine-tune the previous round's model (true) or train a fresh one each round (false)
 * @param mcSamples        T for MC-dropout methods
 * @param width            the network's base width
 * @param batchSize        training batch size
 * @param compat           reproduce the reference code's behaviour where methods have a compat mode
 * @param backend          scoring backend: auto, java or cuda
 * @param fullSupervision  also train once on every training frame (the reference for "95 % of full mIoU")
 * @param seed             base seed
 */
public record RunConfig(String dataset, int syntheticScenes, int syntheticFrames, int syntheticWidth, int syntheticHeight,
                        List<String> strategies, int seeds, int rounds, String budget, double initialFraction, int epochs,
                        boolean continueModel, int mcSamples, int width, int batchSize, boolean compat, String backend,
                        boolean fullSupervision, long seed) {

    /** The strategy name of the fully supervised reference track. */
    public static final String FULL = "full-supervision";

    public RunConfig {
        strategies = List.copyOf(strategies);
        if (strategies.isEmpty()) {
            throw new IllegalArgumentException("at least one --strategy is needed");
        }
        for (String s : strategies) {
            if (!AcquisitionMethods.names().contains(s)) {
                throw new IllegalArgumentException("unknown strategy '" + s + "'; known strategies: "
                        + String.join(", ", AcquisitionMethods.names()));
            }
        }
        if (strategies.stream().distinct().count() != strategies.size()) {
            throw new IllegalArgumentException("a strategy is named twice in " + strategies);
        }
        if (seeds < 1 || rounds < 0 || epochs < 1 || mcSamples < 1 || batchSize < 1) {
            throw new IllegalArgumentException("seeds, epochs, MC samples and batch size must be >= 1 and rounds >= 0 (got "
                    + seeds + ", " + epochs + ", " + mcSamples + ", " + batchSize + ", " + rounds + ")");
        }
        if (!(initialFraction > 0 && initialFraction <= 1)) {
            throw new IllegalArgumentException("--initial must be a fraction in (0, 1], got " + initialFraction);
        }
        parseBudget(budget, 1);
    }

    /** The per-round budget in pixels for a training split of {@code trainPixels} pixels. */
    public long budgetPixels(long trainPixels) {
        return parseBudget(budget, trainPixels);
    }

    static long parseBudget(String budget, long trainPixels) {
        String b = budget == null ? "" : budget.strip();
        try {
            if (b.endsWith("%")) {
                double pct = Double.parseDouble(b.substring(0, b.length() - 1));
                if (!(pct > 0 && pct <= 100)) {
                    throw new IllegalArgumentException("--budget percentage must be in (0, 100], got " + budget);
                }
                return Math.max(1, Math.round(pct / 100 * trainPixels));
            }
            long px = Long.parseLong(b);
            if (px < 1) {
                throw new IllegalArgumentException("--budget must be >= 1 pixel, got " + budget);
            }
            return px;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--budget must be a percentage of the training pixels (e.g. 2%) or a pixel"
                    + " count, got '" + budget + "'");
        }
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("synthetic_scenes", syntheticScenes);
        m.put("synthetic_frames", syntheticFrames);
        m.put("synthetic_width", syntheticWidth);
        m.put("synthetic_height", syntheticHeight);
        m.put("strategies", strategies);
        m.put("seeds", seeds);
        m.put("rounds", rounds);
        m.put("budget", budget);
        m.put("initial_fraction", initialFraction);
        m.put("epochs", epochs);
        m.put("continue_model", continueModel);
        m.put("mc_samples", mcSamples);
        m.put("width", width);
        m.put("batch_size", batchSize);
        m.put("compat", compat);
        m.put("backend", backend);
        m.put("full_supervision", fullSupervision);
        m.put("seed", seed);
        return Json.write(m).strip();
    }

    public static RunConfig fromJson(String json) {
        Map<String, Object> m = JsonObject.parse(json);
        List<String> strategies = new ArrayList<>();
        for (Object o : (List<?>) get(m, "strategies")) {
            strategies.add((String) o);
        }
        return new RunConfig((String) m.get("dataset"), num(m, "synthetic_scenes"), num(m, "synthetic_frames"),
                num(m, "synthetic_width"), num(m, "synthetic_height"), strategies, num(m, "seeds"), num(m, "rounds"),
                (String) get(m, "budget"), ((Number) get(m, "initial_fraction")).doubleValue(), num(m, "epochs"),
                (Boolean) get(m, "continue_model"), num(m, "mc_samples"), num(m, "width"), num(m, "batch_size"),
                (Boolean) get(m, "compat"), (String) get(m, "backend"), (Boolean) get(m, "full_supervision"),
                ((Number) get(m, "seed")).longValue());
    }

    private static Object get(Map<String, Object> m, String k) {
        if (!m.containsKey(k)) {
            throw new IllegalArgumentException("run configuration has no '" + k + "'");
        }
        return m.get(k);
    }

    private static int num(Map<String, Object> m, String k) {
        return ((Number) get(m, k)).intValue();
    }
}
