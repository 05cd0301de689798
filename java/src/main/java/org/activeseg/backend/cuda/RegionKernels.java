package org.activeseg.backend.cuda;

import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.NativeLoadException;

/**
 * The RegionOps section of cuda/include/activeseg.h as {@link CudaRegionOps} calls it: RIPU's mean
 * entropy/argmax, region impurity/uncertainty and greedy selection, and the rank selection behind
 * U2PL's percentile; raw device addresses and the stream in, status checked, errors as
 * {@link CudaCallException}. {@link PanamaRegionKernels} calls our CUDA library; tests put the same
 * contract restated in Java behind it, so what {@link CudaRegionOps} stages (probabilities, label and
 * entropy maps, blocked and valid masks) and reads back is checked without a GPU.
 */
interface RegionKernels {
    /** AS_SELECT_RANKS_WORKSPACE_BYTES. */
    long SELECT_RANKS_WORKSPACE_BYTES = 4096;

    /** The Panama bindings of {@code lib}; a missing symbol names it and the library. */
    static RegionKernels bind(ActivesegNative lib) throws NativeLoadException {
        return PanamaRegionKernels.bind(lib);
    }

    /** as_mean_entropy_argmax: probs (T, C, P) float32, entropy (P) float32, argmax (P) int32. */
    void meanEntropyArgmax(long probs, long entropy, long argmax, int t, int c, long p, double eps, double norm,
                           long stream);

    long impurityWorkspaceBytes(int width, int height);

    /** as_impurity_uncertainty; {@code entropy} and {@code uncertainty} may be 0 together. */
    void impurityUncertainty(long argmax, long entropy, int width, int height, int classes, int radius, double eps,
                             double norm, long impurity, long uncertainty, long workspace, long workspaceBytes,
                             long stream);

    long greedyWorkspaceBytes(int width, int height);

    /** as_greedy_select: score (H, W) float32, blocked (H, W) uint8 in/out, picks (count) int32, nPicks int32. */
    void greedySelect(long score, long blocked, int width, int height, int radius, int count, long picks,
                      long nPicks, long workspace, long workspaceBytes, long stream);

    /** as_select_ranks: values (N) float32, valid (N) uint8 or 0, out (2) float32 = ranks k0, k1. */
    void selectRanks(long values, long valid, long n, long k0, long k1, long out, long workspace, long stream);
}
