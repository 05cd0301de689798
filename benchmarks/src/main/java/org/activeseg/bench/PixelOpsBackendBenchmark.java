package org.activeseg.bench;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.activeseg.backend.BackendProbe;
import org.activeseg.backend.BackendSelector;
import org.activeseg.backend.McAccumulator;
import org.activeseg.backend.PixelStatistic;
import org.activeseg.backend.ReferenceScoringBackend;
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
 * The per-pixel family through {@code backend.pixels()} on the Java reference and on the CUDA
 * backend (host tensors in and out, so copies are included), ms per frame: single-map statistics
 * of a (C, P) map, and MC statistics streamed over T samples (each op creates the accumulator,
 * adds all T samples, finalises and closes it). MC samples cycle over at most 4 distinct host
 * tensors so that 2048x1024x19 with T = 20 does not need 3 GB of host memory; every add still
 * reads a full sample.
 *
 * <p>Effective bandwidth: bytes read per frame = T * C * P * 4 (T = 1 for the single-map ops; the
 * P * 4 bytes written are negligible), so GB/s = T * C * P * 4 / (ms * 1e6). At 320x240x40 and
 * T = 20 that is 245.8 MB per frame; at 2048x1024x19, 159.4 MB per map. For the cuda backend the
 * host-to-device copy dominates: compare with PCIe bandwidth, and with the dev harness
 * (cuda/dev/pixel_statistics.cu) for the kernel alone against HBM bandwidth.
 *
 * <p>The cuda parameter fails in its setup with the backend's reasons where CUDA cannot run (JMH
 * reports it and goes on); {@code -p backend=java} runs only the reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
public class PixelOpsBackendBenchmark {
    private static final int DISTINCT_SAMPLES = 4;

    /** W x H x C x T. */
    @Param({"320x240x40x20", "2048x1024x19x20"})
    public String size;

    @Param({"java", "cuda"})
    public String backend;

    @Param({"entropy", "least-confidence", "margin", "mc-entropy", "vote-entropy", "bald"})
    public String op;

    private ScoringBackend scoring;
    private FloatTensor[] samples;
    private float[] out;
    private int classes;
    private int pixels;
    private int draws;

    @Setup(Level.Trial)
    public void setUp() {
        String[] s = size.split("x");
        pixels = Math.multiplyExact(Integer.parseInt(s[0]), Integer.parseInt(s[1]));
        classes = Integer.parseInt(s[2]);
        boolean mc = op.equals("mc-entropy") || op.equals("vote-entropy") || op.equals("bald");
        draws = mc ? Integer.parseInt(s[3]) : 1;
        if (backend.equals("java")) {
            scoring = new ReferenceScoringBackend();
        } else if (backend.equals("cuda")) {
            BackendProbe probe = BackendSelector.fromEnvironment().probeCuda();
            if (!probe.isAvailable()) {
                throw new IllegalStateException("backend=cuda skipped: CUDA backend unavailable: "
                        + String.join("; ", probe.reasons()));
            }
            scoring = probe.backend().orElseThrow();
        } else {
            throw new IllegalArgumentException("backend must be java or cuda, got " + backend);
        }
        samples = new FloatTensor[Math.min(draws, DISTINCT_SAMPLES)];
        for (int d = 0; d < samples.length; d++) {
            samples[d] = FloatTensor.allocate(classes, pixels);
            PixelEntropyBenchmark.fillRandomProbabilities(samples[d].reshape(1, classes, pixels), classes, pixels, 42 + d);
        }
        out = new float[pixels];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (samples != null) {
            for (FloatTensor f : samples) {
                if (f != null) {
                    f.close();
                }
            }
        }
        if (scoring != null) {
            scoring.close();
        }
    }

    @Benchmark
    public float frame() {
        switch (op) {
            case "entropy" -> scoring.pixels().statistic(samples[0], PixelStatistic.ENTROPY_LOG2_VIEWAL, out);
            case "least-confidence" -> scoring.pixels().statistic(samples[0], PixelStatistic.LEAST_CONFIDENCE, out);
            case "margin" -> scoring.pixels().statistic(samples[0], PixelStatistic.MARGIN, out);
            default -> {
                Set<McAccumulator.Track> track = switch (op) {
                    case "vote-entropy" -> McAccumulator.Track.FOR_VOTES;
                    case "bald" -> McAccumulator.Track.FOR_BALD;
                    default -> McAccumulator.Track.FOR_MEAN;
                };
                try (McAccumulator acc = scoring.pixels().mcAccumulator(classes, pixels, track)) {
                    for (int t = 0; t < draws; t++) {
                        acc.add(samples[t % samples.length]);
                    }
                    switch (op) {
                        case "mc-entropy" -> acc.meanStatistic(PixelStatistic.ENTROPY_LOG2_VIEWAL, out);
                        case "vote-entropy" -> acc.voteEntropy(out);
                        case "bald" -> acc.bald(out);
                        default -> throw new IllegalArgumentException("unknown op " + op);
                    }
                }
            }
        }
        return out[pixels / 2];
    }
}
