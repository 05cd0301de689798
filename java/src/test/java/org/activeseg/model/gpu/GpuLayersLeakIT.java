package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.model.Tensor4;
import org.activeseg.model.layers.Activation;
import org.activeseg.model.layers.BatchNorm2d;
import org.activeseg.model.layers.Conv2d;
import org.activeseg.model.layers.Linear;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 10^3 cycles of creating every GPU layer (descriptors, device parameters), a training forward and
 * backward through them, and closing layers and tensors, leave free device memory (cuMemGetInfo)
 * where it was after a warm-up cycle, and the shared workspace at its warm-up size: nothing a
 * cycle allocates outlives it. (cuDNN descriptors are host memory; their create / destroy pairs
 * run 10^3 times here too.) Needs a GPU with cuDNN and cuBLAS.
 */
class GpuLayersLeakIT {
    private static final int CYCLES = 1_000;
    /** Allowed drift of free memory: far below 10^3 cycles of the cycle's ~1 MB of tensors. */
    private static final long SLACK_BYTES = 8L << 20;
    @RegisterExtension
    static final CudaRequirement<GpuExecution> GPU = CudaRequirement.gpuExecution();

    @Test
    void thousandCyclesDoNotGrowDeviceMemory() {
        GpuExecution exec = GPU.get();
        SplittableRandom r = new SplittableRandom(5);
        Conv2d conv = new Conv2d("conv", 8, 16, 3, 3, 1, 1, 1, 1, true, r.split());
        BatchNorm2d bn = new BatchNorm2d("bn", 16);
        Activation act = Activation.relu6();
        Conv2d depthwise = new Conv2d("dw", 16, 16, 3, 3, 2, 1, 1, 16, false, r.split());
        Linear fc = new Linear("fc", 64, 10, true, r.split());
        Tensor4 x = new Tensor4(4, 8, 31, 33);
        Tensor4 features = new Tensor4(4, 64, 1, 1);
        for (float[] d : List.of(x.data(), features.data())) {
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) r.nextDouble(-1, 1);
            }
        }
        Runnable cycle = () -> {
            List<GpuLayer> layers = new ArrayList<>();
            List<GpuTensor> tensors = new ArrayList<>();
            try {
                layers.add(new GpuConv2d(exec, conv, new ConvGeometry(3, 3, 1, 1, 1, 1)));
                layers.add(new GpuBatchNorm2d(exec, bn));
                layers.add(new GpuActivation(exec, act));
                layers.add(new GpuConv2d(exec, depthwise, new ConvGeometry(3, 3, 2, 1, 1, 16)));
                tensors.add(exec.upload(x));
                for (GpuLayer l : layers) {
                    tensors.add(l.forward(tensors.getLast(), true));
                }
                GpuTensor top = tensors.getLast();
                tensors.add(exec.allocate(top.n(), top.c(), top.h(), top.w()));
                tensors.getLast().copyFrom(new Tensor4(top.n(), top.c(), top.h(), top.w()));
                for (int i = layers.size() - 1; i >= 0; i--) {
                    tensors.add(layers.get(i).backward(tensors.getLast()));
                }
                GpuLinear linear = new GpuLinear(exec, fc);
                layers.add(linear);
                tensors.add(exec.upload(features));
                GpuTensor logits = linear.forward(tensors.getLast(), true);
                tensors.add(logits);
                tensors.add(linear.backward(logits));
            } finally {
                tensors.forEach(GpuTensor::close);
                layers.forEach(GpuLayer::close);
            }
        };
        cycle.run();
        exec.synchronize("warm-up cycle");
        long before = exec.context().memoryInfo()[0];
        long workspace = exec.workspaceBytes();
        for (int i = 0; i < CYCLES; i++) {
            cycle.run();
        }
        exec.synchronize("leak cycles");
        long after = exec.context().memoryInfo()[0];
        System.out.println("free device memory before " + before + ", after " + after + "; workspace " + workspace
                + " bytes");
        assertTrue(before - after <= SLACK_BYTES, "free device memory fell by " + (before - after) + " bytes over "
                + CYCLES + " cycles");
        assertEquals(workspace, exec.workspaceBytes(), "the shared workspace stays at its warm-up size");
    }
}
