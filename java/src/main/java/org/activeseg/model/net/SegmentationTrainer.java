package org.activeseg.model.net;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.model.augment.Augmentation;
import org.activeseg.model.augment.TrainingSample;
import org.activeseg.model.layers.SoftmaxCrossEntropy;
import org.activeseg.model.train.LearningRateSchedule;
import org.activeseg.model.train.ParamGroup;
import org.activeseg.model.train.Sgd;

/**
 * Trains a {@link SegmentationNetwork} on labelled samples (labels 255 where nothing is labelled,
 * which is how the active-learning oracle's partial labels arrive): per epoch a seeded shuffle,
 * per sample ViewAL's augmentation with its own random stream, softmax cross-entropy with ignore
 * 255, SGD with momentum and weight decay under a poly schedule over all steps, and an optional
 * {@link AuxiliaryObjective}. Every random draw derives from the config's seed and the (epoch,
 * sample) position, and the layers' sums do not depend on the thread count, so a fixed seed gives
 * bit-identical weights (SegmentationTrainerTest checks it).
 */
public final class SegmentationTrainer {

    /** Called after every epoch. */
    public interface EpochListener {
        void epochFinished(int epoch, double meanLoss, double seconds);
    }

    /** What training did: steps taken, mean loss per epoch, seconds. */
    public record Report(int epochs, long steps, double[] epochLoss, double seconds) {
        public double finalLoss() { return epochLoss.length == 0 ? Double.NaN : epochLoss[epochLoss.length - 1]; }
    }

    private final SegmentationNetwork network;
    private final TrainingConfig config;
    private final AuxiliaryObjective auxiliary;

    public SegmentationTrainer(SegmentationNetwork network, TrainingConfig config, AuxiliaryObjective auxiliary) {
        this.network = network;
        this.config = config;
        this.auxiliary = auxiliary;
    }

    public SegmentationTrainer(SegmentationNetwork network, TrainingConfig config) {
        this(network, config, null);
    }

    /** Trains on {@code samples} (normalised (3, H, W) images; samples without a labelled pixel are skipped). */
    public Report train(List<TrainingSample> samples, EpochListener listener) {
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
        Sgd sgd = new Sgd(List.of(ParamGroup.of(params)), config.momentum(), config.weightDecay());
        int batches = (usable.size() + config.batchSize() - 1) / config.batchSize();
        long totalSteps = (long) batches * config.epochs();
        LearningRateSchedule schedule = LearningRateSchedule.poly(config.learningRate(), totalSteps, config.polyPower());
        Augmentation augmentation = Augmentation.viewal(config.cropWidth(), config.cropHeight(), 0.5, 0.02);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();

        long step = 0;
        double[] epochLoss = new double[config.epochs()];
        long start = System.nanoTime();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            network.reseedDropout(mix(config.seed(), epoch, -1));
            int[] order = shuffled(usable.size(), new SplittableRandom(mix(config.seed(), epoch, -2)));
            double lossSum = 0;
            int lossCount = 0;
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
                SegmentationNetwork.Features f = network.encode(x, true);
                Tensor4 logits = network.decode(f, true);
                SoftmaxCrossEntropy.Result r = ce.compute(logits, labels);
                if (!Double.isFinite(r.loss())) {
                    throw new IllegalStateException("training diverged: loss " + r.loss() + " at epoch " + epoch + ", step "
                            + step + " (learning rate " + schedule.lr(step) + ")");
                }
                List<Tensor4> tapGradients = auxiliary == null ? null : auxiliary.step(f, logits, labels, epoch);
                if (r.counted() > 0 || tapGradients != null) {
                    network.backward(r.gradLogits(), tapGradients);
                    sgd.step(schedule.lr(step));
                }
                step++;
                if (r.counted() > 0) {
                    lossSum += r.loss();
                    lossCount++;
                }
            }
            epochLoss[epoch] = lossCount == 0 ? Double.NaN : lossSum / lossCount;
            if (listener != null) {
                listener.epochFinished(epoch, epochLoss[epoch], (System.nanoTime() - epochStart) / 1e9);
            }
        }
        return new Report(config.epochs(), step, epochLoss, (System.nanoTime() - start) / 1e9);
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
