package org.activeseg.backend;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.activeseg.geometry.Camera;
import org.activeseg.geometry.Reprojection;
import org.activeseg.tensor.FloatTensor;

/**
 * The pure-Java reference implementation of {@link ViewOps}: the ground truth for every other backend.
 *
 * <p>Work is split by target frame, in parallel; each target loops over the source frames in scene
 * order, finds the correspondences on the fly and accumulates into its own {@link ViewAccumulator} (C x P
 * doubles for the probability sums, P for the divergence sum and the count), so results do not depend on the
 * thread count and no per-pair buffer of size P x C exists. The divergence needs
 * {@code log2(p + 1e-8)} of every source probability N times; it is tabulated once per frame as float
 * (N, C, P) off-heap, as large as the input, which bounds VD's error by about 2e-6 bits
 * ({@code sum_c P_t,c} times twice half an ulp of |log2 1e-8| < 32), instead of N^2 P C logarithms.
 */
public final class ReferenceViewOps implements ViewOps {
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
            IntStream.range(0, (int) planes).parallel()
                    .forEach(plane -> ViewAccumulator.tabulateLogs(probs, lg, (long) plane * p, p));
            IntStream.range(0, n).parallel().forEach(t -> landed[t] = scoreTarget(geometry, t, c, probs, lg,
                    viewEntropy.segment(), viewDivergence.segment(), visibility));
        }
        return landed;
    }

    /** VE and VD of target frame t; returns the number of points that landed in it. */
    private static long scoreTarget(SceneGeometry g, int t, int c, MemorySegment probs, MemorySegment logs,
                                    MemorySegment ve, MemorySegment vd, Visibility vis) {
        int n = g.frames();
        int p = g.pixels();
        long frameStride = (long) c * p;
        ViewAccumulator acc = new ViewAccumulator(c, p, probs, logs, t * frameStride);
        Camera dst = g.cameras().get(t);
        float[] dstDepth = g.depths().get(t);
        for (int j = 0; j < n; j++) {
            int[] corr = Reprojection.correspondences(g.cameras().get(j), g.depths().get(j), dst, dstDepth,
                    vis.worldDistanceThreshold(), vis.projectInvalidDepth());
            acc.add(corr, probs, logs, j * frameStride);
        }
        acc.write(ve, vd, (long) t * p);
        return acc.landed();
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
        IntStream.range(0, n).parallel().forEach(t -> {
            int st = ids[t].length;
            long[] counts = new long[st * total];
            long[] area = new long[st];
            for (int u = 0; u < p; u++) {
                area[dense[t][u]]++;
            }
            for (int j = 0; j < n; j++) {
                int[] corr = Reprojection.correspondences(geometry.cameras().get(j), geometry.depths().get(j),
                        geometry.cameras().get(t), geometry.depths().get(t),
                        visibility.worldDistanceThreshold(), visibility.projectInvalidDepth());
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
}
