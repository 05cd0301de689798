package org.activeseg.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.activeseg.backend.DiversityArguments;
import org.activeseg.backend.DiversityOps;
import org.activeseg.device.DeviceMemory;
import org.activeseg.device.cuda.CudaContext;
import org.activeseg.tensor.FloatTensor;

/**
 * {@link DiversityOps} on the GPU (cuda/src/kcenter.cu): the core-set k-center greedy with the
 * embeddings, the minimum distances and the taken flags resident on the device for the whole
 * greedy, so a step moves 16 bytes (the pick and its distance) to the host for the listener.
 * Distances match ReferenceDiversityOps within double rounding (the sum over D is reduced in another
 * order), picks are identical unless two distances differ only in the last bits.
 *
 * <p>Device memory for N rows of D floats: 4 N D bytes (1 GiB at 1M x 256) + 9 N bytes + 16 KiB,
 * kept and grown on demand; {@link #close()} frees it. Calls are synchronized.
 */
public final class CudaDiversityOps implements DiversityOps, AutoCloseable {
    private final CudaContext context;
    private final StagingBuffers staging;
    private final DiversityKernels kernels;
    private boolean closed;

    private enum Slot { EMBEDDINGS, MIN_DISTANCES, TAKEN, WORKSPACE, RESULT }

    CudaDiversityOps(CudaContext context, DiversityKernels kernels) {
        this.context = context;
        this.staging = new StagingBuffers(context, "CUDA diversity operations");
        this.kernels = kernels;
    }

    @Override
    public synchronized void updateMinDistances(FloatTensor embeddings, int centre, double[] minDistances) {
        int n = rows(embeddings);
        DiversityArguments.updateMinDistances(embeddings, n, centre, minDistances);
        DeviceMemory x = upload(embeddings);
        DeviceMemory min = buffer(Slot.MIN_DISTANCES, (long) n * Double.BYTES);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocateFrom(JAVA_DOUBLE, minDistances);
            min.copyFrom(host, host.byteSize());
            context.makeCurrent();
            kernels.update(x.address(), n, Math.toIntExact(embeddings.dim(1)), centre, min.address(),
                    context.streamAddress());
            context.synchronize("as_kcenter_update");
            min.copyTo(host, host.byteSize());
            MemorySegment.copy(host, JAVA_DOUBLE, 0, minDistances, 0, n);
        }
    }

    /** The default greedy's contract, run with every array on the device (one upload of the embeddings). */
    @Override
    public synchronized int[] kCenterGreedy(FloatTensor embeddings, int[] initialCentres, int firstPick, int maxPicks,
                                            PickListener listener) {
        int n = rows(embeddings);
        int d = Math.toIntExact(embeddings.dim(1));
        for (int c : initialCentres) {
            DiversityArguments.initialCentre(c, n);
        }
        if (n == 0 || maxPicks <= 0) {
            return new int[0];
        }
        if (initialCentres.length == 0) {
            DiversityArguments.firstPick(firstPick, n);
        }
        DeviceMemory x = upload(embeddings);
        DeviceMemory min = buffer(Slot.MIN_DISTANCES, (long) n * Double.BYTES);
        DeviceMemory taken = buffer(Slot.TAKEN, n);
        DeviceMemory workspace = buffer(Slot.WORKSPACE, DiversityKernels.ARGMAX_WORKSPACE_BYTES);
        DeviceMemory result = buffer(Slot.RESULT, 16);
        long stream = context.streamAddress();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment inf = arena.allocate((long) n * Double.BYTES, Double.BYTES);
            for (long i = 0; i < n; i++) {
                inf.setAtIndex(JAVA_DOUBLE, i, Double.POSITIVE_INFINITY);
            }
            min.copyFrom(inf, inf.byteSize());
            context.makeCurrent();
            taken.fill(0, n, (byte) 0);
            for (int c : initialCentres) {
                markTaken(taken, c);
                kernels.update(x.address(), n, d, c, min.address(), stream);
            }
            int[] picks = new int[Math.max(0, Math.min(maxPicks, n))];
            int count = 0;
            MemorySegment pick = arena.allocate(16, Long.BYTES);
            while (count < picks.length) {
                int best;
                double distance;
                if (initialCentres.length == 0 && count == 0) {
                    best = firstPick;
                    distance = Double.POSITIVE_INFINITY; // no centre yet: every distance is still +inf
                } else {
                    kernels.argmax(min.address(), taken.address(), n, result.address(), result.address() + 8,
                            workspace.address(), stream);
                    context.synchronize("as_kcenter_argmax");
                    result.copyTo(pick, 16);
                    best = Math.toIntExact(pick.get(JAVA_LONG, 0));
                    distance = pick.get(JAVA_DOUBLE, 8);
                }
                if (best < 0) {
                    break;
                }
                markTaken(taken, best);
                picks[count++] = best;
                if (!listener.picked(best, distance)) {
                    break;
                }
                kernels.update(x.address(), n, d, best, min.address(), stream);
            }
            context.synchronize("as_kcenter_update");
            return Arrays.copyOf(picks, count);
        }
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

    private void markTaken(DeviceMemory taken, int row) {
        context.makeCurrent();
        taken.fill(row, 1, (byte) 1);
    }

    /** N of (N, D) embeddings; the kernels also need D >= 1 when N >= 1 (the reference allows D = 0). */
    private static int rows(FloatTensor embeddings) {
        DiversityArguments.checkEmbeddings(embeddings);
        if (embeddings.dim(0) > 0 && embeddings.dim(1) < 1) {
            throw new IllegalArgumentException("embeddings " + Arrays.toString(embeddings.shape()) + " have no columns");
        }
        return Math.toIntExact(embeddings.dim(0));
    }

    private DeviceMemory upload(FloatTensor embeddings) {
        long bytes = embeddings.size() * Float.BYTES;
        DeviceMemory x = buffer(Slot.EMBEDDINGS, bytes);
        x.copyFrom(embeddings.segment(), bytes);
        return x;
    }

    private DeviceMemory buffer(Slot slot, long bytes) {
        return staging.get(slot.name(), bytes);
    }
}
