package org.activeseg.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.activeseg.device.cuda.ActivesegNative.address;
import static org.activeseg.device.cuda.ActivesegNative.rethrow;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.device.cuda.NativeLoadException;

/**
 * Hand-written Panama bindings of the RegionOps section of cuda/include/activeseg.h: RIPU's mean
 * entropy/argmax, region impurity/uncertainty and greedy selection, and the rank selection behind
 * U2PL's percentile. Handles are made once in {@link #bind}; every call takes raw device addresses
 * and the stream, enqueues and returns; a non-zero status throws {@link CudaCallException} with the
 * library's error text.
 */
final class PanamaRegionKernels implements RegionKernels {
    private final ActivesegNative lib;
    private final MethodHandle meanEntropyArgmax;
    private final MethodHandle impurityWorkspace;
    private final MethodHandle impurityUncertainty;
    private final MethodHandle greedyWorkspace;
    private final MethodHandle greedySelect;
    private final MethodHandle selectRanks;

    private PanamaRegionKernels(ActivesegNative lib) throws NativeLoadException {
        this.lib = lib;
        meanEntropyArgmax = lib.downcall("as_mean_entropy_argmax", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_DOUBLE, JAVA_DOUBLE, ADDRESS));
        impurityWorkspace = lib.downcall("as_impurity_uncertainty_workspace_bytes",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        impurityUncertainty = lib.downcall("as_impurity_uncertainty", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, JAVA_DOUBLE,
                ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        greedyWorkspace = lib.downcall("as_greedy_select_workspace_bytes",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        greedySelect = lib.downcall("as_greedy_select", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS,
                ADDRESS, JAVA_LONG, ADDRESS));
        selectRanks = lib.downcall("as_select_ranks", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
    }

    /** Binds every function of the section; a missing symbol names it and the library. */
    static PanamaRegionKernels bind(ActivesegNative lib) throws NativeLoadException {
        return new PanamaRegionKernels(lib);
    }

    /** as_mean_entropy_argmax: probs (T, C, P) float32, entropy (P) float32, argmax (P) int32. */
    @Override
    public void meanEntropyArgmax(long probs, long entropy, long argmax, int t, int c, long p, double eps, double norm,
                           long stream) {
        int status;
        try {
            status = (int) meanEntropyArgmax.invokeExact(address(probs), address(entropy), address(argmax), t, c, p, eps, norm,
                    address(stream));
        } catch (Throwable e) {
            throw rethrow(e);
        }
        lib.checkStatus(status, "as_mean_entropy_argmax");
    }

    @Override
    public long impurityWorkspaceBytes(int width, int height) {
        return workspace(impurityWorkspace, "as_impurity_uncertainty_workspace_bytes", width, height);
    }

    /** as_impurity_uncertainty; {@code entropy} and {@code uncertainty} may be 0 together. */
    @Override
    public void impurityUncertainty(long argmax, long entropy, int width, int height, int classes, int radius, double eps,
                             double norm, long impurity, long uncertainty, long workspace, long workspaceBytes,
                             long stream) {
        int status;
        try {
            status = (int) impurityUncertainty.invokeExact(address(argmax), address(entropy), width, height, classes, radius,
                    eps, norm, address(impurity), address(uncertainty), address(workspace), workspaceBytes, address(stream));
        } catch (Throwable e) {
            throw rethrow(e);
        }
        lib.checkStatus(status, "as_impurity_uncertainty");
    }

    @Override
    public long greedyWorkspaceBytes(int width, int height) {
        return workspace(greedyWorkspace, "as_greedy_select_workspace_bytes", width, height);
    }

    /** as_greedy_select: score (H, W) float32, blocked (H, W) uint8 in/out, picks (count) int32, nPicks int32. */
    @Override
    public void greedySelect(long score, long blocked, int width, int height, int radius, int count, long picks,
                      long nPicks, long workspace, long workspaceBytes, long stream) {
        int status;
        try {
            status = (int) greedySelect.invokeExact(address(score), address(blocked), width, height, radius, count,
                    address(picks), address(nPicks), address(workspace), workspaceBytes, address(stream));
        } catch (Throwable e) {
            throw rethrow(e);
        }
        lib.checkStatus(status, "as_greedy_select");
    }

    /** as_select_ranks: values (N) float32, valid (N) uint8 or 0, out (2) float32 = ranks k0, k1. */
    @Override
    public void selectRanks(long values, long valid, long n, long k0, long k1, long out, long workspace, long stream) {
        int status;
        try {
            status = (int) selectRanks.invokeExact(address(values), address(valid), n, k0, k1, address(out), address(workspace),
                    address(stream));
        } catch (Throwable e) {
            throw rethrow(e);
        }
        lib.checkStatus(status, "as_select_ranks");
    }

    private long workspace(MethodHandle handle, String op, int width, int height) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            int status;
            try {
                status = (int) handle.invokeExact(width, height, out);
            } catch (Throwable e) {
                throw rethrow(e);
            }
            lib.checkStatus(status, op);
            return out.get(JAVA_LONG, 0);
        }
    }
}
