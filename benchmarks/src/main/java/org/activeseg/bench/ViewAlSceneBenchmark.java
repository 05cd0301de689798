package org.activeseg.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.activeseg.backend.BackendProbe;
import org.activeseg.backend.BackendSelector;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.backend.ViewOps;
import org.activeseg.backend.ViewOps.SceneGeometry;
import org.activeseg.data.Frame;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticGenerator;
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
 * ViewAL's scene-level work (ALGORITHMS.md 1, steps 2-5 and 7) on one rendered synthetic room
 * (SyntheticGenerator, scene 0) with random MC-averaged probabilities, per backend:
 * <ul>
 *   <li>{@code op=view-statistics}: VE, VD and the landed counts of every frame (host tensors in and
 *       out, so the cuda time includes staging the (N, C, P) probabilities to the device);</li>
 *   <li>{@code op=coverage}: the superpixel coverage of every frame (16x16-pixel grid superpixels).</li>
 * </ul>
 * {@code backend=java} is ReferenceScoringBackend on all cores; {@code backend=cuda} is CudaViewOps,
 * and fails in its setup with the reasons where CUDA cannot run. Sizes: {@code frames} 25 and 200 at
 * {@code size} 320x240x40. The 200-frame scene holds 2.5 GB of probabilities, and the Java reference
 * adds a log table of the same size: the fork has -Xmx4g and 12 GB of direct memory; on a machine
 * with less memory pass {@code -p frames=25} or a smaller size (e.g. {@code -p size=160x120x40}). The
 * Java reference at 200 frames does N^2 P C = 1.2e11 multiply-adds per call (minutes on few cores):
 * the single-shot mode below times each call once per iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g", "-XX:MaxDirectMemorySize=12g"})
public class ViewAlSceneBenchmark {

    @Param({"java", "cuda"})
    public String backend;

    @Param({"25", "200"})
    public int frames;

    /** W x H x C. */
    @Param({"320x240x40"})
    public String size;

    @Param({"view-statistics", "coverage"})
    public String op;

    private ScoringBackend scoring;
    private SceneGeometry geometry;
    private List<int[]> superpixels;
    private FloatTensor probs, viewEntropy, viewDivergence;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = size.split("x");
        int w = Integer.parseInt(parts[0]), h = Integer.parseInt(parts[1]), c = Integer.parseInt(parts[2]);
        int p = w * h;
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
        List<Frame> scene = new SyntheticGenerator(SyntheticConfig.defaults().withScenes(1, frames).withSize(w, h))
                .renderScene(0);
        geometry = new SceneGeometry(scene.stream().map(Frame::camera).toList(), scene.stream().map(Frame::depth).toList());
        superpixels = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            int[] ids = new int[p];
            for (int i = 0; i < p; i++) {
                ids[i] = (i / w / 16) * ((w + 15) / 16) + (i % w) / 16;
            }
            superpixels.add(ids);
        }
        probs = FloatTensor.allocate(frames, c, p);
        viewEntropy = FloatTensor.allocate(frames, p);
        viewDivergence = FloatTensor.allocate(frames, p);
        IntStream.range(0, frames).parallel().forEach(f -> {
            SplittableRandom rnd = new SplittableRandom(1000L + f);
            float[] v = new float[c];
            long base = (long) f * c * p;
            for (int i = 0; i < p; i++) {
                float sum = 0;
                for (int k = 0; k < c; k++) {
                    double u = rnd.nextDouble();
                    v[k] = u < 0.1 ? 0f : (float) (u * u);
                    sum += v[k];
                }
                for (int k = 0; k < c; k++) {
                    probs.set(base + (long) k * p + i, sum > 0 ? v[k] / sum : 1f / c);
                }
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (FloatTensor t : new FloatTensor[] {probs, viewEntropy, viewDivergence}) {
            if (t != null) {
                t.close();
            }
        }
        if (scoring != null) {
            scoring.close();
        }
    }

    @Benchmark
    public Object run() {
        if (op.equals("view-statistics")) {
            return scoring.views().viewStatistics(geometry, probs, viewEntropy, viewDivergence, ViewOps.Visibility.DEFAULT);
        }
        return scoring.views().superpixelCoverage(geometry, superpixels, ViewOps.Visibility.DEFAULT);
    }
}
