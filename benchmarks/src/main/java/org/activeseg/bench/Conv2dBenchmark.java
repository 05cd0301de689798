package org.activeseg.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.activeseg.model.Tensor4;
import org.activeseg.model.layers.Conv2d;
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
 * One CPU {@link Conv2d} at a training size: a 3x3 convolution 32 -> 32 channels (stride 1, pad 1,
 * with bias) on a batch of 8 frames of 80x60, dense ({@code groups} = 1) or depthwise
 * ({@code groups} = 32), the two kinds of convolution in the network's blocks.
 * {@link #forwardBackward} is one training-mode forward plus the backward of a fixed output
 * gradient (input and weight gradients), per batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx8g"})
public class Conv2dBenchmark {
    private static final int CHANNELS = 32;

    @Param({"1", "32"})
    public int groups;

    @Param({"8"})
    public int batch;

    @Param({"80x60"})
    public String size;

    private Conv2d conv;
    private Tensor4 x;
    private Tensor4 gradOut;

    @Setup(Level.Trial)
    public void setUp() {
        String[] wh = size.split("x");
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        SplittableRandom rng = new SplittableRandom(1);
        conv = new Conv2d("conv", CHANNELS, CHANNELS, 3, 3, 1, 1, 1, groups, true, rng.split());
        x = random(rng, batch, CHANNELS, h, w);
        gradOut = random(rng, batch, CHANNELS, h, w);
    }

    private static Tensor4 random(SplittableRandom rng, int n, int c, int h, int w) {
        Tensor4 t = new Tensor4(n, c, h, w);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextDouble(-1, 1);
        }
        return t;
    }

    @Benchmark
    public Tensor4 forwardBackward() {
        conv.forward(x, true);
        return conv.backward(gradOut);
    }
}
