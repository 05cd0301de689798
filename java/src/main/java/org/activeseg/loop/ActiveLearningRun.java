package org.activeseg.loop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.activeseg.acquisition.AcquisitionMethod;
import org.activeseg.acquisition.AcquisitionMethods;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.Granularity;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.MapSink;
import org.activeseg.acquisition.ModelOutput;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.io.AtomicFile;
import org.activeseg.loop.state.CheckpointRow;
import org.activeseg.loop.state.FrameScoreRow;
import org.activeseg.loop.state.LabelledRegion;
import org.activeseg.loop.state.RoundMetrics;
import org.activeseg.loop.state.RunDatabase;
import org.activeseg.loop.state.StepMark;
import org.activeseg.loop.state.Track;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.model.augment.ImageNormalization;
import org.activeseg.model.augment.TrainingSample;
import org.activeseg.model.lossnet.GradientStop;
import org.activeseg.model.lossnet.LearningLossAuxiliary;
import org.activeseg.model.lossnet.LearningLossObjective;
import org.activeseg.model.lossnet.LossPredictionModule;
import org.activeseg.model.net.ConfusionMatrix;
import org.activeseg.model.net.NetworkConfig;
import org.activeseg.model.net.SegmentationInference;
import org.activeseg.model.net.SegmentationNetwork;
import org.activeseg.model.net.SegmentationTrainer;
import org.activeseg.model.semi.SemiModes;
import org.activeseg.model.semi.SemiSupervision;
import org.activeseg.model.semi.U2plTraining;
import org.activeseg.model.train.NamedTensor;
import org.activeseg.model.net.TrainingConfig;
import org.activeseg.model.train.Checkpoint;

/**
 * The active-learning loop (DESIGN.md "The loop and its state"): for every (strategy, seed) track,
 * round 0 labels the seed set, then each round r trains, evaluates on the test split and, while
 * r < R, scores the pool with the round's model, selects within the budget and has the oracle
 * label exactly the selected regions. Each step commits to the {@link RunDatabase} when it is
 * finished (labels in one transaction, a checkpoint file fsynced and then recorded, metrics), so a
 * run killed at any moment resumes at the first unfinished step. Every random draw derives from
 * (run seed, track seed, round), so a resumed run reproduces an uninterrupted one exactly.
 *
 * <p>The loop has no per-strategy cases: it asks each method what model output it needs
 * ({@link AcquisitionMethod#modelOutput()}).
 */
public final class ActiveLearningRun {

    /** Progress and log lines. */
    public interface Listener {
        void stepStarted(Track track, StepMark step);

        void epoch(Track track, int round, int epoch, int epochs, double loss);

        void stepFinished(Track track, StepMark step, String summary);
    }

    private final Path dir;
    private final RunConfig config;
    private final Dataset dataset;
    private final RunDatabase db;
    private final ScoringBackend backend;
    private final Listener listener;
    private final Oracle oracle;
    private final List<String> train;
    private final List<String> test;
    private final long trainPixels;
    private long peakHeap;

    public ActiveLearningRun(Path dir, RunConfig config, Dataset dataset, RunDatabase db, ScoringBackend backend,
                             Listener listener) throws IOException {
        this.dir = dir;
        this.config = config;
        this.dataset = dataset;
        this.db = db;
        this.backend = backend;
        this.listener = listener;
        this.oracle = new Oracle(dataset);
        RunSplit split = RunSplit.of(config, dataset);
        this.train = split.train();
        this.test = split.test();
        long px = 0;
        for (String id : train) {
            Frame f = dataset.frame(id);
            if (!f.hasLabels()) {
                throw new IllegalArgumentException("frame " + id + " of dataset " + dataset.root()
                        + " has no labels: the oracle needs ground truth for every training frame");
            }
            px += f.pixels();
        }
        this.trainPixels = px;
    }

    /** The tracks in run order: the fully supervised reference first (if asked for), then strategy x seed. */
    public List<Track> tracks() {
        List<Track> out = new ArrayList<>();
        if (config.fullSupervision()) {
            out.add(new Track(RunConfig.FULL, 0));
        }
        for (String s : config.strategies()) {
            for (String mode : config.semi()) {
                for (int k = 0; k < config.seeds(); k++) {
                    out.add(Track.of(s, mode, k));
                }
            }
        }
        return out;
    }

    /** Runs (or resumes) every track to its last round. */
    public void run() throws IOException {
        List<Track> known = db.tracks();
        for (Track t : tracks()) {
            if (!known.contains(t)) {
                db.addTrack(t);
            }
            runTrack(t);
        }
    }

    private int lastRound(Track t) {
        return t.strategy().equals(RunConfig.FULL) ? 0 : config.rounds();
    }

    private void runTrack(Track t) throws IOException {
        while (true) {
            StepMark next = db.track(t).next();
            if (next.round() > lastRound(t)) {
                return;
            }
            listener.stepStarted(t, next);
            String summary = switch (next.phase()) {
                case LABELLED -> label(t, next.round());
                case TRAINED -> train(t, next.round());
                case EVALUATED -> evaluate(t, next.round());
            };
            notePeak();
            listener.stepFinished(t, next, summary);
        }
    }

    // ------------------------------------------------------------------ labelling

    private String label(Track t, int round) throws IOException {
        Map<String, BitSet> before = db.track(t).labelledPixels();
        List<AcquisitionResult.Selection> selection;
        List<FrameScoreRow> scores = new ArrayList<>();
        double millisPerFrame = Double.NaN;
        if (round == 0) {
            selection = seedSet(t);
        } else {
            List<String> pool = new ArrayList<>();
            for (String id : train) {
                BitSet b = before.get(id);
                if (b == null || b.cardinality() < dataset.frame(id).pixels()) {
                    pool.add(id);
                }
            }
            if (pool.isEmpty()) {
                throw new IllegalStateException("track " + t + ", round " + round + ": every training pixel is labelled;"
                        + " lower --rounds or --budget");
            }
            AcquisitionMethod method = AcquisitionMethods.create(t.method());
            SegmentationNetwork net = network(t, round);
            LossPredictionModule module = method.modelOutput() == ModelOutput.PREDICTED_LOSS ? lossModule(net, t) : null;
            restore(t, round - 1, net, module);
            SegmentationInference inference = new SegmentationInference(net, ImageNormalization.IMAGENET, config.batchSize());
            int samples = method.modelOutput() == ModelOutput.MC_DROPOUT ? config.mcSamples() : 1;
            NetworkProbabilities probs = new NetworkProbabilities(dataset, inference, samples, seed(t, round, 11));
            Map<String, String> params = new HashMap<>();
            if (module != null) {
                params.put("predicted_losses", predictedLosses(t, round, net, module, pool).toString());
            }
            long t0 = System.nanoTime();
            // A budget in regions asks for every unlabelled pixel and keeps the first N selections: every method's
            // selection is greedy (ranked, or greedy with suppression / coverage), so its first N are what it
            // picks with a budget of N.
            int regions = config.budgetRegions();
            Budget budget = Budget.pixels(regions > 0
                    ? trainPixels - db.track(t).labelledPixelCount() : config.budgetPixels(trainPixels));
            AcquisitionResult result = method.run(new AcquisitionRequest(dataset, pool, probs, budget, config.compat(),
                    params, labelState(t, before), backend, MapSink.NONE, seed(t, round, 12)));
            millisPerFrame = (System.nanoTime() - t0) / 1e6 / pool.size();
            selection = result.selection();
            if (regions > 0 && selection.size() > regions) {
                selection = selection.subList(0, regions);
            }
            for (AcquisitionResult.FrameScore s : result.frames()) {
                if (Double.isFinite(s.score())) {
                    scores.add(new FrameScoreRow(s.id(), s.score()));
                }
            }
        }
        Oracle.Labelling l = oracle.label(selection, before, round);
        if (l.pixels() == 0) {
            throw new IllegalStateException("track " + t + ", round " + round + ": the selection labels no new pixel");
        }
        db.track(t).recordLabels(round, l.regions(), l.newPixels(), scores, millisPerFrame);
        return String.format("labelled %d px in %d regions on %d frames", l.pixels(), l.regions().size(), l.framesTouched());
    }

    /** Round 0: whole training frames, drawn per seed (the same for every strategy), or all for full supervision. */
    private List<AcquisitionResult.Selection> seedSet(Track t) throws IOException {
        List<String> ids = new ArrayList<>(train);
        if (!t.strategy().equals(RunConfig.FULL)) {
            SplittableRandom rng = new SplittableRandom(SegmentationTrainerSeeds.mix(config.seed(), t.seed(), 0, 1));
            for (int i = ids.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                String x = ids.get(i);
                ids.set(i, ids.get(j));
                ids.set(j, x);
            }
            int n = (int) Math.max(1, Math.round(config.initialFraction() * ids.size()));
            ids = new ArrayList<>(ids.subList(0, n));
            ids.sort(null);
        }
        List<AcquisitionResult.Selection> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new AcquisitionResult.Selection(id, Granularity.FRAME, -1, -1, -1, 0, dataset.frame(id).pixels()));
        }
        return out;
    }

    /** What the methods must not select again: the labelled superpixels and every labelled pixel. */
    private LabelState labelState(Track t, Map<String, BitSet> masks) throws IOException {
        LabelState s = LabelState.empty();
        for (LabelledRegion r : db.track(t).regions()) {
            if (r.kind() == Granularity.SUPERPIXEL) {
                s.labelSuperpixel(r.frame(), r.unit(), Oracle.region(dataset.frame(r.frame()), new AcquisitionResult.Selection(
                        r.frame(), r.kind(), r.unit(), r.x(), r.y(), r.radius(), r.pixels())));
            }
        }
        masks.forEach(s::labelPixels);
        return s;
    }

    private Path predictedLosses(Track t, int round, SegmentationNetwork net, LossPredictionModule module,
                                 List<String> pool) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String id : pool) {
            Frame f = dataset.frame(id);
            Tensor4 x = new Tensor4(1, 3, f.height(), f.width(),
                    ImageNormalization.IMAGENET.image(f.rgb(), f.width(), f.height()));
            double l = module.forward(net.encode(x, false).taps(), false).data()[0];
            sb.append(id).append(' ').append(l).append('\n');
        }
        Path file = dir.resolve("work").resolve(fileStem(t) + "-round" + round + "-predicted-losses.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb);
        return file;
    }

    // ------------------------------------------------------------------ training

    private String train(Track t, int round) throws IOException {
        if (round == 0 && sharesRoundZero(t)) {
            String shared = shareRoundZero(t);
            if (shared != null) {
                return shared;
            }
        }
        SegmentationNetwork net = network(t, round);
        boolean learningLoss = !t.strategy().equals(RunConfig.FULL) && learnsLoss(t.method());
        LossPredictionModule module = learningLoss ? lossModule(net, t) : null;
        Checkpoint previous = config.continueModel() && round > 0 ? restore(t, round - 1, net, module) : null;
        Map<String, BitSet> labelled = db.track(t).labelledPixels();
        List<TrainingSample> samples = new ArrayList<>();
        int w = 0;
        int h = 0;
        for (String id : train) {
            BitSet m = labelled.get(id);
            if (m == null || m.isEmpty()) {
                continue;
            }
            Frame f = dataset.frame(id);
            byte[] y = new byte[f.pixels()];
            java.util.Arrays.fill(y, (byte) 255);
            for (int i = m.nextSetBit(0); i >= 0; i = m.nextSetBit(i + 1)) {
                y[i] = f.labels()[i];
            }
            samples.add(new TrainingSample(3, f.width(), f.height(),
                    ImageNormalization.IMAGENET.image(f.rgb(), f.width(), f.height()), y));
            w = f.width();
            h = f.height();
        }
        int epochs = config.epochsFor(samples.size());
        SemiSupervision semi = SemiModes.create(t.semi(), config.compat());
        List<TrainingSample> unlabelled = semi == null ? List.of() : unlabelledSamples(labelled);
        TrainingConfig tc = new TrainingConfig(epochs, config.batchSize(), w, h, true, LEARNING_RATE, 0.9, 1e-4, 0.9,
                seed(t, round, 21));
        LearningLossAuxiliary aux = module == null ? null
                : new LearningLossAuxiliary(module, new LearningLossObjective(), new GradientStop(epochs * 3 / 5));
        SegmentationTrainer trainer = new SegmentationTrainer(net, tc, aux, semi);
        if (semi instanceof U2plTraining u2pl && previous != null) {
            // the heads and the memory bank continue with the model; the teacher starts again as the
            // student at the round's first semi-supervised step, as in every U2PL training
            u2pl.restore(previous.tensors());
            u2pl.restartTeacher();
        }
        SegmentationTrainer.Report r = trainer.train(samples, unlabelled,
                (epoch, loss, seconds) -> listener.epoch(t, round, epoch, epochs, loss));
        Path file = checkpointPath(t, round);
        Files.createDirectories(file.getParent());
        List<Parameter> params = new ArrayList<>(net.parameters());
        if (module != null) {
            params.addAll(module.parameters());
        }
        List<NamedTensor> extra = semi instanceof U2plTraining u2pl ? u2pl.state() : List.of();
        Checkpoint.write(file, net.config().encode(), epochs, r.steps(), params, net.buffers(), extra);
        db.track(t).recordCheckpoint(round, file, sha256(file), Files.size(file), r.seconds());
        String summary = String.format("trained %d steps (%d epochs) on %d frames in %.1f s, loss %.3f", r.steps(), epochs,
                samples.size(), r.seconds(), r.finalLoss());
        if (semi != null) {
            double last = r.epochSemiLoss()[r.epochSemiLoss().length - 1];
            summary += String.format(", %s on %d frames with unlabelled pixels, its loss %.3f", semi.name(), unlabelled.size(), last);
        }
        return summary;
    }

    /**
     * The training frames that have unlabelled pixels, as semi-supervised samples built when drawn: the
     * image, and a label map that marks the unlabelled pixels {@link SemiSupervision#TAKE} and the
     * labelled ones 255. Ground truth is never read for them: the oracle's labels are what is labelled.
     */
    private List<TrainingSample> unlabelledSamples(Map<String, BitSet> labelled) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String id : train) {
            BitSet m = labelled.get(id);
            if (m == null || m.cardinality() < dataset.frame(id).pixels()) {
                ids.add(id);
            }
        }
        return new java.util.AbstractList<>() {
            @Override
            public TrainingSample get(int i) {
                Frame f;
                try {
                    f = dataset.frame(ids.get(i));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("unlabelled frame " + ids.get(i) + ": " + e.getMessage(), e);
                }
                BitSet m = labelled.get(ids.get(i));
                byte[] y = new byte[f.pixels()];
                java.util.Arrays.fill(y, (byte) SemiSupervision.TAKE);
                if (m != null) {
                    for (int k = m.nextSetBit(0); k >= 0; k = m.nextSetBit(k + 1)) {
                        y[k] = (byte) TrainingSample.IGNORE;
                    }
                }
                return new TrainingSample(3, f.width(), f.height(),
                        ImageNormalization.IMAGENET.image(f.rgb(), f.width(), f.height()), y);
            }

            @Override
            public int size() {
                return ids.size();
            }
        };
    }

    /**
     * SGD's base learning rate (poly schedule, momentum 0.9, weight decay 1e-4). 0.1 rather than 0.05:
     * on the synthetic default (30 rooms x 6 frames, 80x60, 250 steps) the fully supervised test mIoU was
     * 0.468 against 0.388 with 0.05, and 0.408 with 0.2 (SupervisedBaseline, seed 1).
     */
    public static final double LEARNING_RATE = 0.1;

    private static boolean learnsLoss(String strategy) {
        return AcquisitionMethods.create(strategy).modelOutput() == ModelOutput.PREDICTED_LOSS;
    }

    /**
     * Whether the track's round-0 model is the one every other such track with its seed trains: the seed
     * set, the initial weights and the training seed derive from (run seed, track seed) only, so the
     * strategies of one seed (and one --semi mode) train the same model on the same frames; only
     * learning loss, which trains its module with the network, differs.
     */
    private static boolean sharesRoundZero(Track t) {
        return !t.strategy().equals(RunConfig.FULL) && !learnsLoss(t.method());
    }

    /**
     * Round 0 without training: when another track of the same seed already has its round-0 checkpoint
     * (and the same seed-set labels), that file is copied (checked against its SHA-256, written to a
     * temporary file, fsynced and renamed, as a trained one) and recorded with the training time it
     * took. Returns the step's summary, or null when there is no such track.
     */
    private String shareRoundZero(Track t) throws IOException {
        List<LabelledRegion> mine = roundZeroRegions(t);
        for (Track d : db.tracks()) {
            if (d.equals(t) || d.seed() != t.seed() || !sharesRoundZero(d) || !d.semi().equals(t.semi())) {
                continue;
            }
            java.util.Optional<CheckpointRow> row = db.track(d).checkpoint(0);
            if (row.isEmpty() || !roundZeroRegions(d).equals(mine)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(verifiedCheckpoint(dir, d, row.get()));
            Path file = checkpointPath(t, 0);
            AtomicFile.writeSynced(file, bytes);
            db.track(t).recordCheckpoint(0, file, row.get().sha256(), bytes.length, row.get().trainingSeconds());
            return String.format("round-0 model of %s reused (same seed set, initial weights and training seed)", d);
        }
        return null;
    }

    /** The regions labelled in round 0. */
    private List<LabelledRegion> roundZeroRegions(Track t) throws IOException {
        return db.track(t).regions().stream().filter(r -> r.round() == 0).toList();
    }

    private SegmentationNetwork network(Track t, int round) {
        return network(config, dataset.numClasses(), t);
    }

    /**
     * The track's network before training: every round starts from the same initial weights (the
     * reference retrains from the same pretrained backbone); with --continue-model round r > 0 then
     * loads round r-1's weights over them.
     */
    static SegmentationNetwork network(RunConfig config, int classes, Track t) {
        long init = SegmentationTrainerSeeds.mix(config.seed(), t.seed(), 0, 31);
        return new SegmentationNetwork(new NetworkConfig(classes, config.width(), new int[] {1, 2, 2, 2}, 4,
                new int[] {2, 4}, 0.25, init));
    }

    private static LossPredictionModule lossModule(SegmentationNetwork net, Track t) {
        return new LossPredictionModule("lossnet", net.tapChannels(), 64, new SplittableRandom(t.seed() * 7 + 3));
    }

    private Checkpoint restore(Track t, int round, SegmentationNetwork net, LossPredictionModule module) throws IOException {
        return restore(dir, db, t, round, net, module);
    }

    /**
     * Loads round {@code round}'s checkpoint of the track into {@code net} (and the module), after checking its
     * SHA-256; returns the checkpoint read, for the state a training mode keeps beside the model.
     */
    static Checkpoint restore(Path dir, RunDatabase db, Track t, int round, SegmentationNetwork net, LossPredictionModule module)
            throws IOException {
        CheckpointRow row = db.track(t).checkpoint(round).orElseThrow(() -> new IllegalStateException(
                "track " + t + " has no checkpoint for round " + round));
        Path file = verifiedCheckpoint(dir, t, row);
        Checkpoint c = Checkpoint.read(file);
        if (!c.config().equals(net.config().encode())) {
            throw new IllegalArgumentException("checkpoint " + file + " is for network '" + c.config() + "', expected '"
                    + net.config().encode() + "'");
        }
        List<Parameter> all = new ArrayList<>(net.parameters());
        all.addAll(net.buffers());
        if (module != null) {
            all.addAll(module.parameters());
        }
        c.restore(all);
        return c;
    }

    /** The recorded checkpoint's file, after checking that its SHA-256 is the one the database recorded. */
    private static Path verifiedCheckpoint(Path dir, Track t, CheckpointRow row) throws IOException {
        Path file = row.path().isAbsolute() ? row.path() : dir.resolve(row.path());
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(row.sha256())) {
            throw new IOException("checkpoint " + file + " of track " + t + ", round " + row.round() + " has sha256 " + actual
                    + " but the run database recorded " + row.sha256() + ": the file was changed or damaged");
        }
        return file;
    }

    // ------------------------------------------------------------------ evaluation

    private String evaluate(Track t, int round) throws IOException {
        SegmentationNetwork net = network(t, round);
        restore(t, round, net, null);
        List<Frame> frames = new ArrayList<>();
        for (String id : test) {
            frames.add(dataset.frame(id));
        }
        ConfusionMatrix m = new SegmentationInference(net, ImageNormalization.IMAGENET, config.batchSize()).evaluate(frames);
        if (Double.isNaN(m.meanIou())) {
            throw new IllegalStateException("the test split of dataset " + dataset.root() + " (" + test.size()
                    + " frames) has no labelled pixel to evaluate on");
        }
        Map<String, BitSet> labelled = db.track(t).labelledPixels();
        long px = 0;
        int touched = 0;
        for (BitSet b : labelled.values()) {
            px += b.cardinality();
            touched += b.isEmpty() ? 0 : 1;
        }
        long regions = db.track(t).regions().size();
        double trainSeconds = db.track(t).checkpoint(round).map(CheckpointRow::trainingSeconds)
                .orElse(Double.NaN);
        double scoring = db.track(t).scoringMillisPerFrame(round);
        db.track(t).recordMetrics(round, new RoundMetrics(px, trainPixels, (double) px / trainPixels, regions,
                touched, m.meanIou(), m.pixelAccuracy(), m.classIou(), scoring, trainSeconds, peakHeap));
        return String.format("mIoU %.4f, pixel accuracy %.4f at %.2f %% labelled", m.meanIou(), m.pixelAccuracy(),
                100.0 * px / trainPixels);
    }

    // ------------------------------------------------------------------ helpers

    private long seed(Track t, int round, int purpose) {
        return SegmentationTrainerSeeds.mix(config.seed(), t.seed(), round, purpose);
    }

    private static String fileStem(Track t) {
        return t.strategy() + "-seed" + t.seed();
    }

    Path checkpointPath(Track t, int round) {
        return dir.resolve("checkpoints").resolve(fileStem(t) + "-round" + round + ".ckpt");
    }

    private void notePeak() {
        Runtime rt = Runtime.getRuntime();
        peakHeap = Math.max(peakHeap, rt.totalMemory() - rt.freeMemory());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seed mixing shared by the loop's steps. */
    static final class SegmentationTrainerSeeds {
        private SegmentationTrainerSeeds() {}

        static long mix(long a, long b, long c, long d) {
            long z = a * 0x9E3779B97F4A7C15L + b * 0xBF58476D1CE4E5B9L + c * 0x94D049BB133111EBL + d * 0xD6E8FEB86659FD93L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
