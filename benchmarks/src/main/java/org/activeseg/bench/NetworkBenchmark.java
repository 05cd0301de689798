package org.activeseg.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.activeseg.model.Tensor4;
import org.activeseg.model.layers.SoftmaxCrossEntropy;
import org.activeseg.model.net.NetworkConfig;
import org.activeseg.model.net.SegmentationNetwork;
import org.activeseg.model.train.ParamGroup;
import org.activeseg.model.train.Sgd;
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
 * The segmentation network on the CPU engine, the same four measurements as
 * {@code benchmarks/python/torch_network.py bench} (the PyTorch baseline, compared side by side by
 * {@code benchmarks/compare-network-cpu.sh}), on the small configuration ({@link NetworkConfig#small},
 * 40 classes) with a batch of {@code batch} frames of {@code size} (WxH):
 * <ul>
 *   <li>{@link #trainStep}: forward (training mode) + cross-entropy + backward + SGD step, per batch;</li>
 *   <li>{@link #inference}: one eval-mode forward of the batch;</li>
 *   <li>{@link #mcFull}: {@code samples} MC-dropout samples as full forward passes, summed softmax;</li>
 *   <li>{@link #mcHead}: the same samples with the encoder run once and only the head (where the
 *       dropout is) per sample: what acquisition uses.</li>
 * </ul>
 * Inference and MC are per batch; divide by {@code batch} for per-frame figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx8g"})
public class NetworkBenchmark {
    @Param({"80x60", "320x240"})
    public String size;

    @Param({"8"})
    public int batch;

    @Param({"20"})
    public int samples;

    private SegmentationNetwork net;
    private Sgd sgd;
    private Tensor4 x;
    private int[] labels;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

    @Setup(Level.Trial)
    public void setUp() {
        String[] wh = size.split("x");
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        net = new SegmentationNetwork(NetworkConfig.small(40, 1));
        sgd = new Sgd(List.of(ParamGroup.of(net.parameters())), 0.9, 5e-4);
        SplittableRandom rng = new SplittableRandom(1);
        x = new Tensor4(batch, 3, h, w);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        labels = new int[batch * h * w];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(40);
        }
    }

    @Benchmark
    public float trainStep() {
        net.zeroGrad();
        Tensor4 logits = net.forward(x, true);
        SoftmaxCrossEntropy.Result r = loss.compute(logits, labels);
        net.backward(r.gradLogits(), null);
        sgd.step(0.01);
        return (float) r.loss();
    }

    @Benchmark
    public Tensor4 inference() {
        return net.forward(x, false);
    }

    @Benchmark
    public float mcFull() {
        net.mcDropout(true);
        try {
            float s = 0;
            for (int t = 0; t < samples; t++) {
                s += softmaxSum(net.forward(x, false));
            }
            return s;
        } finally {
            net.mcDropout(false);
        }
    }

    @Benchmark
    public float mcHead() {
        net.mcDropout(true);
        try {
            SegmentationNetwork.Features f = net.encode(x, false);
            float s = 0;
            for (int t = 0; t < samples; t++) {
                s += softmaxSum(net.decode(f, false));
            }
            return s;
        } finally {
            net.mcDropout(false);
        }
    }

    /** The softmax over classes, accumulated (what an MC estimate does with each sample); returns a checksum. */
    private static float softmaxSum(Tensor4 logits) {
        int n = logits.n();
        int c = logits.c();
        int p = logits.h() * logits.w();
        float[] d = logits.data();
        float sum = 0;
        for (int b = 0; b < n; b++) {
            int base = b * c * p;
            for (int i = 0; i < p; i++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) {
                    max = Math.max(max, d[base + k * p + i]);
                }
                float z = 0;
                for (int k = 0; k < c; k++) {
                    z += (float) Math.exp(d[base + k * p + i] - max);
                }
                sum += 1 / z;
            }
        }
        return sum;
    }
}
