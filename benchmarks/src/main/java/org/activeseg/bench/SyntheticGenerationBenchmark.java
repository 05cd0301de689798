package org.activeseg.bench;

import java.util.concurrent.TimeUnit;
import org.activeseg.data.synthetic.SensorNoise;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticDataset;
import org.activeseg.data.synthetic.SyntheticGenerator;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The synthetic dataset generator ({@link SyntheticGenerator#generate}, in memory, frames rendered
 * on all cores) on its default configuration, 4 rooms x 20 frames, per dataset:
 * <ul>
 *   <li>{@code default}: 160x120, no sensor noise;</li>
 *   <li>{@code 320x240}: the same rooms at four times the pixels;</li>
 *   <li>{@code kinect-noise}: 160x120 with {@link SensorNoise#kinectLike()} depth noise and holes.</li>
 * </ul>
 * The first warm-up iteration is the cold run (class loading, JIT); the measured ones are warm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx8g"})
public class SyntheticGenerationBenchmark {
    @Param({"default", "320x240", "kinect-noise"})
    public String config;

    private SyntheticConfig synthetic;

    @Setup(Level.Trial)
    public void setUp() {
        synthetic = switch (config) {
            case "default" -> SyntheticConfig.defaults();
            case "320x240" -> SyntheticConfig.defaults().withSize(320, 240);
            case "kinect-noise" -> SyntheticConfig.defaults().withNoise(SensorNoise.kinectLike());
            default -> throw new IllegalArgumentException("config must be default, 320x240 or kinect-noise, got " + config);
        };
    }

    @Benchmark
    public SyntheticDataset generate() {
        return new SyntheticGenerator(synthetic).generate();
    }
}
