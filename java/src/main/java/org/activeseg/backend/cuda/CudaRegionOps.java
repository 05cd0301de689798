package org.activeseg.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.activeseg.backend.PercentileRanks;
import org.activeseg.backend.RegionArguments;
import org.activeseg.backend.RegionOps;
import org.activeseg.device.Device;
import org.activeseg.device.DeviceMemory;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.tensor.FloatTensor;

/**
 * {@link RegionOps} on the GPU (cuda/src/region_scores.cu, greedy_select.cu, percentile_select.cu):
 * the same answers as ReferenceRegionOps (entropies and region scores within 1e-5, argmax, counts,
 * greedy picks and percentiles identical). Host arrays in and out: arguments are checked here with
 * the reference's messages, inputs staged through a confined arena into device buffers that are
 * kept and grown on demand (one set per instance, so calls are synchronized), kernels run on the
 * context's stream, results are copied back. {@link #close()} frees the buffers.
 */
public final class CudaRegionOps implements RegionOps, AutoCloseable {
    private final Device context;
    private final StagingBuffers staging;
    private final RegionKernels kernels;
    private boolean closed;

    private enum Slot { INPUT, SECOND_INPUT, FIRST_OUTPUT, SECOND_OUTPUT, WORKSPACE }

    CudaRegionOps(Device context, RegionKernels kernels) {
        this.context = context;
        this.staging = new StagingBuffers(context, "CUDA region operations");
        this.kernels = kernels;
    }

    @Override
    public synchronized void meanEntropyArgmax(FloatTensor probs, double eps, double norm, float[] entropy,
                                               int[] argmax) {
        RegionArguments.Probabilities shape = RegionArguments.meanEntropyArgmax(probs, entropy, argmax);
        int samples = shape.samples();
        int classes = shape.classes();
        int pixels = shape.pixels();
        checkEpsNorm(eps, norm);
        if (pixels == 0) {
            return;
        }
        long inBytes = probs.size() * Float.BYTES;
        long outBytes = (long) pixels * Float.BYTES;
        DeviceMemory in = buffer(Slot.INPUT, inBytes);
        DeviceMemory outEntropy = buffer(Slot.FIRST_OUTPUT, outBytes);
        DeviceMemory outArgmax = buffer(Slot.SECOND_OUTPUT, outBytes);
        in.copyFrom(probs.segment(), inBytes);
        context.makeCurrent();
        kernels.meanEntropyArgmax(in.address(), outEntropy.address(), outArgmax.address(), samples, classes, pixels,
                eps, norm, context.streamAddress());
        context.synchronize("as_mean_entropy_argmax");
        copyOut(outEntropy, entropy);
        copyOut(outArgmax, argmax);
    }

    @Override
    public synchronized void impurityUncertainty(int[] argmax, float[] entropy, int width, int height, int classes,
                                                 int radius, double eps, double norm, float[] impurity,
                                                 float[] uncertainty) {
        int pixels = RegionArguments.impurityUncertainty(argmax, entropy, width, height, classes, radius, impurity,
                uncertainty);
        checkEpsNorm(eps, norm);
        long mapBytes = (long) pixels * Float.BYTES;
        long workspaceBytes = kernels.impurityWorkspaceBytes(width, height);
        DeviceMemory labels = buffer(Slot.INPUT, mapBytes);
        DeviceMemory outImpurity = buffer(Slot.FIRST_OUTPUT, mapBytes);
        DeviceMemory workspace = buffer(Slot.WORKSPACE, workspaceBytes);
        copyIn(argmax, labels);
        long entropyAddress = 0;
        long uncertaintyAddress = 0;
        DeviceMemory outUncertainty = null;
        if (uncertainty != null) {
            DeviceMemory values = buffer(Slot.SECOND_INPUT, mapBytes);
            values.copyFrom(entropy);
            outUncertainty = buffer(Slot.SECOND_OUTPUT, mapBytes);
            entropyAddress = values.address();
            uncertaintyAddress = outUncertainty.address();
        }
        context.makeCurrent();
        kernels.impurityUncertainty(labels.address(), entropyAddress, width, height, classes, radius, eps, norm,
                outImpurity.address(), uncertaintyAddress, workspace.address(), workspace.byteSize(),
                context.streamAddress());
        context.synchronize("as_impurity_uncertainty");
        copyOut(outImpurity, impurity);
        if (outUncertainty != null) {
            copyOut(outUncertainty, uncertainty);
        }
    }

    @Override
    public synchronized int[] greedySelect(float[] score, int width, int height, int suppressRadius, int count,
                                           boolean[] blocked) {
        int pixels = RegionArguments.greedySelect(score, width, height, suppressRadius, count, blocked);
        if (count == 0) {
            return new int[0];
        }
        int capacity = Math.min(count, pixels);
        DeviceMemory scores = buffer(Slot.INPUT, (long) pixels * Float.BYTES);
        DeviceMemory mask = buffer(Slot.SECOND_INPUT, pixels);
        DeviceMemory picks = buffer(Slot.FIRST_OUTPUT, ((long) capacity + 1) * Integer.BYTES);
        DeviceMemory workspace = buffer(Slot.WORKSPACE, kernels.greedyWorkspaceBytes(width, height));
        scores.copyFrom(score);
        copyIn(blocked, mask);
        long countAddress = picks.address() + (long) capacity * Integer.BYTES;
        context.makeCurrent();
        kernels.greedySelect(scores.address(), mask.address(), width, height, suppressRadius, capacity,
                picks.address(), countAddress, workspace.address(), workspace.byteSize(), context.streamAddress());
        context.synchronize("as_greedy_select");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(((long) capacity + 1) * Integer.BYTES, Integer.BYTES);
            picks.copyTo(out, out.byteSize());
            int n = out.getAtIndex(JAVA_INT, capacity);
            if (n < 0 || n > capacity) {
                throw new CudaCallException("as_greedy_select returned " + n + " picks for a capacity of " + capacity, -1);
            }
            MemorySegment m = arena.allocate(pixels);
            mask.copyTo(m, pixels);
            for (int i = 0; i < pixels; i++) {
                blocked[i] = m.get(JAVA_BYTE, i) != 0;
            }
            return out.asSlice(0, (long) n * Integer.BYTES).toArray(JAVA_INT);
        }
    }

    @Override
    public synchronized float percentile(float[] values, boolean[] valid, double q) {
        if (!(q >= 0 && q <= 100)) {
            throw new IllegalArgumentException("percentile " + q + " is outside [0, 100]");
        }
        if (valid != null && valid.length != values.length) {
            throw new IllegalArgumentException("valid has " + valid.length + " values, expected " + values.length);
        }
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (valid == null || valid[i]) {
                if (Float.isNaN(values[i])) {
                    throw new IllegalArgumentException("value " + i + " is NaN");
                }
                n++;
            }
        }
        PercentileRanks ranks = PercentileRanks.of(n, q);
        DeviceMemory in = buffer(Slot.INPUT, (long) values.length * Float.BYTES);
        DeviceMemory out = buffer(Slot.FIRST_OUTPUT, 2L * Float.BYTES);
        DeviceMemory workspace = buffer(Slot.WORKSPACE, RegionKernels.SELECT_RANKS_WORKSPACE_BYTES);
        in.copyFrom(values);
        long validAddress = 0;
        if (valid != null) {
            DeviceMemory mask = buffer(Slot.SECOND_INPUT, values.length);
            copyIn(valid, mask);
            validAddress = mask.address();
        }
        context.makeCurrent();
        kernels.selectRanks(in.address(), validAddress, values.length, ranks.lo(), ranks.hi(), out.address(),
                workspace.address(), context.streamAddress());
        context.synchronize("as_select_ranks");
        float[] two = new float[2];
        out.copyTo(two);
        return ranks.interpolate(two[0], two[1]);
    }

    /** Frees the device buffers; later calls throw. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        staging.close();
    }

    private DeviceMemory buffer(Slot slot, long bytes) {
        return staging.get(slot.name(), bytes);
    }

    private static void copyIn(int[] src, DeviceMemory dst) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocateFrom(JAVA_INT, src);
            dst.copyFrom(s, s.byteSize());
        }
    }

    private static void copyIn(boolean[] src, DeviceMemory dst) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Math.max(1, src.length));
            for (int i = 0; i < src.length; i++) {
                s.set(JAVA_BYTE, i, src[i] ? (byte) 1 : 0);
            }
            dst.copyFrom(s, src.length);
        }
    }

    private static void copyOut(DeviceMemory src, float[] dst) {
        src.copyTo(dst);
    }

    private static void copyOut(DeviceMemory src, int[] dst) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate((long) dst.length * Integer.BYTES, Integer.BYTES);
            src.copyTo(s, s.byteSize());
            MemorySegment.copy(s, JAVA_INT, 0, dst, 0, dst.length);
        }
    }

    /** The kernels' extra requirement (the reference accepts any eps and norm and follows IEEE arithmetic). */
    private static void checkEpsNorm(double eps, double norm) {
        if (!(eps >= 0) || !(norm > 0) || Double.isInfinite(norm)) {
            throw new IllegalArgumentException("eps " + eps + " must be >= 0 and norm " + norm + " finite and > 0");
        }
    }
}
