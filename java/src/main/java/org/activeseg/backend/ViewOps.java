package org.activeseg.backend;

import java.util.List;
import java.util.Map;
import org.activeseg.geometry.Camera;
import org.activeseg.geometry.Reprojection;
import org.activeseg.tensor.FloatTensor;

/**
 * ViewAL's cross-view primitives (ALGORITHMS.md section 1, steps 2-5 and 7): reprojection of a
 * scene's per-frame probabilities into each of its frames, view entropy and view divergence, and
 * superpixel coverage between views. Every frame's valid points, the target's own included, are
 * projected into the target with {@link Reprojection}'s visibility test (no z-buffer), and every
 * surviving point counts.
 */
public interface ViewOps {

    /**
     * The frames of one scene: their cameras and depths (metres, (H, W) row-major, 0 = invalid), all
     * at one resolution.
     */
    record SceneGeometry(List<Camera> cameras, List<float[]> depths) {
        public SceneGeometry {
            cameras = List.copyOf(cameras);
            depths = List.copyOf(depths);
            if (cameras.size() != depths.size()) {
                throw new IllegalArgumentException(cameras.size() + " cameras but " + depths.size() + " depth maps");
            }
            for (int f = 0; f < cameras.size(); f++) {
                Camera c = cameras.get(f);
                Camera first = cameras.getFirst();
                if (c.width() != first.width() || c.height() != first.height()) {
                    throw new IllegalArgumentException("frame " + f + " is " + c.width() + "x" + c.height()
                            + ", frame 0 is " + first.width() + "x" + first.height() + "; a scene has one resolution");
                }
                if (depths.get(f).length != c.width() * c.height()) {
                    throw new IllegalArgumentException("frame " + f + ": depth has " + depths.get(f).length
                            + " values, camera is " + c.width() + "x" + c.height());
                }
            }
        }

        public int frames() { return cameras.size(); }

        /** Pixels per frame (0 for an empty scene). */
        public int pixels() { return cameras.isEmpty() ? 0 : cameras.getFirst().width() * cameras.getFirst().height(); }
    }

    /**
     * The visibility test of a correspondence: world distance below {@code worldDistanceThreshold}
     * (metres, strict), and whether invalid source depth is projected as the camera centre (the
     * reference code's behaviour, compat) or skipped (default).
     */
    record Visibility(double worldDistanceThreshold, boolean projectInvalidDepth) {
        public static final Visibility DEFAULT = new Visibility(Reprojection.DEFAULT_WORLD_DISTANCE, false);

        public Visibility {
            if (!(worldDistanceThreshold > 0) || !Double.isFinite(worldDistanceThreshold)) {
                throw new IllegalArgumentException("world distance threshold must be finite and > 0, got "
                        + worldDistanceThreshold);
            }
        }
    }

    /** One entry of a coverage map: points of {@code sourceSuperpixel} in {@code sourceFrame} land in {@code targetSuperpixel}. */
    record CoverageKey(int targetSuperpixel, int sourceFrame, int sourceSuperpixel) {}

    /**
     * Superpixel coverage of a scene (step 7): for each target frame t (index in the scene), the map
     * {@code (target_spx, source_frame, source_spx) -> #(points of source_spx landing in target_spx and
     * passing the test) / |target_spx|}, self entries included; absent keys mean 0. Fractions can exceed
     * 1 (no de-duplication).
     */
    record SuperpixelCoverage(List<Map<CoverageKey, Double>> targets) {
        public SuperpixelCoverage {
            targets = targets.stream().map(Map::copyOf).toList();
        }

        public double fraction(int targetFrame, int targetSuperpixel, int sourceFrame, int sourceSuperpixel) {
            Double v = targets.get(targetFrame).get(new CoverageKey(targetSuperpixel, sourceFrame, sourceSuperpixel));
            return v == null ? 0.0 : v;
        }
    }

    /**
     * View entropy and view divergence of every frame of a scene (steps 3-5). For target pixel u with the
     * set S(u) of points landing there: {@code VE(u) = -sum_c Q_c log2(Q_c + 1e-12)} with Q the
     * row-normalised sum of the landing points' probabilities, and
     * {@code VD(u) = (1/|S(u)|) sum_j sum_c P_t,c(u) log2((P_t,c(u) + 1e-8) / (P_j,c + 1e-8))}, the self
     * term included; both 0 where S(u) is empty.
     *
     * @param probabilities  MC-averaged probabilities (N, C, P), P = H*W contiguous
     * @param viewEntropy    receives VE, (N, P)
     * @param viewDivergence receives VD, (N, P)
     * @return per target frame, the number of points that landed in it (0: the frame got no projection)
     * @throws IllegalArgumentException when the shapes do not fit the geometry, naming the shapes
     */
    long[] viewStatistics(SceneGeometry geometry, FloatTensor probabilities, FloatTensor viewEntropy,
                          FloatTensor viewDivergence, Visibility visibility);

    /**
     * Superpixel coverage between the frames of a scene (step 7), from the same projection as
     * {@link #viewStatistics}.
     *
     * @param superpixels per frame, superpixel ids (H, W) row-major
     */
    SuperpixelCoverage superpixelCoverage(SceneGeometry geometry, List<int[]> superpixels, Visibility visibility);
}
