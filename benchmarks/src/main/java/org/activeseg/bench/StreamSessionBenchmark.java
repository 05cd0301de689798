package org.activeseg.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.MapSink;
import org.activeseg.acquisition.ProbabilitySource;
import org.activeseg.acquisition.viewal.ViewAlMethod;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticGenerator;
import org.activeseg.stream.FrameInput;
import org.activeseg.stream.FrameUpdate;
import org.activeseg.stream.StreamConfig;
import org.activeseg.stream.StreamScorer;
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
 * The streaming scorer against batch recomputation, ViewAL on one rendered synthetic room (scene 0,
 * {@code window + 8} frames cycled) with random probabilities (16x16-pixel grid superpixels):
 * <ul>
 *   <li>{@code stream-add}: one frame added to a full window of {@code window} frames (the oldest is
 *       evicted), in-process, probabilities given; sample mode, so JMH reports p50 / p99;</li>
 *   <li>{@code batch-window}: batch ViewAL (ViewAlMethod on the reference backend) over the {@code window}
 *       frames, what a robot would pay per new frame without the stream.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx8g", "-XX:MaxDirectMemorySize=8g"})
public class StreamSessionBenchmark {

    @Param({"10", "30"})
    public int window;

    /** W x H x C. */
    @Param({"320x240x40"})
    public String size;

    private final List<FrameInput> inputs = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();
    private final List<float[]> probabilities = new ArrayList<>();
    private int classes;
    private StreamScorer scorer;
    private int next;
    private long serial;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = size.split("x");
        int w = Integer.parseInt(parts[0]), h = Integer.parseInt(parts[1]);
        classes = Integer.parseInt(parts[2]);
        int p = w * h;
        int n = window + 8;
        List<Frame> scene = new SyntheticGenerator(SyntheticConfig.defaults().withScenes(1, n).withSize(w, h)).renderScene(0);
        int[] spx = new int[p];
        for (int i = 0; i < p; i++) {
            spx[i] = (i / w / 16) * ((w + 15) / 16) + (i % w) / 16;
        }
        for (int f = 0; f < n; f++) {
            Frame fr = scene.get(f).withSuperpixels(spx);
            SplittableRandom rnd = new SplittableRandom(1000L + f);
            float[] v = new float[classes * p];
            for (int i = 0; i < p; i++) {
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    double u = rnd.nextDouble();
                    sum += v[k * p + i] = (float) (u * u);
                }
                for (int k = 0; k < classes; k++) {
                    v[k * p + i] /= (float) sum;
                }
            }
            frames.add(fr);
            probabilities.add(v);
            double[] k = {fr.intrinsics().fx(), fr.intrinsics().fy(), fr.intrinsics().cx(), fr.intrinsics().cy()};
            inputs.add(FrameInput.of(fr.id(), w, h, fr.depth(), k, fr.pose().matrix(), v, classes, spx));
        }
        scorer = new StreamScorer(StreamConfig.of("viewal").withWindow(window), new ReferenceScoringBackend());
        for (int f = 0; f < window; f++) {
            add();
        }
    }

    private FrameUpdate add() {
        FrameInput in = inputs.get(next);
        next = (next + 1) % inputs.size();
        FrameInput renamed = new FrameInput(in.id() + "_" + serial++, in.width(), in.height(), in.depth(), in.intrinsics(),
                in.cameraToWorld(), in.probabilities(), in.samples(), in.classes(), in.superpixels(), in.rgb(), in.labels());
        return scorer.add("bench", renamed);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scorer.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @Warmup(iterations = 1, time = 10)
    @Measurement(iterations = 2, time = 20)
    public FrameUpdate streamAdd() {
        return add();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public Object batchWindow() throws IOException {
        List<Frame> held = frames.subList(0, window);
        Map<String, Frame> byId = new java.util.HashMap<>();
        held.forEach(f -> byId.put(f.id(), f));
        List<String> ids = held.stream().map(Frame::id).toList();
        Dataset ds = new Dataset(java.nio.file.Path.of("bench"), List.of(new Scene(held.getFirst().sceneId(), ids)),
                new Splits(ids, List.of(), List.of(), List.of()), List.of(), byId::get);
        ProbabilitySource source = new ProbabilitySource() {
            @Override
            public FloatTensor load(String id) {
                int f = ids.indexOf(id);
                return FloatTensor.of(probabilities.get(f), 1, classes, byId.get(id).pixels());
            }

            @Override
            public int classes() {
                return classes;
            }
        };
        return new ViewAlMethod().run(new AcquisitionRequest(ds, ids, source, Budget.fraction(0.05), false, Map.of(),
                LabelState.empty(), new ReferenceScoringBackend(), MapSink.NONE, 0));
    }
}
