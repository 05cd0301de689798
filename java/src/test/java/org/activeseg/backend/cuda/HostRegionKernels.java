package org.activeseg.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.activeseg.backend.ReferenceRegionOps;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.tensor.FloatTensor;

/**
 * The RegionOps section of cuda/include/activeseg.h restated in Java over raw addresses, for
 * {@link CudaRegionOps} on a {@link org.activeseg.device.HostDevice}: it reads what was staged at
 * the addresses it is given (probabilities (T, C, P), argmax and entropy maps, the uint8 blocked and
 * valid masks), computes with the reference, and writes the outputs in the kernels' layouts (the
 * blocked mask in place, the pick count after the picks). Workspaces must be as large as the size
 * queries said.
 */
final class HostRegionKernels implements RegionKernels {
    private final ReferenceRegionOps reference = new ReferenceRegionOps();

    private static MemorySegment at(long address, long bytes) {
        return MemorySegment.ofAddress(address).reinterpret(bytes);
    }

    @Override
    public void meanEntropyArgmax(long probs, long entropy, long argmax, int t, int c, long p, double eps, double norm,
                                  long stream) {
        FloatTensor in = FloatTensor.wrap(at(probs, (long) t * c * p * Float.BYTES), t, c, p);
        float[] e = new float[(int) p];
        int[] a = new int[(int) p];
        reference.meanEntropyArgmax(in, eps, norm, e, a);
        MemorySegment.copy(e, 0, at(entropy, p * Float.BYTES), JAVA_FLOAT, 0, e.length);
        MemorySegment.copy(a, 0, at(argmax, p * Integer.BYTES), JAVA_INT, 0, a.length);
    }

    @Override
    public long impurityWorkspaceBytes(int width, int height) {
        return (long) width * height * Integer.BYTES;
    }

    @Override
    public void impurityUncertainty(long argmax, long entropy, int width, int height, int classes, int radius,
                                    double eps, double norm, long impurity, long uncertainty, long workspace,
                                    long workspaceBytes, long stream) {
        checkWorkspace("as_impurity_uncertainty", workspaceBytes, impurityWorkspaceBytes(width, height));
        int p = width * height;
        int[] labels = at(argmax, (long) p * Integer.BYTES).toArray(JAVA_INT);
        float[] e = entropy == 0 ? null : at(entropy, (long) p * Float.BYTES).toArray(JAVA_FLOAT);
        float[] imp = new float[p];
        float[] unc = uncertainty == 0 ? null : new float[p];
        reference.impurityUncertainty(labels, e, width, height, classes, radius, eps, norm, imp, unc);
        MemorySegment.copy(imp, 0, at(impurity, (long) p * Float.BYTES), JAVA_FLOAT, 0, p);
        if (unc != null) {
            MemorySegment.copy(unc, 0, at(uncertainty, (long) p * Float.BYTES), JAVA_FLOAT, 0, p);
        }
    }

    @Override
    public long greedyWorkspaceBytes(int width, int height) {
        return (long) width * height * Long.BYTES;
    }

    @Override
    public void greedySelect(long score, long blocked, int width, int height, int radius, int count, long picks,
                             long nPicks, long workspace, long workspaceBytes, long stream) {
        checkWorkspace("as_greedy_select", workspaceBytes, greedyWorkspaceBytes(width, height));
        int p = width * height;
        float[] s = at(score, (long) p * Float.BYTES).toArray(JAVA_FLOAT);
        MemorySegment mask = at(blocked, p);
        boolean[] b = new boolean[p];
        for (int i = 0; i < p; i++) {
            b[i] = mask.get(JAVA_BYTE, i) != 0;
        }
        int[] chosen = reference.greedySelect(s, width, height, radius, count, b);
        for (int i = 0; i < p; i++) {
            mask.set(JAVA_BYTE, i, b[i] ? (byte) 1 : 0);
        }
        MemorySegment.copy(chosen, 0, at(picks, (long) count * Integer.BYTES), JAVA_INT, 0, chosen.length);
        at(nPicks, Integer.BYTES).set(JAVA_INT, 0, chosen.length);
    }

    @Override
    public void selectRanks(long values, long valid, long n, long k0, long k1, long out, long workspace, long stream) {
        float[] v = at(values, n * Float.BYTES).toArray(JAVA_FLOAT);
        MemorySegment mask = valid == 0 ? null : at(valid, n);
        float[] kept = new float[(int) n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (mask == null || mask.get(JAVA_BYTE, i) != 0) {
                kept[m++] = v[i];
            }
        }
        if (k0 < 0 || k1 < k0 || k1 >= m) {
            throw new CudaCallException("as_select_ranks: ranks " + k0 + ", " + k1 + " of " + m + " valid values", 1);
        }
        float[] sorted = Arrays.copyOf(kept, m);
        Arrays.sort(sorted);
        MemorySegment o = at(out, 2L * Float.BYTES);
        o.setAtIndex(JAVA_FLOAT, 0, sorted[(int) k0]);
        o.setAtIndex(JAVA_FLOAT, 1, sorted[(int) k1]);
    }

    private static void checkWorkspace(String op, long given, long needed) {
        if (given < needed) {
            throw new CudaCallException(op + ": workspace of " + given + " bytes, " + needed + " needed", 1);
        }
    }
}
