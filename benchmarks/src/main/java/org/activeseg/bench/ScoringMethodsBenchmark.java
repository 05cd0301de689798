package org.activeseg.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.backend.ViewOps;
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
 * The scene- and region-level hot paths on the Java reference backend:
 * <ul>
 *   <li>{@code viewal-scene}: view entropy + view divergence of every frame of a scene, plus the
 *       superpixel coverage (ALGORITHMS.md 1, steps 2-5 and 7), on the scene written by
 *       {@link SceneInputs} into {@code -p scene=DIR} (time per scene);</li>
 *   <li>{@code ripu-ra}: RIPU RA maps (entropy, 3x3 impurity x uncertainty) and the greedy
 *       selection of {@code regions} windows with 5x5 suppression on one {@code ripuSize} frame of
 *       random probabilities (time per frame).</li>
 * </ul>
 * The numpy baselines of the same work are in benchmarks/python/bench_cpu.py.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx8g"})
public class ScoringMethodsBenchmark {

    @Param({"viewal-scene", "ripu-ra"})
    public String op;

    /** Directory written by {@link SceneInputs} (viewal-scene). */
    @Param({""})
    public String scene;

    /** W x H x C (ripu-ra). */
    @Param({"2048x1024x19"})
    public String ripuSize;

    /** Windows per frame (ripu-ra): the reference's 2.2 % over 5 rounds at 2048x1024. */
    @Param({"1026"})
    public int regions;

    private final ReferenceScoringBackend backend = new ReferenceScoringBackend();
    private SceneInputs.Loaded loaded;
    private FloatTensor viewEntropy, viewDivergence, ripuProbs;
    private int w, h, c;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (op.equals("viewal-scene")) {
            if (scene.isEmpty()) {
                throw new IllegalArgumentException("viewal-scene needs -p scene=DIR written by SceneInputs");
            }
            loaded = SceneInputs.load(Path.of(scene));
            long[] s = loaded.probs().shape();
            viewEntropy = FloatTensor.allocate(s[0], s[2]);
            viewDivergence = FloatTensor.allocate(s[0], s[2]);
        } else {
            String[] p = ripuSize.split("x");
            w = Integer.parseInt(p[0]);
            h = Integer.parseInt(p[1]);
            c = Integer.parseInt(p[2]);
            ripuProbs = FloatTensor.allocate(1, c, (long) w * h);
            PixelEntropyBenchmark.fillRandomProbabilities(ripuProbs, c, w * h, 5);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (FloatTensor t : new FloatTensor[] {viewEntropy, viewDivergence, ripuProbs,
            loaded == null ? null : loaded.probs()}) {
            if (t != null) {
                t.close();
            }
        }
    }

    @Benchmark
    public Object run() {
        if (op.equals("viewal-scene")) {
            backend.views().viewStatistics(loaded.geometry(), loaded.probs(), viewEntropy, viewDivergence,
                    ViewOps.Visibility.DEFAULT);
            return backend.views().superpixelCoverage(loaded.geometry(), loaded.superpixels(), ViewOps.Visibility.DEFAULT);
        }
        int p = w * h;
        float[] entropy = new float[p], impurity = new float[p], uncertainty = new float[p];
        int[] argmax = new int[p];
        backend.regions().meanEntropyArgmax(ripuProbs, 1e-6, Math.log(c), entropy, argmax);
        backend.regions().impurityUncertainty(argmax, entropy, w, h, c, 1, 1e-6, Math.log(c), impurity, uncertainty);
        for (int i = 0; i < p; i++) {
            impurity[i] *= uncertainty[i];
        }
        return backend.regions().greedySelect(impurity, w, h, 2, regions, new boolean[p]);
    }
}
