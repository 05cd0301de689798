package org.activeseg.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.tensor.Npy;
import org.activeseg.tensor.NpyArray;
import org.activeseg.testing.NumpyScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole SegmentationNetwork against its PyTorch re-statement (benchmarks/python/torch_network.py,
 * float64), forward and backward in training mode (with an extra gradient at a tap): logits, dL/d(image), every parameter gradient
 * and every batch-norm running statistic after the step. Each array must agree within 1e-3 of its
 * largest magnitude, or of FLOOR (float32 through ~30 layers with batch statistics against float64). The layers
 * are checked one by one at 1e-4 in TorchLayerParityTest; this checks how they are wired. Skips,
 * printing why, when python3 cannot import torch.
 */
class TorchNetworkParityTest {
    private static final double TOL = 1e-3;
    /**
     * Arrays whose largest magnitude is below this are compared to it instead: some gradients are zero
     * in exact arithmetic (a batch-norm bias followed by a 1x1 convolution and another batch norm,
     * which removes any per-channel shift) and are float rounding residues of O(1e-5) in float32.
     */
    private static final double FLOOR = 0.1;

    @TempDir
    Path dir;

    @Test
    void networkMatchesPyTorchForwardAndBackward() throws Exception {
        NumpyScript.script("torch_network.py");
        NumpyScript.requireTorch("TorchNetworkParityTest");
        check(new NetworkConfig(6, 8, new int[] {1, 2, 2, 1}, 3, new int[] {2, 3}, 0, 21L), 2, 48, 40);
        check(new NetworkConfig(5, 4, new int[] {1, 1, 1, 2}, 2, new int[] {2}, 0, 22L), 3, 37, 53);
    }

    private void check(NetworkConfig config, int n, int h, int w) throws Exception {
        Path d = Files.createDirectories(dir.resolve("case" + config.seed()));
        SegmentationNetwork net = new SegmentationNetwork(config);
        SplittableRandom rnd = new SplittableRandom(config.seed());
        // non-trivial batch-norm affine parameters and running statistics
        for (Parameter p : net.parameters()) {
            if (p.name().contains(".bn.")) {
                float[] v = p.value();
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (p.name().endsWith("weight") ? 0.5 + rnd.nextDouble() : rnd.nextDouble() - 0.5);
                }
            }
        }
        for (Parameter b : net.buffers()) {
            float[] v = b.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (b.name().endsWith("var") ? 0.5 + rnd.nextDouble() : rnd.nextDouble() - 0.5);
            }
        }
        Files.writeString(d.resolve("config.txt"), config.encode());
        for (Parameter p : net.parameters()) {
            save(d.resolve(p.name() + ".npy"), p.value(), p.shape());
        }
        for (Parameter b : net.buffers()) {
            save(d.resolve(b.name() + ".npy"), b.value(), b.shape());
        }
        Tensor4 x = GradientCheck.random(rnd, n, 3, h, w, -2, 2);
        save(d.resolve("x.npy"), x.data(), n, 3, h, w);
        SegmentationNetwork.Features features = net.encode(x, true);
        Tensor4 logits = net.decode(features, true);
        Tensor4 r = GradientCheck.random(rnd, logits.n(), logits.c(), logits.h(), logits.w(), -1, 1);
        save(d.resolve("r.npy"), r.data(), logits.n(), logits.c(), logits.h(), logits.w());
        // an extra gradient at tap 2, as the learning-loss module sends one
        Tensor4 tap = features.taps().get(2);
        Tensor4 r2 = GradientCheck.random(rnd, tap.n(), tap.c(), tap.h(), tap.w(), -1, 1);
        save(d.resolve("tap2.r.npy"), r2.data(), tap.n(), tap.c(), tap.h(), tap.w());
        net.zeroGrad();
        Tensor4 gx = net.backward(r, java.util.Arrays.asList(null, null, r2, null));
        NumpyScript.runIn(d, "torch_network.py", "parity", d.toString());

        double worst = 0;
        String worstName = "";
        worst = Math.max(worst, compare(d, "logits.out", logits.data()));
        worst = Math.max(worst, compare(d, "gx.out", gx.data()));
        for (Parameter p : net.parameters()) {
            double e = compare(d, p.name() + ".grad", p.grad());
            if (e > worst) {
                worst = e;
                worstName = p.name();
            }
        }
        for (Parameter b : net.buffers()) {
            worst = Math.max(worst, compare(d, b.name() + ".after", b.value()));
        }
        System.out.printf("TorchNetworkParityTest %s: worst difference %.3g of the array's max (%s)%n", config, worst,
                worstName);
    }

    /** Largest |java - torch| relative to the torch array's largest magnitude; fails above TOL. */
    private static double compare(Path d, String name, float[] java) throws Exception {
        float[] t;
        try (NpyArray a = Npy.read(d.resolve(name + ".npy"))) {
            t = new float[(int) a.elementCount()];
            for (int i = 0; i < t.length; i++) {
                t[i] = a.getFloat(i);
            }
        }
        assertEquals(t.length, java.length, name + " size");
        double max = FLOOR;
        for (float v : t) {
            max = Math.max(max, Math.abs(v));
        }
        double worst = 0;
        int at = -1;
        for (int i = 0; i < t.length; i++) {
            double e = Math.abs(java[i] - t[i]) / max;
            if (e > worst) {
                worst = e;
                at = i;
            }
        }
        if (worst > TOL) {
            throw new AssertionError(name + ": java " + java[at] + " vs torch " + t[at] + " at " + at + " (max |torch| "
                    + max + ", relative difference " + worst + ")");
        }
        return worst;
    }

    private static void save(Path file, float[] values, int... shape) throws Exception {
        long[] s = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            s[i] = shape[i];
        }
        Npy.write(file, values, s);
    }
}
