package org.activeseg.loop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionMethods;
import org.activeseg.model.semi.SemiModes;
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
 * @param steps            training iterations (SGD steps) per round; epochs follow from the labelled frames
 * @param continueModel    fine-tune the previous round's model (true) or train a fresh one each round (false)
 * @param mcSamples        T for MC-dropout methods
 * @param width            the network's base width
 * @param batchSize        training batch size
 * @param compat           reproduce the reference code's behaviour where methods have a compat mode
 * @param backend          scoring backend: auto, java or cuda
 * @param fullSupervision  also train once on every training frame (the reference for "95 % of full mIoU")
 * @param seed             base seed
 * @param holdout          0: evaluate on the dataset's test split; in (0, 1): hold out that fraction of the training
 *                         frames (the last ones by id) as the test split, for datasets without one
 * @param semi             training modes, each strategy trained once per mode: {@code none} (supervised) and the
 *                         semi-supervised ones of {@link SemiModes} (a track's name is then {@code STRATEGY+MODE});
 *                         the fully supervised reference is always supervised
 */
public record RunConfig(String dataset, int syntheticScenes, int syntheticFrames, int syntheticWidth, int syntheticHeight,
                        List<String> strategies, int seeds, int rounds, String budget, double initialFraction, int steps,
                        boolean continueModel, int mcSamples, int width, int batchSize, boolean compat, String backend,
                        boolean fullSupervision, long seed, double holdout, List<String> semi) {

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
        if (seeds < 1 || rounds < 0 || steps < 1 || mcSamples < 1 || batchSize < 1) {
            throw new IllegalArgumentException("seeds, steps, MC samples and batch size must be >= 1 and rounds >= 0 (got "
                    + seeds + ", " + steps + ", " + mcSamples + ", " + batchSize + ", " + rounds + ")");
        }
        if (!(initialFraction > 0 && initialFraction <= 1)) {
            throw new IllegalArgumentException("--initial must be a fraction in (0, 1], got " + initialFraction);
        }
        parseBudget(budget, 1);
        if (!(holdout >= 0 && holdout < 1)) {
            throw new IllegalArgumentException("--holdout must be a fraction in [0, 1), got " + holdout);
        }
        semi = List.copyOf(semi);
        if (semi.isEmpty()) {
            throw new IllegalArgumentException("--semi needs at least one mode (none for supervised training)");
        }
        for (String m : semi) {
            String why = SemiModes.refusal(m);
            if (why != null) {
                throw new IllegalArgumentException(why);
            }
        }
        if (semi.stream().distinct().count() != semi.size()) {
            throw new IllegalArgumentException("a --semi mode is named twice in " + semi);
        }
        if (initialFraction == 1 && semi.stream().anyMatch(m -> !m.equals(SemiModes.NONE))) {
            throw new IllegalArgumentException("--semi " + String.join(",", semi) + " trains on the unlabelled training pixels,"
                    + " but --initial 1 labels every training frame in round 0, so there are none");
        }
    }

    /** The supervised-only modes list, what a run stored before --semi existed means. */
    public static final List<String> SUPERVISED = List.of(SemiModes.NONE);

    /** This configuration with {@code rounds} acquisition rounds (a finished run extended by {@code run --resume --rounds}). */
    public RunConfig withRounds(int rounds) {
        return new RunConfig(dataset, syntheticScenes, syntheticFrames, syntheticWidth, syntheticHeight, strategies, seeds,
                rounds, budget, initialFraction, steps, continueModel, mcSamples, width, batchSize, compat, backend,
                fullSupervision, seed, holdout, semi);
    }

    /** This configuration with the scoring backend request {@code backend} (auto, java or cuda). */
    public RunConfig withBackend(String backend) {
        return new RunConfig(dataset, syntheticScenes, syntheticFrames, syntheticWidth, syntheticHeight, strategies, seeds,
                rounds, budget, initialFraction, steps, continueModel, mcSamples, width, batchSize, compat, backend,
                fullSupervision, seed, holdout, semi);
    }

    /** Epochs over {@code frames} partially labelled frames that give at least {@link #steps} iterations. */
    public int epochsFor(int frames) {
        int batches = Math.max(1, (frames + batchSize - 1) / batchSize);
        return Math.max(1, (steps + batches - 1) / batches);
    }

    /** The per-round budget in pixels for a training split of {@code trainPixels} pixels; 0 for a budget in regions. */
    public long budgetPixels(long trainPixels) {
        return budgetRegions() > 0 ? 0 : parseBudget(budget, trainPixels);
    }

    /** The per-round budget in regions (clicks: frames, superpixels, windows or pixels as the method selects); 0 for a pixel budget. */
    public int budgetRegions() {
        String b = budget == null ? "" : budget.strip();
        return b.endsWith("r") ? (int) parseBudget(b.substring(0, b.length() - 1), 1) : 0;
    }

    static long parseBudget(String budget, long trainPixels) {
        String b = budget == null ? "" : budget.strip();
        try {
            if (b.endsWith("r")) {
                long n = Long.parseLong(b.substring(0, b.length() - 1));
                if (n < 1 || n > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("--budget in regions must be >= 1, got " + budget);
                }
                return n;
            }
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
            throw new IllegalArgumentException("--budget must be a percentage of the training pixels (e.g. 2%), a pixel"
                    + " count (e.g. 5000) or a number of regions (e.g. 40r), got '" + budget + "'");
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
        m.put("steps", steps);
        m.put("continue_model", continueModel);
        m.put("mc_samples", mcSamples);
        m.put("width", width);
        m.put("batch_size", batchSize);
        m.put("compat", compat);
        m.put("backend", backend);
        m.put("full_supervision", fullSupervision);
        m.put("seed", seed);
        m.put("holdout", holdout);
        m.put("semi", semi);
        return Json.write(m).strip();
    }

    public static RunConfig fromJson(String json) {
        Map<String, Object> m = Json.parseObject(json, "run configuration");
        List<String> strategies = new ArrayList<>();
        for (Object o : (List<?>) get(m, "strategies")) {
            strategies.add((String) o);
        }
        return new RunConfig((String) m.get("dataset"), num(m, "synthetic_scenes"), num(m, "synthetic_frames"),
                num(m, "synthetic_width"), num(m, "synthetic_height"), strategies, num(m, "seeds"), num(m, "rounds"),
                (String) get(m, "budget"), ((Number) get(m, "initial_fraction")).doubleValue(), num(m, "steps"),
                (Boolean) get(m, "continue_model"), num(m, "mc_samples"), num(m, "width"), num(m, "batch_size"),
                (Boolean) get(m, "compat"), (String) get(m, "backend"), (Boolean) get(m, "full_supervision"),
                ((Number) get(m, "seed")).longValue(), ((Number) get(m, "holdout")).doubleValue(), semi(m));
    }

    /** The stored modes; a run created before --semi existed has none stored and trained supervised. */
    private static List<String> semi(Map<String, Object> m) {
        if (!m.containsKey("semi")) {
            return SUPERVISED;
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) m.get("semi")) {
            out.add((String) o);
        }
        return out;
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
