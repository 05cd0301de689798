package org.activeseg.bench;

import java.util.concurrent.TimeUnit;
import org.activeseg.backend.McAccumulator;
import org.activeseg.backend.PixelStatistic;
import org.activeseg.backend.ReferenceScoringBackend;
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
 * The per-pixel family on the Java reference backend, time per frame: single-map statistics on a
 * (C, P) map and the MC statistics streamed over T samples (each op includes feeding all T samples).
 * The numpy baseline of the same ops and sizes is benchmarks/python/bench_cpu.py;
 * benchmarks/compare-cpu.sh runs both and prints ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
public class PixelStatisticsBenchmark {

    /** W x H x C x T. */
    @Param({"320x240x40x20"})
    public String size;

    @Param({"entropy", "least-confidence", "margin", "mc-entropy", "vote-entropy", "bald"})
    public String op;

    private ReferenceScoringBackend backend;
    private FloatTensor[] samples;
    private float[] out;
    private int classes;
    private int pixels;

    @Setup(Level.Trial)
    public void setUp() {
        String[] s = size.split("x");
        pixels = Integer.parseInt(s[0]) * Integer.parseInt(s[1]);
        classes = Integer.parseInt(s[2]);
        boolean mc = op.equals("mc-entropy") || op.equals("vote-entropy") || op.equals("bald");
        int t = mc ? Integer.parseInt(s[3]) : 1;
        samples = new FloatTensor[t];
        for (int d = 0; d < t; d++) {
            samples[d] = FloatTensor.allocate(classes, pixels);
            PixelEntropyBenchmark.fillRandomProbabilities(samples[d].reshape(1, classes, pixels), classes, pixels, 42 + d);
        }
        out = new float[pixels];
        backend = new ReferenceScoringBackend();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (FloatTensor f : samples) {
            f.close();
        }
        backend.close();
    }

    @Benchmark
    public float frame() {
        switch (op) {
            case "entropy" -> backend.pixels().statistic(samples[0], PixelStatistic.ENTROPY_LOG2_VIEWAL, out);
            case "least-confidence" -> backend.pixels().statistic(samples[0], PixelStatistic.LEAST_CONFIDENCE, out);
            case "margin" -> backend.pixels().statistic(samples[0], PixelStatistic.MARGIN, out);
            default -> {
                java.util.Set<McAccumulator.Track> track = switch (op) {
                    case "vote-entropy" -> McAccumulator.Track.FOR_VOTES;
                    case "bald" -> McAccumulator.Track.FOR_BALD;
                    default -> McAccumulator.Track.FOR_MEAN;
                };
                try (McAccumulator acc = backend.pixels().mcAccumulator(classes, pixels, track)) {
                    for (FloatTensor sample : samples) {
                        acc.add(sample);
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
