package org.activeseg.geometry;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Which source pixels of a scene can have a correspondence in which target frame under
 * {@link Reprojection}'s rules, decided per tile of the source image ({@value #TILES} x
 * {@value #TILES} tiles), so ViewAL's cross-view passes project only the tiles that may land and cost
 * grows with the overlap rather than with N^2 P. On the ScanNet sample and on synthetic
 * rooms about 45 % of the (source tile, target) work remains. The test is conservative: pixels of a
 * rejected tile have no correspondence; {@link #correspondences} equals
 * {@link Reprojection#correspondences} exactly.
 *
 * <p>Per source tile, the world box of its projected points (back-projections of valid depth; the
 * camera centre too when the tile has invalid depth and invalid depth is projected); per target frame,
 * the box of every pixel's back-projection with its own depth (what a landing is compared with; zero
 * depth gives the camera centre). A (tile, target) pair is rejected when (a) the tile's box is at
 * least the world-distance threshold away from the target's box, so no point can pass the visibility
 * test, or (b) the tile's box lies outside the target camera's viewing double cone (the projection has
 * no z > 0 test, so points behind the camera that project into the image count), widened by
 * {@value #MARGIN_PIXELS} pixel on every side beyond the half pixel that rounding adds. Linear
 * functions of a box reach their extremes at its corners, so (b) is decided on the 8 corners.
 */
public final class ViewOverlap {
    /** Tiles per image side. */
    public static final int TILES = 8;
    /** Pixels of slack beyond the image border in the cone test (rounding adds half a pixel). */
    static final double MARGIN_PIXELS = 1.0;

    private final List<Footprint> frames;
    private final double threshold;
    private final boolean projectInvalidDepth;
    /** kept[source][target][tile]. */
    private final boolean[][][] kept;

    private ViewOverlap(List<Footprint> frames, double threshold, boolean projectInvalidDepth, boolean[][][] kept) {
        this.frames = frames;
        this.threshold = threshold;
        this.projectInvalidDepth = projectInvalidDepth;
        this.kept = kept;
    }

    /** The overlap of a scene's frames (one resolution); O(N P) back-projections and O(N^2 TILES^2) box tests. */
    public static ViewOverlap of(List<Camera> cameras, List<float[]> depths, double worldDistanceThreshold,
                                 boolean projectInvalidDepth) {
        int n = cameras.size();
        Footprint[] frames = new Footprint[n];
        for (int f = 0; f < n; f++) {
            frames[f] = Footprint.of(cameras.get(f), depths.get(f), projectInvalidDepth).withoutPoints();
        }
        boolean[][][] kept = new boolean[n][n][];
        for (int s = 0; s < n; s++) {
            for (int t = 0; t < n; t++) {
                kept[s][t] = frames[s].keptTiles(frames[t], worldDistanceThreshold);
            }
        }
        return new ViewOverlap(List.of(frames), worldDistanceThreshold, projectInvalidDepth, kept);
    }

    /** Whether any pixel of {@code source} may land in {@code target}. */
    public boolean mayLand(int source, int target) {
        return any(kept[source][target]);
    }

    private static boolean any(boolean[] tiles) {
        for (boolean k : tiles) {
            if (k) {
                return true;
            }
        }
        return false;
    }

    /** Tiles of {@code source} that may land in {@code target}, of TILES^2. */
    public int keptTiles(int source, int target) {
        int c = 0;
        for (boolean k : kept[source][target]) {
            c += k ? 1 : 0;
        }
        return c;
    }

    /**
     * {@link Reprojection#correspondences} of the pair, projecting only the tiles that may land:
     * for every source pixel, the target pixel it lands on and passes the visibility test at, or -1.
     */
    public int[] correspondences(int source, int target) {
        return project(frames.get(source), frames.get(target), kept[source][target], threshold,
                new int[frames.get(source).depth.length]);
    }

    /**
     * {@link Reprojection#correspondences} between two frames' footprints (made with the same
     * {@code projectInvalidDepth}), projecting only the source tiles that may land: what a scene that
     * gains frames one at a time (a streaming session) uses, each frame's footprint computed once.
     */
    public static int[] correspondences(Footprint source, Footprint target, double worldDistanceThreshold) {
        return correspondences(source, target, worldDistanceThreshold, new int[source.depth.length]);
    }

    /** {@link #correspondences(Footprint, Footprint, double)} written into {@code out} (the source's P ints), returned. */
    public static int[] correspondences(Footprint source, Footprint target, double worldDistanceThreshold, int[] out) {
        if (source.projectInvalidDepth != target.projectInvalidDepth) {
            throw new IllegalArgumentException("footprints made with different projectInvalidDepth");
        }
        if (out.length != source.depth.length) {
            throw new IllegalArgumentException("out holds " + out.length + " ints, the source has " + source.depth.length
                    + " pixels");
        }
        return project(source, target, source.keptTiles(target, worldDistanceThreshold), worldDistanceThreshold, out);
    }

    /**
     * Whether any point of {@code source} lands in {@code target}: {@link #correspondences} would map some
     * pixel, found without projecting the rest once one lands (a streaming session's test of which held
     * frames a new frame changes, before their correspondences are made).
     */
    public static boolean lands(Footprint source, Footprint target, double worldDistanceThreshold) {
        if (source.projectInvalidDepth != target.projectInvalidDepth) {
            throw new IllegalArgumentException("footprints made with different projectInvalidDepth");
        }
        return scan(source, target, source.keptTiles(target, worldDistanceThreshold), worldDistanceThreshold, null);
    }

    private static IntUnaryOperator landing(Footprint source, Footprint target, double threshold,
                                            boolean projectInvalidDepth) {
        return source.world != null && target.world != null
                ? landingOfPoints(source, target, threshold, projectInvalidDepth)
                : new Reprojection.Landing(source.camera, source.depth, target.camera, target.depth, threshold,
                        projectInvalidDepth)::of;
    }

    private static int[] project(Footprint source, Footprint target, boolean[] tiles, double threshold, int[] out) {
        Arrays.fill(out, -1);
        scan(source, target, tiles, threshold, out);
        return out;
    }

    /**
     * Projects the pixels of the kept tiles, tile by tile: every one into {@code out}, or, when
     * {@code out} is null, only until one lands. Returns whether a pixel landed.
     */
    private static boolean scan(Footprint source, Footprint target, boolean[] tiles, double threshold, int[] out) {
        if (!any(tiles)) {
            return false;
        }
        int width = source.camera.width();
        int height = source.camera.height();
        IntUnaryOperator landing = landing(source, target, threshold, source.projectInvalidDepth);
        boolean landed = false;
        for (int k = 0; k < TILES * TILES; k++) {
            if (!tiles[k]) {
                continue;
            }
            int tx = k % TILES;
            int ty = k / TILES;
            for (int y = tileStart(ty, height); y < tileStart(ty + 1, height); y++) {
                for (int x = tileStart(tx, width); x < tileStart(tx + 1, width); x++) {
                    int i = y * width + x;
                    int t = landing.applyAsInt(i);
                    if (out == null) {
                        if (t >= 0) {
                            return true;
                        }
                    } else {
                        out[i] = t;
                        landed |= t >= 0;
                    }
                }
            }
        }
        return landed;
    }

    /**
     * {@link Reprojection.Landing#of} with both frames' back-projections read from their footprints
     * instead of computed again (the same doubles from the same {@link Camera#backProject} calls, so
     * the same landings bit for bit).
     */
    private static IntUnaryOperator landingOfPoints(Footprint source, Footprint target, double threshold,
                                                    boolean projectInvalidDepth) {
        double thr2 = threshold * threshold;
        double[] sw = source.world;
        double[] tw = target.world;
        float[] depth = source.depth;
        Camera dst = target.camera;
        double[] scratch = new double[3];
        return i -> {
            if (depth[i] == 0 && !projectInvalidDepth) {
                return -1;
            }
            double x = sw[3 * i];
            double y = sw[3 * i + 1];
            double z = sw[3 * i + 2];
            int t = dst.project(x, y, z, scratch);
            if (t < 0) {
                return -1;
            }
            double dx = x - tw[3 * t], dy = y - tw[3 * t + 1], dz = z - tw[3 * t + 2];
            return dx * dx + dy * dy + dz * dz < thr2 ? t : -1;
        };
    }

    /**
     * One frame's part of the overlap test: its camera and depth, the world box of each source tile's
     * projected points, and the box of every pixel's back-projection with its own depth (what a
     * landing in this frame is compared with).
     */
    public static final class Footprint {
        private final Camera camera;
        private final float[] depth;
        private final boolean projectInvalidDepth;
        private final Box[] tiles;
        private final Box back;
        /** Every pixel's back-projection with its own depth, (P, 3) world xyz (zero depth: the camera centre), or null. */
        private final double[] world;

        private Footprint(Camera camera, float[] depth, boolean projectInvalidDepth, Box[] tiles, Box back, double[] world) {
            this.camera = camera;
            this.depth = depth;
            this.projectInvalidDepth = projectInvalidDepth;
            this.tiles = tiles;
            this.back = back;
            this.world = world;
        }

        /**
         * The footprint of a frame (depth in metres, (H, W) row-major, 0 = invalid): O(P)
         * back-projections, kept (24 bytes a pixel) so that {@link #correspondences} between footprints
         * need not compute them again.
         */
        public static Footprint of(Camera camera, float[] depth, boolean projectInvalidDepth) {
            return of(camera, depth, projectInvalidDepth, null);
        }

        /**
         * {@link #of(Camera, float[], boolean)} keeping the back-projections in {@code points} (3 P
         * doubles, overwritten; a streaming session reuses an evicted frame's), or in a new array when null.
         */
        public static Footprint of(Camera camera, float[] depth, boolean projectInvalidDepth, double[] points) {
            if (depth.length != camera.width() * camera.height()) {
                throw new IllegalArgumentException("depth has " + depth.length + " values, camera is "
                        + camera.width() + "x" + camera.height());
            }
            if (points != null && points.length != 3L * depth.length) {
                throw new IllegalArgumentException("points hold " + points.length + " doubles, the frame needs "
                        + 3L * depth.length);
            }
            double[] world = points != null ? points : new double[3 * depth.length];
            double[] p = new double[3];
            int w = camera.width();
            for (int i = 0; i < depth.length; i++) {
                camera.backProject(i % w, i / w, depth[i], p);
                System.arraycopy(p, 0, world, 3 * i, 3);
            }
            return new Footprint(camera, depth, projectInvalidDepth, tileBoxes(camera, depth, world, projectInvalidDepth),
                    frameBox(world), world);
        }

        /** The same footprint without the kept back-projections (a batch scene holds every frame's at once). */
        Footprint withoutPoints() {
            return new Footprint(camera, depth, projectInvalidDepth, tiles, back, null);
        }

        /** The kept back-projections ((P, 3) world xyz), or null when dropped. */
        public double[] points() {
            return world;
        }

        /** Heap bytes of the kept back-projections. */
        public long bytes() {
            return world == null ? 0 : 8L * world.length;
        }

        /** Per tile of this frame, whether its pixels may land in {@code target}. */
        boolean[] keptTiles(Footprint target, double worldDistanceThreshold) {
            boolean[] kept = new boolean[TILES * TILES];
            for (int k = 0; k < kept.length; k++) {
                Box b = tiles[k];
                kept[k] = !b.empty()
                        && b.distanceTo(target.back) < worldDistanceThreshold * (1 + 1e-9)
                        && mayProjectInto(b, target.camera);
            }
            return kept;
        }
    }

    /** First pixel of tile {@code t} along a side of {@code size} pixels (tiles differ by at most one pixel). */
    static int tileStart(int t, int size) {
        return (int) ((long) t * size / TILES);
    }

    private static int tileOf(int coordinate, int size) {
        int t = (int) ((long) coordinate * TILES / size);
        while (tileStart(t + 1, size) <= coordinate) {
            t++;
        }
        while (tileStart(t, size) > coordinate) {
            t--;
        }
        return t;
    }

    private static Box[] tileBoxes(Camera camera, float[] depth, double[] world, boolean centreForInvalid) {
        Box[] boxes = new Box[TILES * TILES];
        for (int k = 0; k < boxes.length; k++) {
            boxes[k] = new Box();
        }
        int w = camera.width();
        int h = camera.height();
        int[] column = new int[w];
        for (int x = 0; x < w; x++) {
            column[x] = tileOf(x, w);
        }
        boolean[] invalid = new boolean[boxes.length];
        for (int y = 0; y < h; y++) {
            int row = tileOf(y, h) * TILES;
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (depth[i] == 0) {
                    invalid[row + column[x]] = true;
                    continue;
                }
                boxes[row + column[x]].include(world, 3 * i);
            }
        }
        if (centreForInvalid) {
            double[] p = new double[3];
            camera.backProject(0, 0, 0, p);
            for (int k = 0; k < boxes.length; k++) {
                if (invalid[k]) {
                    boxes[k].include(p, 0);
                }
            }
        }
        return boxes;
    }

    private static Box frameBox(double[] world) {
        Box box = new Box();
        for (int at = 0; at < world.length; at += 3) {
            box.include(world, at);
        }
        return box;
    }

    /** An axis-aligned world box, grown point by point; empty while it holds none. */
    static final class Box {
        final double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        final double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};

        void include(double[] p, int at) {
            for (int a = 0; a < 3; a++) {
                min[a] = Math.min(min[a], p[at + a]);
                max[a] = Math.max(max[a], p[at + a]);
            }
        }

        boolean empty() {
            return min[0] > max[0];
        }

        double distanceTo(Box o) {
            double s = 0;
            for (int a = 0; a < 3; a++) {
                double gap = Math.max(0, Math.max(o.min[a] - max[a], min[a] - o.max[a]));
                s += gap * gap;
            }
            return Math.sqrt(s);
        }
    }

    /** Whether some point of {@code box} may project inside {@code camera}'s image (forward or mirrored cone). */
    static boolean mayProjectInto(Box box, Camera camera) {
        Intrinsics k = camera.intrinsics();
        double m = MARGIN_PIXELS;
        double[] c = new double[3];
        // forms whose sign must equal z's for a pixel inside [-m, W - 1 + m] x [-m, H - 1 + m]
        double[] maxForm = new double[4];
        double[] minForm = new double[4];
        Arrays.fill(maxForm, Double.NEGATIVE_INFINITY);
        Arrays.fill(minForm, Double.POSITIVE_INFINITY);
        double maxZ = Double.NEGATIVE_INFINITY;
        double minZ = Double.POSITIVE_INFINITY;
        for (int corner = 0; corner < 8; corner++) {
            double x = (corner & 1) == 0 ? box.min[0] : box.max[0];
            double y = (corner & 2) == 0 ? box.min[1] : box.max[1];
            double z = (corner & 4) == 0 ? box.min[2] : box.max[2];
            camera.pose().toCamera(x, y, z, c);
            double fx = k.fx() * c[0];
            double fy = k.fy() * c[1];
            double[] forms = {
                fx + (k.cx() + m) * c[2],
                (camera.width() - 1 + m - k.cx()) * c[2] - fx,
                fy + (k.cy() + m) * c[2],
                (camera.height() - 1 + m - k.cy()) * c[2] - fy};
            // slack for rounding in the corner evaluation: forms are compared with +-tol, not 0
            double tol = 1e-9 * (Math.abs(fx) + Math.abs(fy) + (Math.abs(k.cx()) + Math.abs(k.cy()) + camera.width()
                    + camera.height()) * Math.abs(c[2])) + 1e-12;
            for (int i = 0; i < 4; i++) {
                maxForm[i] = Math.max(maxForm[i], forms[i] + tol);
                minForm[i] = Math.min(minForm[i], forms[i] - tol);
            }
            maxZ = Math.max(maxZ, c[2]);
            minZ = Math.min(minZ, c[2]);
        }
        boolean forward = maxZ > -1e-9;
        boolean backward = minZ < 1e-9;
        for (int i = 0; i < 4; i++) {
            forward &= maxForm[i] >= 0;
            backward &= minForm[i] <= 0;
        }
        return forward || backward;
    }
}
