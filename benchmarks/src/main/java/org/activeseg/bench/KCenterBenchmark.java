package org.activeseg.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.activeseg.backend.DiversityOps;
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
 * Core-set k-center on N x 256 float embeddings, backend {@code java} or {@code cuda}:
 * <ul>
 *   <li>{@link #update}: one min-distance update with host arrays in and out (so on cuda the time
 *       includes copying the embeddings to the device: N D 4 bytes);</li>
 *   <li>{@link #greedy}: 16 greedy picks from one initial centre (on cuda everything stays on the
 *       device after one upload; each pick is an update plus an argmax).</li>
 * </ul>
 * N = 1M (1 GiB of embeddings) runs on cuda only; java at N = 1M is refused in setup (about a
 * second per update on a laptop-class CPU), so compare the two at N = 100k.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx8g"})
public class KCenterBenchmark {
    private static final int D = 256;

    @Param({"java", "cuda"})
    public String backend;

    @Param({"100000", "1000000"})
    public int rows;

    private ScoringBackend scoring;
    private DiversityOps diversity;
    private FloatTensor embeddings;
    private double[] minDistances;

    @Setup(Level.Trial)
    public void setUp() {
        if (backend.equals("java") && rows > 100_000) {
            throw new IllegalStateException("backend=java rows=" + rows + " skipped: java is benchmarked at N <= 100000");
        }
        scoring = RegionOpsBenchmark.open(backend);
        diversity = scoring.diversity();
        embeddings = FloatTensor.allocate(rows, D);
        SplittableRandom rnd = new SplittableRandom(3);
        for (long i = 0; i < (long) rows * D; i++) {
            embeddings.set(i, (float) rnd.nextGaussian());
        }
        minDistances = new double[rows];
        Arrays.fill(minDistances, Double.POSITIVE_INFINITY);
    }

    @Benchmark
    public double[] update() {
        diversity.updateMinDistances(embeddings, 12345, minDistances);
        return minDistances;
    }

    @Benchmark
    public int[] greedy() {
        return diversity.kCenterGreedy(embeddings, new int[] {0}, -1, 16, (i, d) -> true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (scoring != null) {
            scoring.close();
        }
        if (embeddings != null) {
            embeddings.close();
        }
    }
}
