package org.activeseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.activeseg.backend.BackendChoice;
import org.activeseg.backend.BackendSelector;
import org.activeseg.data.Dataset;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.data.scannet.SplitFiles;
import org.activeseg.data.synthetic.SensorNoise;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticDatasetWriter;
import org.activeseg.loop.ActiveLearningRun;
import org.activeseg.loop.RunConfig;
import org.activeseg.loop.RunOutputs;
import org.activeseg.loop.TrainingPool;
import org.activeseg.report.Json;
import org.activeseg.loop.state.RoundRow;
import org.activeseg.loop.state.RunDatabase;
import org.activeseg.loop.state.RunLock;
import org.activeseg.loop.state.StepMark;
import org.activeseg.loop.state.Track;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code activeseg run}: the active-learning loop for every strategy, persistent and resumable. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the active-learning loop (seed set, then rounds of score -> select -> oracle labels ->"
                + " retrain -> evaluate) for each strategy and seed, with its state in DIR/state.db, and writes"
                + " rounds.csv, results.json, curves.png/svg and report.html into DIR.",
                "Without --dataset it generates the built-in synthetic dataset into DIR/dataset.",
                "A run killed at any point continues with: activeseg run --resume DIR"})
public final class RunCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory: new or empty (a directory holding a run is continued with --resume).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its last finished step,"
            + " with the configuration it was created with; options that would change it are refused, except --rounds N.")
    Path resume;

    @Option(names = "--dataset", paramLabel = "DIR", description = "A dataset in the ScanNet export layout (default: synthetic).")
    Path dataset;

    @Option(names = "--strategy", split = ",", paramLabel = "S", completionCandidates = ScoreCommand.MethodNames.class,
            description = "Strategies, repeatable or comma-separated, of: ${COMPLETION-CANDIDATES}"
                    + " (default random,entropy,viewal,ripu-ra).")
    List<String> strategies;

    @Option(names = "--seeds", paramLabel = "K", defaultValue = "1", description = "Seeds per strategy (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "R",
            description = "Acquisition rounds after the seed set (default ${DEFAULT-VALUE}); with --resume: extend the run to R rounds.")
    int rounds;

    @Option(names = "--budget", defaultValue = "5%", paramLabel = "B",
            description = "Per round: a percentage of the training pixels (3%%), a pixel count (5000) or a number of regions"
                    + " (40r: frames, superpixels, windows or pixels as the strategy selects) (default ${DEFAULT-VALUE}).")
    String budget;

    @Option(names = "--initial", defaultValue = "0.1", paramLabel = "F",
            description = "Fraction of training frames labelled in full as the seed set (default ${DEFAULT-VALUE}).")
    double initial;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "300",
            description = "Training iterations per round, whatever the number of labelled frames (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--continue-model", description = "Fine-tune the previous round's model instead of training a fresh one.")
    boolean continueModel;

    @Option(names = "--mc-samples", defaultValue = "20", paramLabel = "T", description = "MC-dropout samples (default ${DEFAULT-VALUE}).")
    int mcSamples;

    @Option(names = "--width", paramLabel = "N", defaultValue = "16", description = "Network base width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8", description = "Training batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--compat", description = "Reproduce the reference code where a method has a compat mode.")
    boolean compat;

    @Option(names = "--no-full", description = "Skip the fully supervised reference training.")
    boolean noFull;

    @Option(names = "--backend", paramLabel = "auto|java|cuda",
            description = "Scoring backend (default: -Dactiveseg.backend, else $ACTIVESEG_BACKEND, else auto).")
    String backend;

    @Option(names = "--scenes", paramLabel = "N", defaultValue = "30", description = "Synthetic dataset: rooms (default ${DEFAULT-VALUE}).")
    int scenes;

    @Option(names = "--frames", paramLabel = "F", defaultValue = "6", description = "Synthetic dataset: frames per room (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--size", defaultValue = "80x60", paramLabel = "WxH", description = "Synthetic frame size (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Base seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--holdout", defaultValue = "0", paramLabel = "F",
            description = "For datasets without a test split (e.g. the ScanNet sample): evaluate on the last F of the"
                    + " training frames by id and keep them out of the pool (default ${DEFAULT-VALUE}: the test split).")
    double holdout;

    @Option(names = "--semi", split = ",", paramLabel = "MODE",
            description = "Training modes, each strategy trained once per mode (default none): none (supervised only),"
                    + " ripu (RIPU's negative learning on the unlabelled pixels and local consistency on the labelled"
                    + " boundaries), u2pl (U2PL: EMA teacher, entropy-filtered pseudo-labels, contrastive loss with memory"
                    + " banks, CutMix; --compat: the code's negative masks). A semi-supervised track is named STRATEGY+MODE;"
                    + " the fully supervised reference stays"
                    + " supervised. Comma-separated, e.g. --semi none,ripu for both side by side.")
    List<String> semi;

    /** The stored configuration keys each option sets (what --resume compares). */
    private static final Map<String, List<String>> RESUME_KEYS = Map.ofEntries(
            Map.entry("--out", List.of()), Map.entry("--dataset", List.of("dataset")),
            Map.entry("--strategy", List.of("strategies")), Map.entry("--seeds", List.of("seeds")),
            Map.entry("--budget", List.of("budget")), Map.entry("--initial", List.of("initial_fraction")),
            Map.entry("--steps", List.of("steps")), Map.entry("--continue-model", List.of("continue_model")),
            Map.entry("--mc-samples", List.of("mc_samples")), Map.entry("--width", List.of("width")),
            Map.entry("--batch", List.of("batch_size")), Map.entry("--compat", List.of("compat")),
            Map.entry("--no-full", List.of("full_supervision")), Map.entry("--backend", List.of("backend")),
            Map.entry("--scenes", List.of("synthetic_scenes")), Map.entry("--frames", List.of("synthetic_frames")),
            Map.entry("--size", List.of("synthetic_width", "synthetic_height")), Map.entry("--seed", List.of("seed")),
            Map.entry("--holdout", List.of("holdout")), Map.entry("--semi", List.of("semi")));

    static final List<String> DEFAULT_STRATEGIES = List.of("random", "entropy", "viewal", "ripu-ra");

    @Override
    public Integer call() throws Exception {
        if ((out == null) == (resume == null)) {
            throw new IllegalArgumentException("give either --out DIR (a new run) or --resume DIR");
        }
        return resume != null ? resume(resume.toAbsolutePath()) : start(out.toAbsolutePath());
    }

    /**
     * A new run: everything that can be checked (the directory, the configuration, the dataset, the
     * budget against the pool, the backend) is checked before anything is written, and a start that
     * fails before its state database exists removes its lock file and the directories it created.
     */
    private int start(Path dir) throws Exception {
        NewRunDirectory target = NewRunDirectory.check(dir);
        int[] wh = GenerateCommand.parseSize(size);
        RunConfig config = new RunConfig(dataset == null ? null : dataset.toAbsolutePath().toString(), scenes, frames,
                wh[0], wh[1], strategies == null ? DEFAULT_STRATEGIES : strategies, seeds, rounds, budget, initial, steps,
                continueModel, mcSamples, width, batch, compat, backend == null ? "auto" : backend, !noFull, seed, holdout,
                semi == null ? RunConfig.SUPERVISED : semi);
        trainingPool(config).check(config);
        try (BackendChoice choice = BackendSelector.fromEnvironment().select(backend)) {
            config = config.withBackend(choice.requested());
            RunLock lock;
            RunDatabase db;
            try {
                lock = RunLock.acquire(dir);
            } catch (IOException | RuntimeException e) {
                target.removeIfCreated();
                throw e;
            }
            try {
                db = RunDatabase.create(dir, config.toJson());
            } catch (RuntimeException e) {
                lock.discard();
                target.removeIfCreated();
                throw e;
            }
            try (lock; db) {
                db.putMeta(RunOutputs.PROVENANCE, provenance(dir, config, choice));
                execute(dir, config, db, choice);
            }
        }
        return 0;
    }

    /** Continues the run in {@code dir}; a directory that holds no run is left as it was. */
    private int resume(Path dir) throws Exception {
        if (!Files.isRegularFile(dir.resolve(RunDatabase.FILE_NAME))) {
            throw new IllegalArgumentException(dir + " holds no run to resume (no " + RunDatabase.FILE_NAME + ")");
        }
        RunLock lock = RunLock.acquire(dir);
        RunDatabase db;
        RunConfig config;
        try {
            db = RunDatabase.open(dir);
        } catch (RuntimeException e) {
            lock.discard();
            throw e;
        }
        try {
            config = resumedConfig(RunConfig.fromJson(db.configJson()));
            if (config.rounds() != RunConfig.fromJson(db.configJson()).rounds()) {
                db.replaceConfig(config.toJson());
            }
        } catch (IOException | RuntimeException e) {
            db.close();
            lock.discard();
            throw e;
        }
        try (lock; db; BackendChoice choice = BackendSelector.fromEnvironment().select(config.backend())) {
            execute(dir, config, db, choice);
        }
        return 0;
    }

    /**
     * The stored configuration, extended to {@code --rounds N} when given: a resumed run keeps every
     * setting it was created with, so any other option is refused with the stored configuration.
     */
    private RunConfig resumedConfig(RunConfig stored) throws IOException {
        // Repeating the original command line with --resume is fine; an option that would change the run is not.
        int[] wh = GenerateCommand.parseSize(size);
        RunConfig given = new RunConfig(dataset == null ? null : dataset.toAbsolutePath().toString(), scenes, frames,
                wh[0], wh[1], strategies == null ? DEFAULT_STRATEGIES : strategies, seeds, stored.rounds(), budget, initial,
                steps, continueModel, mcSamples, width, batch, compat, backend == null ? stored.backend() : backend,
                !noFull, seed, holdout, semi == null ? stored.semi() : semi);
        Map<String, Object> want = Json.parseObject(given.toJson(), "options");
        Map<String, Object> have = Json.parseObject(stored.toJson(), "stored configuration");
        List<String> refused = new ArrayList<>();
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            List<String> keys = RESUME_KEYS.get(o.longestName());
            if (keys == null) {
                continue; // --resume, --rounds (below), --verbose
            }
            for (String k : keys) {
                if (!String.valueOf(want.get(k)).equals(String.valueOf(have.get(k)))) {
                    refused.add(o.longestName() + " (" + k + " " + want.get(k) + ", stored " + have.get(k) + ")");
                    break;
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("--resume continues a run with the configuration it was created with, so "
                    + String.join(", ", refused) + " cannot change it (only --rounds N, to add rounds); stored: "
                    + stored.toJson());
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--rounds") || rounds == stored.rounds()) {
            return stored;
        }
        if (rounds < stored.rounds()) {
            throw new IllegalArgumentException("--rounds " + rounds + " is fewer than the run's " + stored.rounds()
                    + " rounds: --resume --rounds N can only add rounds");
        }
        RunConfig extended = stored.withRounds(rounds);
        trainingPool(extended).check(extended);
        return extended;
    }

    /** Where a run's results come from: version, commit, command line, backend, device, dataset (JSON). */
    private String provenance(Path dir, RunConfig config, BackendChoice choice) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("version", VersionInfo.activesegVersion());
        String commit = System.getProperty("activeseg.commit");
        p.put("commit", commit == null || commit.isBlank() ? "unknown (not started through ./activeseg in a git checkout)"
                : commit);
        p.put("command_line", "activeseg " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        p.put("backend", choice.backend().name() + " (requested " + choice.requested() + ")");
        String devices = choice.facts().get("devices");
        p.put("device", (devices != null && !devices.startsWith("none") ? devices + "; " : "") + "CPU: "
                + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        p.put("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        p.put("dataset", config.dataset() != null ? config.dataset()
                : String.format("synthetic, generated into %s (%d rooms x %d frames, %dx%d, seed %d)",
                        datasetRoot(dir, config), config.syntheticScenes(), config.syntheticFrames(),
                        config.syntheticWidth(), config.syntheticHeight(), config.seed()));
        return Json.write(p).strip();
    }

    /** The training pool {@code config} will have, known before any work (the synthetic dataset is not generated yet). */
    private TrainingPool trainingPool(RunConfig config) throws IOException {
        if (config.dataset() == null) {
            syntheticConfig(config);
            return TrainingPool.synthetic(config);
        }
        Path root = Path.of(config.dataset());
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("--dataset " + root + " is not a directory");
        }
        Dataset ds = ScanNetReader.open(root);
        if (!SplitFiles.present(ds.layout())) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("dataset " + root + " has no split files: default split "
                    + SplitFiles.describeDefaults(ds.scenes()));
            err.flush();
        }
        return TrainingPool.of(config, ds);
    }

    private void execute(Path dir, RunConfig config, RunDatabase db, BackendChoice choice) throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        prepareDataset(dir, config);
        Dataset ds = ScanNetReader.open(datasetRoot(dir, config));
        try (LogListener listener = new LogListener(config, db)) {
            new ActiveLearningRun(dir, config, ds, db, choice.backend(), listener).run();
        }
        RunOutputs.write(dir, db, ds);
        summary(pw, db, dir);
    }

    static Path datasetRoot(Path dir, RunConfig config) {
        return config.dataset() != null ? Path.of(config.dataset()) : dir.resolve("dataset");
    }

    private static SyntheticConfig syntheticConfig(RunConfig config) {
        return SyntheticConfig.defaults().withScenes(config.syntheticScenes(), config.syntheticFrames())
                .withSize(config.syntheticWidth(), config.syntheticHeight()).withSeed(config.seed())
                .withNoise(SensorNoise.NONE);
    }

    /** Generates the synthetic dataset into the run, unless the run names its dataset or a start already wrote it. */
    private static void prepareDataset(Path dir, RunConfig config) throws Exception {
        Path target = datasetRoot(dir, config);
        if (config.dataset() != null || Files.exists(target)) {
            return; // the synthetic dataset is written atomically: present means complete
        }
        SyntheticDatasetWriter.Summary s = new SyntheticDatasetWriter(syntheticConfig(config), -1).write(target);
        System.err.printf("generated the synthetic dataset: %d frames in %d rooms (%dx%d) in %s%n", s.frames(), s.scenes(),
                config.syntheticWidth(), config.syntheticHeight(), target);
    }

    private static void summary(PrintWriter pw, RunDatabase db, Path dir) {
        pw.printf("%-18s %4s %5s %10s %8s%n", "strategy", "seed", "round", "labelled", "mIoU");
        for (RoundRow r : db.metrics()) {
            pw.printf("%-18s %4d %5d %9.2f%% %8.4f%n", r.strategy(), r.seed(), r.round(),
                    100 * r.metrics().labelledFraction(), r.metrics().miou());
        }
        pw.printf("report: %s%n", dir.resolve("report.html"));
        pw.flush();
    }

    /** One line per finished step on stderr (stdout keeps the summary), and a bar over all steps on a terminal. */
    private static final class LogListener implements ActiveLearningRun.Listener, AutoCloseable {
        private final Progress progress;
        private long started;

        LogListener(RunConfig config, RunDatabase db) {
            int steps = 3 * (config.rounds() + 1) * config.strategies().size() * config.seeds()
                    + (config.fullSupervision() ? 3 : 0);
            progress = Progress.start("run", steps);
            long done = 0;
            for (Track t : db.tracks()) {
                done += db.track(t).lastFinished()
                        .map(m -> 3L * m.round() + m.phase().ordinal() + 1).orElse(0L);
            }
            progress.stepBy(done);
        }

        @Override
        public void stepStarted(Track track, StepMark step) {
            started = System.nanoTime();
            progress.extraMessage(track.strategy() + "/" + track.seed() + " round " + step.round() + " "
                    + step.phase().name().toLowerCase(java.util.Locale.ROOT));
        }

        @Override
        public void epoch(Track track, int round, int epoch, int epochs, double loss) {
            progress.extraMessage(String.format("%s/%d round %d epoch %d/%d loss %.3f", track.strategy(), track.seed(),
                    round, epoch + 1, epochs, loss));
        }

        @Override
        public void stepFinished(Track track, StepMark step, String summary) {
            System.err.printf("%s seed %d round %d %s: %s (%.1f s)%n", track.strategy(), track.seed(), step.round(),
                    step.phase().name().toLowerCase(java.util.Locale.ROOT), summary, (System.nanoTime() - started) / 1e9);
            progress.step();
        }

        @Override
        public void close() {
            progress.close();
        }
    }
}
