package org.activeseg.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.activeseg.data.Frame;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticGenerator;
import org.activeseg.model.augment.ImageNormalization;
import org.activeseg.model.augment.TrainingSample;
import org.activeseg.model.net.NetworkConfig;
import org.activeseg.model.net.SegmentationNetwork;
import org.activeseg.model.net.SegmentationTrainer;
import org.activeseg.model.net.TrainingConfig;
import org.activeseg.model.semi.SemiModes;
import org.activeseg.model.semi.SemiSupervision;
import org.activeseg.model.semi.U2plTraining;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of {@code activeseg run} as the loop runs it (the loop's network at width 16, 40
 * classes, batch 8, ViewAL's augmentation, SGD) on synthetic frames of {@code size}, supervised
 * ({@code semi=none}) or semi-supervised ({@code semi=ripu}: the labelled pass with RIPU's local
 * consistency, then a pass over 8 unlabelled frames with negative learning; {@code semi=u2pl}: U2PL's
 * step, the teacher's eval pass over the 8 unlabelled frames, one student pass over the 8 + 8, the
 * teacher's training-mode pass over them, the unsupervised and contrastive terms, the EMA update; the
 * supervised-only first epoch is skipped so every measured step is a U2PL one). The labelled frames
 * have their left half labelled. Per step; the ratio to {@code none} is the semi-supervised step's cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class SemiTrainingStepBenchmark {
    @Param({"80x60"})
    public String size;

    @Param({"none", "ripu", "u2pl"})
    public String semi;

    private final List<TrainingSample> labelled = new ArrayList<>();
    private final List<TrainingSample> unlabelled = new ArrayList<>();
    private SegmentationNetwork net;
    private SemiSupervision terms;
    private int w;
    private int h;
    private long step;

    @Setup
    public void setUp() {
        String[] wh = size.split("x");
        w = Integer.parseInt(wh[0]);
        h = Integer.parseInt(wh[1]);
        List<Frame> frames = new SyntheticGenerator(SyntheticConfig.defaults().withScenes(1, 24).withSize(w, h)).renderScene(0);
        for (int k = 0; k < frames.size(); k++) {
            TrainingSample s = ImageNormalization.IMAGENET.sample(frames.get(k));
            byte[] y = new byte[s.pixels()];
            for (int i = 0; i < y.length; i++) {
                boolean left = i % w < w / 2;
                y[i] = k < 8 ? (left ? s.labels()[i] : (byte) TrainingSample.IGNORE)
                        : (byte) (left ? TrainingSample.IGNORE : SemiSupervision.TAKE);
            }
            (k < 8 ? labelled : unlabelled).add(new TrainingSample(3, w, h, s.image(), y));
        }
        net = new SegmentationNetwork(new NetworkConfig(40, 16, new int[] {1, 2, 2, 2}, 4, new int[] {2, 4}, 0.25, 31));
        terms = SemiModes.create(semi);
        if (terms instanceof U2plTraining u) {
            U2plTraining.Settings d = u.settings();
            terms = new U2plTraining(new U2plTraining.Settings(d.repDim(), d.bankCapacity(), d.dropPercent(), d.alpha0(), 0, 0,
                    d.emaDecay(), d.cutMixProbability(), d.unsupWeight(), d.contraWeight(), d.contrastive()));
        }
    }

    @Benchmark
    public SegmentationTrainer.Report trainStep() {
        TrainingConfig tc = new TrainingConfig(1, 8, w, h, true, 0.01, 0.9, 1e-4, 0.9, step++);
        return new SegmentationTrainer(net, tc, null, terms).train(labelled, terms == null ? List.of() : unlabelled, null);
    }
}
