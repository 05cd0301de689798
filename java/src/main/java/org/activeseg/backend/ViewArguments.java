package org.activeseg.backend;

import java.util.Arrays;
import java.util.List;
import org.activeseg.backend.ViewOps.SceneGeometry;
import org.activeseg.tensor.FloatTensor;

/**
 * The argument contract of {@link ViewOps}, shared by every backend (ReferenceViewOps and
 * CudaViewOps): the tensors and superpixel maps must fit the scene's frames and pixels, checked in
 * one order with one set of messages. (The scene itself is checked by {@link SceneGeometry}.)
 */
public final class ViewArguments {

    private ViewArguments() {
    }

    /**
     * Checks the arguments of {@link ViewOps#viewStatistics}: probabilities (N, C, P) with C >= 1,
     * view entropy and view divergence (N, P), for the N frames and P pixels of {@code geometry}.
     * Returns C.
     */
    public static int viewStatisticsClasses(SceneGeometry geometry, FloatTensor probabilities, FloatTensor viewEntropy,
                                            FloatTensor viewDivergence) {
        int n = geometry.frames();
        int p = geometry.pixels();
        checkShape("probabilities", probabilities, 3, n, -1, p);
        int c = (int) probabilities.dim(1);
        if (c < 1) {
            throw new IllegalArgumentException("probabilities " + Arrays.toString(probabilities.shape()) + " need C >= 1");
        }
        checkShape("view entropy", viewEntropy, 2, n, p, -1);
        checkShape("view divergence", viewDivergence, 2, n, p, -1);
        return c;
    }

    /**
     * Checks the superpixel maps of {@link ViewOps#superpixelCoverage}: one map per frame, each of
     * {@code pixels} ids; the first wrong map is named by its frame.
     */
    public static void superpixelMaps(List<int[]> maps, int frames, int pixels) {
        if (maps.size() != frames) {
            throw new IllegalArgumentException(maps.size() + " superpixel maps for " + frames + " frames");
        }
        for (int f = 0; f < frames; f++) {
            int length = maps.get(f).length;
            if (length != pixels) {
                throw new IllegalArgumentException("frame " + f + ": superpixel map has " + length
                        + " values, expected " + pixels);
            }
        }
    }

    /** Checks rank and extents (-1 = any); the message names the tensor, its shape and the expected one. */
    static void checkShape(String name, FloatTensor x, int rank, long d0, long d1, long d2) {
        long[] s = x.shape();
        long[] want = rank == 3 ? new long[] {d0, d1, d2} : new long[] {d0, d1};
        boolean ok = s.length == rank;
        for (int i = 0; ok && i < rank; i++) {
            ok = want[i] < 0 || s[i] == want[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(s) + ", expected "
                    + Arrays.toString(want).replace("-1", "*") + " for the scene's frames and pixels");
        }
    }
}
