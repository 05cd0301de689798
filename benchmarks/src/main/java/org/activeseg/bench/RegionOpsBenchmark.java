package org.activeseg.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.activeseg.backend.BackendProbe;
import org.activeseg.backend.BackendSelector;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.backend.RegionOps;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.tensor.FloatTensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RegionOps end to end with host arrays in and out (copies included), backend
 * {@code java} (ReferenceScoringBackend, all cores) or {@code cuda}:
 * <ul>
 *   <li>{@link #ripuRegionFrame}: RIPU RA on one Cityscapes frame, 2048 x 1024 x 19, one MC sample:
 *       mean entropy/argmax, 3 x 3 impurity and uncertainty (k = 1), score = product, greedy of
 *       1026 windows with suppression radius 2k;</li>
 *   <li>{@link #u2plPercentile}: the percentile of U2PL's entropy over a batch of two 769 x 769
 *       crops with a tenth of the pixels invalid.</li>
 * </ul>
 * Where CUDA cannot run, {@code cuda} fails in setup with the reasons and JMH goes on.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx8g"})
public class RegionOpsBenchmark {
    private static final int W = 2048;
    private static final int H = 1024;
    private static final int CLASSES = 19;
    private static final int K = 1;
    private static final double EPS = 1e-6;

    @Param({"java", "cuda"})
    public String backend;

    private ScoringBackend scoring;
    private RegionOps regions;
    private FloatTensor probs;
    private float[] entropy;
    private int[] argmax;
    private float[] impurity;
    private float[] uncertainty;
    private float[] score;
    private float[] u2plEntropy;
    private boolean[] u2plValid;

    @Setup(Level.Trial)
    public void setUp() {
        scoring = open(backend);
        regions = scoring.regions();
        int pixels = W * H;
        probs = FloatTensor.allocate(1, CLASSES, pixels);
        PixelEntropyBenchmark.fillRandomProbabilities(probs, CLASSES, pixels, 1);
        entropy = new float[pixels];
        argmax = new int[pixels];
        impurity = new float[pixels];
        uncertainty = new float[pixels];
        score = new float[pixels];

        SplittableRandom rnd = new SplittableRandom(2);
        int crops = 2 * 769 * 769;
        u2plEntropy = new float[crops];
        u2plValid = new boolean[crops];
        for (int i = 0; i < crops; i++) {
            u2plEntropy[i] = (float) (rnd.nextDouble() * Math.log(CLASSES));
            u2plValid[i] = rnd.nextInt(10) != 0;
        }
    }

    /** {@code java}: the reference; {@code cuda}: the CUDA backend, or a setup failure with its reasons. */
    static ScoringBackend open(String backend) {
        if (backend.equals("java")) {
            return new ReferenceScoringBackend();
        }
        BackendProbe probe = BackendSelector.fromEnvironment().probeCuda();
        if (!probe.isAvailable()) {
            throw new IllegalStateException("backend=" + backend + " skipped: CUDA backend unavailable: "
                    + String.join("; ", probe.reasons()));
        }
        return probe.backend().orElseThrow();
    }

    @Benchmark
    public int[] ripuRegionFrame() {
        double norm = Math.log(CLASSES);
        regions.meanEntropyArgmax(probs, EPS, norm, entropy, argmax);
        regions.impurityUncertainty(argmax, entropy, W, H, CLASSES, K, EPS, norm, impurity, uncertainty);
        for (int i = 0; i < score.length; i++) {
            score[i] = impurity[i] * uncertainty[i];
        }
        return regions.greedySelect(score, W, H, 2 * K, 1026, new boolean[W * H]);
    }

    @Benchmark
    public float u2plPercentile() {
        return regions.percentile(u2plEntropy, u2plValid, 20);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (scoring != null) {
            scoring.close();
        }
        if (probs != null) {
            probs.close();
        }
    }
}
