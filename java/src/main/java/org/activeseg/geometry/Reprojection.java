package org.activeseg.geometry;

import java.util.Arrays;

/**
 * Cross-view correspondence by depth, as ViewAL computes it (ALGORITHMS.md section 1, steps 2-3):
 * back-project each source pixel with its depth, project into the target camera with
 * half-to-even rounding, then keep the point only if back-projecting the target pixel it lands on
 * with the target's own depth gives a world point closer than {@code worldDistanceThreshold}
 * (metres; full 3-D distance, no z-buffer). Invalid source depth (0) is skipped unless
 * {@code projectInvalidDepth} (the reference's behaviour, which maps holes to the camera centre).
 */
public final class Reprojection {
    /** ViewAL's WORLD_DISTANCE_THRESHOLD. */
    public static final double DEFAULT_WORLD_DISTANCE = 1.0;

    private Reprojection() {}

    /**
     * For every source pixel, the flat index of the target pixel it lands on and passes the
     * visibility test at, or -1.
     *
     * @param srcDepth source depth in metres, (H, W) row-major, 0 = invalid
     * @param dstDepth target depth in metres, (H, W) row-major, 0 = invalid
     */
    public static int[] correspondences(Camera src, float[] srcDepth, Camera dst, float[] dstDepth,
                                        double worldDistanceThreshold, boolean projectInvalidDepth) {
        int np = src.width() * src.height();
        if (srcDepth.length != np) {
            throw new IllegalArgumentException("source depth has " + srcDepth.length + " values, camera is "
                    + src.width() + "x" + src.height());
        }
        if (dstDepth.length != dst.width() * dst.height()) {
            throw new IllegalArgumentException("target depth has " + dstDepth.length + " values, camera is "
                    + dst.width() + "x" + dst.height());
        }
        int[] out = new int[np];
        Arrays.fill(out, -1);
        Landing landing = new Landing(src, srcDepth, dst, dstDepth, worldDistanceThreshold, projectInvalidDepth);
        for (int i = 0; i < np; i++) {
            out[i] = landing.of(i);
        }
        return out;
    }

    /**
     * The landing rule for one (source, target) pair, pixel by pixel: the one definition that
     * {@link #correspondences} and the tiled passes of {@link ViewOverlap} share. Not thread-safe
     * (scratch buffers).
     */
    static final class Landing {
        private final Camera src;
        private final float[] srcDepth;
        private final Camera dst;
        private final float[] dstDepth;
        private final double thr2;
        private final boolean projectInvalidDepth;
        private final double[] w = new double[3];
        private final double[] back = new double[3];
        private final double[] scratch = new double[3];

        Landing(Camera src, float[] srcDepth, Camera dst, float[] dstDepth, double worldDistanceThreshold,
                boolean projectInvalidDepth) {
            this.src = src;
            this.srcDepth = srcDepth;
            this.dst = dst;
            this.dstDepth = dstDepth;
            this.thr2 = worldDistanceThreshold * worldDistanceThreshold;
            this.projectInvalidDepth = projectInvalidDepth;
        }

        /** The target pixel source pixel {@code i} lands on and passes the visibility test at, or -1. */
        int of(int i) {
            float d = srcDepth[i];
            if (d == 0 && !projectInvalidDepth) {
                return -1;
            }
            int width = src.width();
            src.backProject(i % width, i / width, d, w);
            int t = dst.project(w[0], w[1], w[2], scratch);
            if (t < 0) {
                return -1;
            }
            dst.backProject(t % dst.width(), t / dst.width(), dstDepth[t], back);
            double dx = w[0] - back[0], dy = w[1] - back[1], dz = w[2] - back[2];
            return dx * dx + dy * dy + dz * dz < thr2 ? t : -1;
        }
    }
}
