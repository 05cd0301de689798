package org.activeseg.backend;

import java.lang.foreign.MemorySegment;
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
 * cannot rule out, which changes no sum) and accumulates into its own {@link ViewAccumulator} (C x P
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
        ViewAccumulator acc = new ViewAccumulator(c, p, probs, logs, t * frameStride);
        for (int j = 0; j < n; j++) {
            if (!overlap.mayLand(j, t)) {
                continue;
            }
            acc.add(overlap.correspondences(j, t), probs, logs, j * frameStride);
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
