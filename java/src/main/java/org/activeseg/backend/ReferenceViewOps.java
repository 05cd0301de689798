package org.activeseg.backend;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.activeseg.geometry.ViewOverlap;
import org.activeseg.tensor.FloatTensor;

/**
 * The pure-Java reference implementation of {@link ViewOps}: the ground truth for every other backend.
 *
 * <p>Work is split by target frame, in parallel; each target loops over the source frames in scene
 * order, finds the correspondences on the fly (projecting only the source tiles that {@link ViewOverlap}
 * cannot rule out, which changes no sum) and accumulates into its own buffers (C x P doubles for
 * the probability sums, P for the divergence sum and the count), so results do not depend on the
 * thread count and no per-pair buffer of size P x C exists. The divergence needs
 * {@code log2(p + 1e-8)} of every source probability N times; it is tabulated once per frame as float
 * (N, C, P) off-heap, as large as the input, which bounds VD's error by about 2e-6 bits
 * ({@code sum_c P_t,c} times twice half an ulp of |log2 1e-8| < 32), instead of N^2 P C logarithms.
 */
public final class ReferenceViewOps implements ViewOps {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final double INV_LN2 = 1.0 / Math.log(2.0);
    /** Epsilon inside VE's logarithm (ALGORITHMS.md 0.1). */
    static final double VE_EPS = 1e-12;
    /** Epsilon inside VD's ratio (ALGORITHMS.md 0.1). */
    static final double VD_EPS = 1e-8;

    @Override
    public long[] viewStatistics(SceneGeometry geometry, FloatTensor probabilities, FloatTensor viewEntropy,
                                 FloatTensor viewDivergence, Visibility visibility) {
        int n = geometry.frames();
        int p = geometry.pixels();
        int c = ViewArguments.viewStatisticsClasses(geometry, probabilities, viewEntropy, viewDivergence);
        long[] landed = new long[n];
        if (n == 0 || p == 0) {
            return landed;
        }
        MemorySegment probs = probabilities.segment();
        try (FloatTensor logs = FloatTensor.allocate(n, c, p)) {
            MemorySegment lg = logs.segment();
            long planes = (long) n * c;
            IntStream.range(0, (int) planes).parallel().forEach(plane -> {
                long base = (long) plane * p;
                for (int i = 0; i < p; i++) {
                    double v = probs.getAtIndex(F32, base + i);
                    lg.setAtIndex(F32, base + i, (float) (Math.log(v + VD_EPS) * INV_LN2));
                }
            });
            ViewOverlap overlap = overlap(geometry, visibility);
            IntStream.range(0, n).parallel().forEach(t -> landed[t] = scoreTarget(geometry, overlap, t, c, probs, lg,
                    viewEntropy.segment(), viewDivergence.segment(), visibility));
        }
        return landed;
    }

    /** VE and VD of target frame t; returns the number of points that landed in it. */
    private static long scoreTarget(SceneGeometry g, ViewOverlap overlap, int t, int c, MemorySegment probs, MemorySegment logs,
                                    MemorySegment ve, MemorySegment vd, Visibility vis) {
        int n = g.frames();
        int p = g.pixels();
        long frameStride = (long) c * p;
        long tBase = t * frameStride;
        double[] sums = new double[c * p];
        double[] divergence = new double[p];
        int[] count = new int[p];
        double[] self = new double[p];
        for (int k = 0; k < c; k++) {
            long plane = tBase + (long) k * p;
            for (int u = 0; u < p; u++) {
                self[u] += probs.getAtIndex(F32, plane + u) * (double) logs.getAtIndex(F32, plane + u);
            }
        }
        long landed = 0;
        for (int j = 0; j < n; j++) {
            if (!overlap.mayLand(j, t)) {
                continue;
            }
            int[] corr = overlap.correspondences(j, t);
            long jBase = j * frameStride;
            for (int i = 0; i < p; i++) {
                int u = corr[i];
                if (u < 0) {
                    continue;
                }
                landed++;
                count[u]++;
                double cross = 0;
                for (int k = 0; k < c; k++) {
                    long at = jBase + (long) k * p + i;
                    sums[k * p + u] += probs.getAtIndex(F32, at);
                    cross += probs.getAtIndex(F32, tBase + (long) k * p + u) * (double) logs.getAtIndex(F32, at);
                }
                divergence[u] += self[u] - cross;
            }
        }
        long out = (long) t * p;
        for (int u = 0; u < p; u++) {
            if (count[u] == 0) {
                ve.setAtIndex(F32, out + u, 0f);
                vd.setAtIndex(F32, out + u, 0f);
                continue;
            }
            double row = 0;
            for (int k = 0; k < c; k++) {
                row += sums[k * p + u];
            }
            double h = 0;
            for (int k = 0; k < c; k++) {
                double q = sums[k * p + u] / row;
                h -= q * Math.log(q + VE_EPS);
            }
            ve.setAtIndex(F32, out + u, (float) (h * INV_LN2));
            vd.setAtIndex(F32, out + u, (float) (divergence[u] / count[u]));
        }
        return landed;
    }

    @Override
    public SuperpixelCoverage superpixelCoverage(SceneGeometry geometry, List<int[]> superpixels, Visibility visibility) {
        int n = geometry.frames();
        int p = geometry.pixels();
        ViewArguments.superpixelMaps(superpixels, n, p);
        int[][] ids = new int[n][];
        int[][] dense = new int[n][];
        int[] offset = new int[n + 1];
        for (int f = 0; f < n; f++) {
            int[] spx = superpixels.get(f);
            ids[f] = Arrays.stream(spx).distinct().sorted().toArray();
            dense[f] = new int[p];
            for (int i = 0; i < p; i++) {
                dense[f][i] = Arrays.binarySearch(ids[f], spx[i]);
            }
            offset[f + 1] = offset[f] + ids[f].length;
        }
        int total = offset[n];
        @SuppressWarnings("unchecked")
        Map<CoverageKey, Double>[] maps = new Map[n];
        ViewOverlap overlap = overlap(geometry, visibility);
        IntStream.range(0, n).parallel().forEach(t -> {
            int st = ids[t].length;
            long[] counts = new long[st * total];
            long[] area = new long[st];
            for (int u = 0; u < p; u++) {
                area[dense[t][u]]++;
            }
            for (int j = 0; j < n; j++) {
                if (!overlap.mayLand(j, t)) {
                    continue;
                }
                int[] corr = overlap.correspondences(j, t);
                for (int i = 0; i < p; i++) {
                    int u = corr[i];
                    if (u >= 0) {
                        counts[dense[t][u] * total + offset[j] + dense[j][i]]++;
                    }
                }
            }
            Map<CoverageKey, Double> m = new HashMap<>();
            for (int a = 0; a < st; a++) {
                for (int j = 0; j < n; j++) {
                    for (int b = 0; b < ids[j].length; b++) {
                        long k = counts[a * total + offset[j] + b];
                        if (k > 0) {
                            m.put(new CoverageKey(ids[t][a], j, ids[j][b]), (double) k / area[a]);
                        }
                    }
                }
            }
            maps[t] = m;
        });
        return new SuperpixelCoverage(List.of(maps));
    }

    /** Which source tiles may land in which target ({@link ViewOverlap}); the others are skipped, exactly. */
    private static ViewOverlap overlap(SceneGeometry g, Visibility v) {
        return ViewOverlap.of(g.cameras(), g.depths(), v.worldDistanceThreshold(), v.projectInvalidDepth());
    }
}
