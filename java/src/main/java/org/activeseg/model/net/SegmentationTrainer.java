package org.activeseg.model.net;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.model.augment.Augmentation;
import org.activeseg.model.augment.TrainingSample;
import org.activeseg.model.layers.SoftmaxCrossEntropy;
import org.activeseg.model.semi.SemiSupervision;
import org.activeseg.model.semi.U2plTraining;
import org.activeseg.model.train.LearningRateSchedule;
import org.activeseg.model.train.ParamGroup;
import org.activeseg.model.train.Sgd;

/**
 * Trains a {@link SegmentationNetwork} on labelled samples (labels 255 where nothing is labelled,
 * which is how the active-learning oracle's partial labels arrive): per epoch a seeded shuffle,
 * per sample ViewAL's augmentation with its own random stream, softmax cross-entropy with ignore
 * 255, SGD with momentum and weight decay under a poly schedule over all steps, and an optional
 * {@link AuxiliaryObjective}, and optionally semi-supervision ({@link SemiSupervision}): per step a batch
 * of unlabelled samples is drawn; a {@link SemiSupervision.PerPass} mode (RIPU) runs it through the
 * network and back after the labelled batch's pass, with its unsupervised term, and both passes'
 * gradients make one SGD step; {@link U2plTraining} pseudo-labels it with its EMA teacher, runs the
 * student once over the labelled and the unlabelled batch together, and updates the teacher after the
 * SGD step. Every random draw derives from the config's seed and the (epoch,
 * sample) position, and the layers' sums do not depend on the thread count, so a fixed seed gives
 * bit-identical weights (SegmentationTrainerTest checks it).
 */
public final class SegmentationTrainer {

    /** Called after every epoch. */
    public interface EpochListener {
        void epochFinished(int epoch, double meanLoss, double seconds);
    }

    /**
     * What training did: steps taken, mean supervised loss per epoch, seconds, and the mean unsupervised
     * loss per epoch (the semi-supervised terms, already weighted; NaN without semi-supervision).
     */
    public record Report(int epochs, long steps, double[] epochLoss, double seconds, double[] epochSemiLoss) {
        public double finalLoss() { return epochLoss.length == 0 ? Double.NaN : epochLoss[epochLoss.length - 1]; }
    }

    private final SegmentationNetwork network;
    private final TrainingConfig config;
    private final AuxiliaryObjective auxiliary;
    private final SemiSupervision semi;
    private final SemiSupervision.PerPass perPass;
    private final U2plTraining u2pl;

    /**
     * @param auxiliary an objective on the taps trained jointly (null: none)
     * @param semi      the semi-supervised terms (null: supervised only)
     */
    public SegmentationTrainer(SegmentationNetwork network, TrainingConfig config, AuxiliaryObjective auxiliary,
                               SemiSupervision semi) {
        this.network = network;
        this.config = config;
        this.auxiliary = auxiliary;
        this.semi = semi;
        this.perPass = semi instanceof SemiSupervision.PerPass pp ? pp : null;
        this.u2pl = semi instanceof U2plTraining u ? u : null;
        if (u2pl != null) {
            u2pl.bind(network, mix(config.seed(), 0, U2PL_HEADS));
        }
    }

    public SegmentationTrainer(SegmentationNetwork network, TrainingConfig config, AuxiliaryObjective auxiliary) {
        this(network, config, auxiliary, null);
    }

    public SegmentationTrainer(SegmentationNetwork network, TrainingConfig config) {
        this(network, config, null);
    }

    /** Trains on {@code samples} (normalised (3, H, W) images; samples without a labelled pixel are skipped). */
    public Report train(List<TrainingSample> samples, EpochListener listener) {
        return train(samples, List.of(), listener);
    }

    /**
     * Trains on {@code samples} and, with semi-supervision, on {@code unlabelled}: samples whose label maps
     * mark the pixels the unsupervised term takes ({@link SemiSupervision#TAKE}, 255 elsewhere; no ground
     * truth). Each step draws min(batch size, pool size) distinct unlabelled samples with a stream of its
     * own (seed, epoch, step) and augments each as the labelled ones, so the pool may be a lazy list
     * (only the drawn samples are read). Without semi-supervision the pool must be empty.
     */
    public Report train(List<TrainingSample> samples, List<TrainingSample> unlabelled, EpochListener listener) {
        if (semi == null && !unlabelled.isEmpty()) {
            throw new IllegalArgumentException(unlabelled.size() + " unlabelled samples given to a trainer without semi-supervision");
        }
        List<TrainingSample> usable = new ArrayList<>();
        for (TrainingSample s : samples) {
            if (s.channels() != 3) {
                throw new IllegalArgumentException("training samples must have 3 channels, got " + s.channels());
            }
            if (hasLabel(s)) {
                usable.add(s);
            }
        }
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("nothing to train on: none of the " + samples.size()
                    + " samples has a labelled pixel");
        }
        if (!config.augment()) {
            TrainingSample first = usable.get(0);
            for (TrainingSample s : usable) {
                if (s.width() != first.width() || s.height() != first.height()) {
                    throw new IllegalArgumentException("without augmentation (no crop) all samples must have one size; got "
                            + first.width() + "x" + first.height() + " and " + s.width() + "x" + s.height());
                }
            }
        }
        List<Parameter> params = new ArrayList<>(network.parameters());
        if (auxiliary != null) {
            params.addAll(auxiliary.parameters());
        }
        if (u2pl != null) {
            params.addAll(u2pl.parameters());
        }
        Sgd sgd = new Sgd(List.of(ParamGroup.of(params)), config.momentum(), config.weightDecay());
        int batches = (usable.size() + config.batchSize() - 1) / config.batchSize();
        long totalSteps = (long) batches * config.epochs();
        LearningRateSchedule schedule = LearningRateSchedule.poly(config.learningRate(), totalSteps, config.polyPower());
        Augmentation augmentation = Augmentation.viewal(config.cropWidth(), config.cropHeight(), 0.5, 0.02);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();

        long step = 0;
        double[] epochLoss = new double[config.epochs()];
        double[] epochSemiLoss = new double[config.epochs()];
        java.util.Arrays.fill(epochSemiLoss, Double.NaN);
        long start = System.nanoTime();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            network.reseedDropout(mix(config.seed(), epoch, -1));
            if (u2pl != null) {
                u2pl.reseed(mix(config.seed(), epoch, -3));
            }
            int[] order = shuffled(usable.size(), new SplittableRandom(mix(config.seed(), epoch, -2)));
            double lossSum = 0;
            int lossCount = 0;
            double semiSum = 0;
            int semiCount = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * config.batchSize();
                int to = Math.min(usable.size(), from + config.batchSize());
                List<TrainingSample> batch = new ArrayList<>(to - from);
                for (int k = from; k < to; k++) {
                    TrainingSample s = usable.get(order[k]);
                    batch.add(config.augment() ? augmentation.apply(s, new SplittableRandom(mix(config.seed(), epoch, k))) : s);
                }
                Tensor4 x = images(batch);
                int[] labels = labels(batch);
                network.zeroGrad();
                if (auxiliary != null) {
                    auxiliary.parameters().forEach(Parameter::zeroGrad);
                }
                if (u2pl != null && u2pl.semiEpoch(epoch, config.epochs()) && !unlabelled.isEmpty()) {
                    u2pl.parameters().forEach(Parameter::zeroGrad);
                    JointStep j = jointStep(x, labels, unlabelled, augmentation, ce, epoch, b, step, schedule);
                    sgd.step(schedule.lr(step));
                    u2pl.afterStep();
                    step++;
                    if (j.counted() > 0) {
                        lossSum += j.supervised();
                        lossCount++;
                    }
                    semiSum += j.semi();
                    semiCount++;
                    continue;
                }
                SegmentationNetwork.Features f = network.encode(x, true);
                Tensor4 logits = network.decode(f, true);
                SoftmaxCrossEntropy.Result r = ce.compute(logits, labels);
                checkFinite(r.loss(), "", epoch, step, schedule);
                List<Tensor4> tapGradients = auxiliary == null ? null : auxiliary.step(f, logits, labels, epoch);
                SemiSupervision.Term boundary = perPass == null ? SemiSupervision.Term.NONE
                        : perPass.labelled(logits, labels, epoch, config.epochs());
                Tensor4 grad = r.gradLogits();
                if (boundary.gradLogits() != null) {
                    addInto(grad, boundary.gradLogits());
                }
                boolean stepped = r.counted() > 0 || tapGradients != null || boundary.gradLogits() != null;
                if (stepped) {
                    network.backward(grad, tapGradients);
                }
                if (perPass != null && !unlabelled.isEmpty()) {
                    SemiSupervision.Term u = unlabelledPass(unlabelled, augmentation, epoch, b);
                    checkFinite(u.loss() + boundary.loss(), "semi-supervised", epoch, step, schedule);
                    stepped |= u.gradLogits() != null;
                    semiSum += u.loss() + boundary.loss();
                    semiCount++;
                } else if (perPass != null) {
                    checkFinite(boundary.loss(), "semi-supervised", epoch, step, schedule);
                    semiSum += boundary.loss();
                    semiCount++;
                }
                if (stepped) {
                    sgd.step(schedule.lr(step));
                }
                step++;
                if (r.counted() > 0) {
                    lossSum += r.loss();
                    lossCount++;
                }
            }
            epochLoss[epoch] = lossCount == 0 ? Double.NaN : lossSum / lossCount;
            if (semiCount > 0) {
                epochSemiLoss[epoch] = semiSum / semiCount;
            }
            if (listener != null) {
                listener.epochFinished(epoch, epochLoss[epoch], (System.nanoTime() - epochStart) / 1e9);
            }
        }
        return new Report(config.epochs(), step, epochLoss, (System.nanoTime() - start) / 1e9, epochSemiLoss);
    }

    /** Stream salts of the unlabelled draws, apart from the labelled ones' (index >= 0, -1 and -2). */
    private static final long UNLABELLED_DRAW = -1_000_000L;
    private static final long UNLABELLED_AUGMENT = -(1L << 40);
    /** Salts of U2PL's representation heads' initial weights and of its per-step draws (CutMix, anchors, keys). */
    private static final long U2PL_HEADS = -5;
    private static final long U2PL_STEP = -2_000_000L;

    /**
     * Step {@code b}'s unlabelled pass: draws the batch, runs it forward in training mode and back with
     * the unsupervised term (its parameter gradients add to the labelled pass's). Returns the term.
     */
    private SemiSupervision.Term unlabelledPass(List<TrainingSample> pool, Augmentation augmentation, int epoch, int b) {
        List<TrainingSample> batch = unlabelledBatch(pool, augmentation, epoch, b);
        Tensor4 x = images(batch);
        boolean[] take = take(batch);
        boolean any = false;
        for (boolean t : take) {
            any |= t;
        }
        if (!any) {
            return SemiSupervision.Term.NONE;
        }
        Tensor4 logits = network.decode(network.encode(x, true), true);
        SemiSupervision.Term u = perPass.unlabelled(logits, take, epoch, config.epochs());
        if (u.gradLogits() != null) {
            network.backward(u.gradLogits(), null);
        }
        return u;
    }

    /** Step {@code b}'s unlabelled batch: min(batch size, pool size) distinct samples drawn and augmented. */
    private List<TrainingSample> unlabelledBatch(List<TrainingSample> pool, Augmentation augmentation, int epoch, int b) {
        int[] drawn = draw(pool.size(), Math.min(config.batchSize(), pool.size()),
                new SplittableRandom(mix(config.seed(), epoch, UNLABELLED_DRAW - b)));
        List<TrainingSample> batch = new ArrayList<>(drawn.length);
        for (int j = 0; j < drawn.length; j++) {
            TrainingSample s = pool.get(drawn[j]);
            if (s.channels() != 3) {
                throw new IllegalArgumentException("unlabelled samples must have 3 channels, got " + s.channels());
            }
            batch.add(config.augment()
                    ? augmentation.apply(s, new SplittableRandom(mix(config.seed(), epoch, UNLABELLED_AUGMENT - ((long) b << 16) - j)))
                    : s);
        }
        TrainingSample first = batch.get(0);
        for (TrainingSample s : batch) {
            if (s.width() != first.width() || s.height() != first.height()) {
                throw new IllegalArgumentException("without augmentation (no crop) all unlabelled samples must have one size; got "
                        + first.width() + "x" + first.height() + " and " + s.width() + "x" + s.height());
            }
        }
        return batch;
    }

    private static boolean[] take(List<TrainingSample> batch) {
        int[] marks = labels(batch);
        boolean[] take = new boolean[marks.length];
        for (int i = 0; i < marks.length; i++) {
            take[i] = marks[i] == SemiSupervision.TAKE;
        }
        return take;
    }

    /** A U2PL step's supervised loss (and the pixels it counted) and its weighted semi-supervised loss. */
    private record JointStep(double supervised, long counted, double semi) {}

    /**
     * U2PL's step (see {@link U2plTraining}): the teacher pseudo-labels (and CutMixes) the unlabelled
     * batch, the student runs once over the labelled batch followed by it, cross-entropy on the labelled
     * part, the auxiliary objective on the labelled part's taps, U2PL's unsupervised and contrastive
     * terms; one backward with all gradients. The optimiser step and the EMA update follow in the caller.
     */
    private JointStep jointStep(Tensor4 x, int[] labels, List<TrainingSample> pool, Augmentation augmentation,
                                SoftmaxCrossEntropy ce, int epoch, int b, long step, LearningRateSchedule schedule) {
        List<TrainingSample> ub = unlabelledBatch(pool, augmentation, epoch, b);
        Tensor4 xu = images(ub);
        if (xu.h() != x.h() || xu.w() != x.w()) {
            throw new IllegalArgumentException("U2PL trains labelled and unlabelled samples in one batch: sizes "
                    + x.w() + "x" + x.h() + " and " + xu.w() + "x" + xu.h() + " differ");
        }
        SplittableRandom rng = new SplittableRandom(mix(config.seed(), epoch, U2PL_STEP - b));
        U2plTraining.Prepared p = u2pl.prepare(xu, take(ub), rng);
        int nl = x.n();
        Tensor4 all = Tensor4.stack(x, p.images());
        SegmentationNetwork.Features f = network.encode(all, true);
        Tensor4 logits = network.decode(f, true);
        Tensor4 logitsL = logits.rows(0, nl);
        SoftmaxCrossEntropy.Result r = ce.compute(logitsL, labels);
        checkFinite(r.loss(), "", epoch, step, schedule);
        List<Tensor4> taps = null;
        if (auxiliary != null) {
            List<Tensor4> own = new ArrayList<>();
            f.taps().forEach(t -> own.add(t.rows(0, nl)));
            List<Tensor4> g = auxiliary.step(new SegmentationNetwork.Features(own, f.inputHeight(), f.inputWidth()), logitsL,
                    labels, epoch);
            if (g != null) {
                taps = new ArrayList<>();
                for (int i = 0; i < g.size(); i++) {
                    Tensor4 t = g.get(i);
                    Tensor4 full = f.taps().get(i);
                    taps.add(t == null ? null : Tensor4.stack(t, new Tensor4(full.n() - nl, full.c(), full.h(), full.w())));
                }
            }
        }
        U2plTraining.Terms t = u2pl.terms(all, logits, labels, nl, p, epoch, config.epochs(), rng);
        checkFinite(t.unsup() + t.contra(), "U2PL", epoch, step, schedule);
        network.backward(Tensor4.stack(r.gradLogits(), t.gradUnlabelledLogits()), taps, t.gradDecoderInput());
        return new JointStep(r.loss(), r.counted(), t.unsup() + t.contra());
    }

    /** {@code k} distinct indices of {@code 0..n-1} (a partial Fisher-Yates shuffle), in draw order. */
    static int[] draw(int n, int k, SplittableRandom rng) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return java.util.Arrays.copyOf(a, k);
    }

    private static void addInto(Tensor4 into, Tensor4 add) {
        if (!into.sameShape(add)) {
            throw new IllegalArgumentException("gradient shapes differ: " + into.shapeString() + " and " + add.shapeString());
        }
        float[] a = into.data();
        float[] d = add.data();
        for (int i = 0; i < a.length; i++) {
            a[i] += d[i];
        }
    }

    /** Throws "training diverged" naming the loss ({@code what}, "" for the supervised one), epoch, step and learning rate. */
    private static void checkFinite(double loss, String what, int epoch, long step, LearningRateSchedule schedule) {
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("training diverged: " + (what.isEmpty() ? "" : what + " ") + "loss " + loss
                    + " at epoch " + epoch + ", step " + step + " (learning rate " + schedule.lr(step) + ")");
        }
    }

    private static boolean hasLabel(TrainingSample s) {
        for (byte b : s.labels()) {
            if ((b & 0xFF) != TrainingSample.IGNORE) {
                return true;
            }
        }
        return false;
    }

    static Tensor4 images(List<TrainingSample> batch) {
        TrainingSample first = batch.get(0);
        int w = first.width();
        int h = first.height();
        Tensor4 x = new Tensor4(batch.size(), 3, h, w);
        int plane = 3 * w * h;
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(batch.get(i).image(), 0, x.data(), i * plane, plane);
        }
        return x;
    }

    static int[] labels(List<TrainingSample> batch) {
        int p = batch.get(0).pixels();
        int[] y = new int[batch.size() * p];
        for (int i = 0; i < batch.size(); i++) {
            byte[] l = batch.get(i).labels();
            for (int k = 0; k < p; k++) {
                y[i * p + k] = l[k] & 0xFF;
            }
        }
        return y;
    }

    private static int[] shuffled(int n, SplittableRandom rng) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** A well-mixed seed for (seed, epoch, index). */
    static long mix(long seed, long epoch, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
