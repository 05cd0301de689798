package org.activeseg.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.activeseg.backend.BackendProbe;
import org.activeseg.backend.BackendSelector;
import org.activeseg.backend.EntropyConvention;
import org.activeseg.backend.PixelEntropyShape;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.backend.cuda.CudaScoringBackend;
import org.activeseg.backend.cuda.CudaScoringBackend.Launcher;
import org.activeseg.device.cuda.DeviceBuffer;
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
 * Per-pixel entropy (ViewAL log2) of one frame: time per frame, one frame per operation.
 * Sizes: ViewAL's 320x240 with 40 NYU classes and Cityscapes' 1024x2048 with 19 classes.
 * Backends:
 * <ul>
 *   <li>{@code java}: ReferenceScoringBackend (PixelOps.statistic's double entropy, all cores);</li>
 *   <li>{@code cuda-panama}, {@code cuda-jcuda}: host tensors in and out, so the time includes the
 *       host-to-device copy of probs and the copy back of the entropies;</li>
 *   <li>{@code cuda-panama-resident}, {@code cuda-jcuda-resident}: probs already on the device;
 *       the time is the launch plus the kernel plus a stream synchronisation.</li>
 * </ul>
 * The two CUDA routes run the same kernel (as_pixel_statistic_f32_kernel, the pixel statistic of
 * PixelOps) with the same launch geometry: {@code panama} through the C launcher as_pixel_entropy,
 * {@code jcuda} by cuLaunchKernel of the kernel's symbol in activeseg.fatbin. The resident pair is
 * the measurement behind CudaScoringBackend.PIXEL_ENTROPY_ROUTE.
 * Where CUDA cannot run, the cuda parameters fail in their setup with the reasons (JMH reports the
 * failure; the GPU scripts run JMH with -foe true, so it fails the run); {@code -p backend=java}
 * runs only the reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
public class PixelEntropyBenchmark {

    /** W x H x C (pixels P = W*H). */
    @Param({"320x240x40", "1024x2048x19"})
    public String size;

    @Param({"java", "cuda-panama", "cuda-jcuda", "cuda-panama-resident", "cuda-jcuda-resident"})
    public String backend;

    private FloatTensor probs;
    private FloatTensor out;
    private ScoringBackend scoring;
    private CudaScoringBackend cuda;
    private DeviceBuffer deviceProbs;
    private DeviceBuffer deviceOut;
    private PixelEntropyShape shape;
    private Runnable frame;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = size.split("x");
        int pixels = Math.multiplyExact(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        int classes = Integer.parseInt(parts[2]);
        probs = FloatTensor.allocate(1, classes, pixels);
        out = FloatTensor.allocate(1, pixels);
        fillRandomProbabilities(probs, classes, pixels, 42);
        shape = PixelEntropyShape.of(probs, out);
        EntropyConvention convention = EntropyConvention.LOG2_VIEWAL;
        if (backend.equals("java")) {
            scoring = new ReferenceScoringBackend();
            frame = () -> scoring.pixelEntropy(probs, out, convention);
            return;
        }
        BackendProbe probe = BackendSelector.fromEnvironment().probeCuda();
        if (!probe.isAvailable()) {
            throw new IllegalStateException("backend=" + backend + " skipped: CUDA backend unavailable: "
                    + String.join("; ", probe.reasons()));
        }
        cuda = (CudaScoringBackend) probe.backend().orElseThrow();
        scoring = cuda;
        Launcher launcher = backend.startsWith("cuda-panama") ? Launcher.PANAMA : Launcher.JCUDA;
        if (backend.endsWith("-resident")) {
            deviceProbs = cuda.context().allocate(shape.inputCount() * Float.BYTES);
            deviceOut = cuda.context().allocate(shape.outputCount() * Float.BYTES);
            deviceProbs.copyFrom(probs.segment(), shape.inputCount() * Float.BYTES);
            frame = () -> cuda.pixelEntropy(deviceProbs, deviceOut, shape, convention, launcher);
        } else {
            frame = () -> cuda.pixelEntropy(probs, out, convention, launcher);
        }
    }

    @Benchmark
    public void pixelEntropyPerFrame() {
        frame.run();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (deviceProbs != null) {
            deviceProbs.close();
        }
        if (deviceOut != null) {
            deviceOut.close();
        }
        if (scoring != null) {
            scoring.close();
        }
        probs.close();
        out.close();
    }

    /** Per pixel, random weights (a tenth of them zero) normalised over the classes. */
    static void fillRandomProbabilities(FloatTensor probs, int classes, int pixels, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] w = new float[classes];
        for (int i = 0; i < pixels; i++) {
            float sum = 0;
            for (int k = 0; k < classes; k++) {
                double u = rnd.nextDouble();
                w[k] = u < 0.1 ? 0f : (float) (u * u);
                sum += w[k];
            }
            for (int k = 0; k < classes; k++) {
                probs.set((long) k * pixels + i, sum > 0 ? w[k] / sum : 1f / classes);
            }
        }
    }
}
