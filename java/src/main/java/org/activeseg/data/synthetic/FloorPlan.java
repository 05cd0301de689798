package org.activeseg.data.synthetic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.geometry.Pose;

/**
 * Where the furniture of one room stands. A piece, given in the local frame of
 * {@link FurnitureCatalogue}, is turned by quarter turns and placed against a wall (its back to
 * it), next to another wall piece, facing a piece, anywhere on the free floor, or on a top (lamps,
 * televisions, boxes; one object per top). It is accepted only inside the room, at least
 * {@value #WALL_GAP} m from the walls, with a footprint that keeps a margin from every other floor
 * footprint (including reserved zones such as the floor in front of the door), and at least
 * {@link #CAMERA_CLEARANCE} from every camera position and every midpoint between consecutive
 * ones; otherwise the caller tries again or leaves the piece out. Wall coordinates: wall 0 is
 * x = 0, 1 x = sx, 2 y = 0, 3 y = sy; a position along a wall is its smaller coordinate.
 */
final class FloorPlan {
    /** Smallest distance from any camera position to any furniture bounding box (metres). */
    static final double CAMERA_CLEARANCE = 0.35;
    private static final double WALL_GAP = 0.02;
    /** Clearance between the footprints of floor pieces (metres). */
    static final double FOOTPRINT_MARGIN = 0.04;

    /**
     * A placed piece: its bounding box, and for pieces standing against a wall, the wall (0..3, or
     * -1) and where along it the piece starts (the smaller wall coordinate).
     */
    record Placed(double x0, double y0, double z0, double x1, double y1, double z1, int wall, double along) {
        double extentAlongWall() {
            return wall < 2 ? y1 - y0 : x1 - x0;
        }

        double[] footprint() {
            return new double[] {x0, y0, x1, y1};
        }
    }

    /** A flat top that small objects can stand on: footprint, height, and the rotation of its owner. */
    private record Top(double x0, double y0, double x1, double y1, double z, int rotation) {}

    private final SplittableRandom rng;
    private final double sx, sy, sz;
    private final List<double[]> cameraPoints = new ArrayList<>();
    private final List<List<Part>> objects = new ArrayList<>();
    private final List<double[]> boxes = new ArrayList<>();       // object bounding boxes x0 y0 z0 x1 y1 z1
    private final List<double[]> footprints = new ArrayList<>();  // floor rectangles x0 y0 x1 y1 (incl. reserved)
    private final List<Top> tops = new ArrayList<>();

    /** An empty room of sx x sy x sz metres seen from {@code poses}; placement draws from {@code rng}. */
    FloorPlan(SplittableRandom rng, double sx, double sy, double sz, List<Pose> poses) {
        this.rng = rng;
        this.sx = sx;
        this.sy = sy;
        this.sz = sz;
        for (int i = 0; i < poses.size(); i++) {
            cameraPoints.add(poses.get(i).centre());
            if (i + 1 < poses.size()) {
                double[] a = poses.get(i).centre(), b = poses.get(i + 1).centre();
                cameraPoints.add(new double[] {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2});
            }
        }
    }

    /** Keeps a floor rectangle (x0, y0, x1, y1) free of furniture. */
    void reserve(double[] zone) {
        footprints.add(zone);
    }

    /** The placed objects, each a list of parts in world coordinates, in the order placed. */
    List<List<Part>> objects() {
        return objects;
    }

    /** The placed objects' bounding boxes (x0, y0, z0, x1, y1, z1), in the order placed. */
    List<double[]> boxes() {
        return Collections.unmodifiableList(boxes);
    }

    /** How many tops are free for an object; {@link #placeOnTop} takes an index below this. */
    int topCount() {
        return tops.size();
    }

    /** The parts turned by r quarter turns and shifted so that their footprint starts at (px, py), lifted by dz. */
    private static List<Part> transform(List<Part> local, int r, double px, double py, double dz) {
        List<Part> turned = new ArrayList<>(local.size());
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE;
        for (Part p : local) {
            Part t = p.rotated(r, 0, 0);
            turned.add(t);
            minX = Math.min(minX, t.x0());
            minY = Math.min(minY, t.y0());
        }
        List<Part> out = new ArrayList<>(local.size());
        for (Part t : turned) {
            out.add(new Part(t.x0() - minX + px, t.y0() - minY + py, t.z0() + dz, t.x1() - minX + px, t.y1() - minY + py,
                    t.z1() + dz, t.label(), t.material(), t.frontFace()));
        }
        return out;
    }

    /** Local footprint size (w along x, d along y) including overhangs. */
    private static double[] size(List<Part> local) {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE, z1 = 0;
        for (Part p : local) {
            x0 = Math.min(x0, p.x0());
            y0 = Math.min(y0, p.y0());
            x1 = Math.max(x1, p.x1());
            y1 = Math.max(y1, p.y1());
            z1 = Math.max(z1, p.z1());
        }
        return new double[] {x1 - x0, y1 - y0, z1};
    }

    private static double[] bounds(List<Part> parts) {
        double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (Part p : parts) {
            b[0] = Math.min(b[0], p.x0());
            b[1] = Math.min(b[1], p.y0());
            b[2] = Math.min(b[2], p.z0());
            b[3] = Math.max(b[3], p.x1());
            b[4] = Math.max(b[4], p.y1());
            b[5] = Math.max(b[5], p.z1());
        }
        return b;
    }

    /** Rotation that turns the local front (-y) away from wall w: 0 x=0, 1 x=sx, 2 y=0, 3 y=sy. */
    private static int rotationForWall(int wall) {
        return switch (wall) {
            case 0 -> 1;
            case 1 -> 3;
            case 2 -> 2;
            default -> 0;
        };
    }

    /** The length of wall w (0: x = 0, 1: x = sx, 2: y = 0, 3: y = sy). */
    double wallLength(int wall) {
        return wall < 2 ? sy : sx;
    }

    /** Places the object with its back to a wall at position {@code along}; returns its bounds or null. */
    private Placed tryWallAt(List<Part> local, int wall, double along, double margin) {
        return tryWallAt(local, wall, along, margin, 0);
    }

    /** As above, lifted by dz; a lifted piece (a wall cabinet) leaves the floor free. */
    Placed tryWallAt(List<Part> local, int wall, double along, double margin, double dz) {
        double[] s = size(local);
        double w = s[0], d = s[1];
        if (along < WALL_GAP || along + w > wallLength(wall) - WALL_GAP) {
            return null;
        }
        int r = rotationForWall(wall);
        double px, py;
        switch (wall) {
            case 0 -> { px = WALL_GAP; py = along; }
            case 1 -> { px = sx - WALL_GAP - d; py = along; }
            case 2 -> { px = along; py = WALL_GAP; }
            default -> { px = along; py = sy - WALL_GAP - d; }
        }
        return accept(transform(local, r, px, py, dz), dz == 0, r, wall, along, margin);
    }

    Placed placeOnWall(List<Part> local, int tries) {
        double w = size(local)[0];
        for (int i = 0; i < tries; i++) {
            int wall = rng.nextInt(4);
            double room = wallLength(wall) - 2 * WALL_GAP - w;
            if (room <= 0) {
                continue;
            }
            Placed b = tryWallAt(local, wall, WALL_GAP + rng.nextDouble() * room, FOOTPRINT_MARGIN);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    /**
     * Places the object against the same wall as {@code neighbour}, right beside it (after it
     * along the wall, or before it), {@code gap} metres away; {@code margin} is the footprint
     * clearance required (0 lets kitchen units stand side by side).
     */
    Placed placeNextTo(List<Part> local, Placed neighbour, boolean after, double gap, double margin) {
        if (neighbour.wall() < 0) {
            return null;
        }
        double pos = after ? neighbour.along() + neighbour.extentAlongWall() + gap : neighbour.along() - gap - size(local)[0];
        return tryWallAt(local, neighbour.wall(), pos, margin);
    }

    /** Places the object facing the front of {@code target} (a wall piece) at the given gap. */
    Placed placeInFrontOf(List<Part> local, Placed target, double gap) {
        double[] fp = target.footprint();
        int side = switch (target.wall()) {
            case 0 -> 1;   // target against x = 0 faces +x: stand on its +x side
            case 1 -> 0;
            case 2 -> 3;
            default -> 2;
        };
        return placeBeside(local, fp, side, gap, 0);
    }

    /**
     * Places the object next to side s (0 -x, 1 +x, 2 -y, 3 +y) of footprint fp, facing it, at the
     * given gap, offset along the side by {@code shift} metres from the side's centre.
     */
    Placed placeBeside(List<Part> local, double[] fp, int side, double gap, double shift) {
        double[] s = size(local);
        int r = switch (side) {
            case 0 -> 1;   // faces +x
            case 1 -> 3;   // faces -x
            case 2 -> 2;   // faces +y
            default -> 0;  // faces -y
        };
        double rw = (r & 1) == 0 ? s[0] : s[1], rd = (r & 1) == 0 ? s[1] : s[0];
        double cx = (fp[0] + fp[2]) / 2 + shift, cy = (fp[1] + fp[3]) / 2 + shift;
        double px, py;
        switch (side) {
            case 0 -> { px = fp[0] - gap - rw; py = cy - rd / 2; }
            case 1 -> { px = fp[2] + gap; py = cy - rd / 2; }
            case 2 -> { px = cx - rw / 2; py = fp[1] - gap - rd; }
            default -> { px = cx - rw / 2; py = fp[3] + gap; }
        }
        return accept(transform(local, r, px, py, 0), true, r, -1, 0, FOOTPRINT_MARGIN);
    }

    Placed placeFree(List<Part> local, int tries) {
        for (int i = 0; i < tries; i++) {
            int r = rng.nextInt(4);
            double[] s = size(local);
            double rw = (r & 1) == 0 ? s[0] : s[1], rd = (r & 1) == 0 ? s[1] : s[0];
            double px = Palette.uniform(rng, 0.3, Math.max(0.3, sx - 0.3 - rw));
            double py = Palette.uniform(rng, 0.3, Math.max(0.3, sy - 0.3 - rd));
            Placed b = accept(transform(local, r, px, py, 0), true, r, -1, 0, FOOTPRINT_MARGIN);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    void placeOnTop(List<Part> local, int topIndex) {
        if (topIndex < 0 || topIndex >= tops.size()) {
            return;
        }
        Top top = tops.get(topIndex);
        double[] s = size(local);
        int r = top.rotation();
        double rw = (r & 1) == 0 ? s[0] : s[1], rd = (r & 1) == 0 ? s[1] : s[0];
        double freeX = top.x1() - top.x0() - 0.06 - rw, freeY = top.y1() - top.y0() - 0.06 - rd;
        if (freeX < 0 || freeY < 0) {
            return;
        }
        double px = top.x0() + 0.03 + rng.nextDouble() * freeX, py = top.y0() + 0.03 + rng.nextDouble() * freeY;
        if (accept(transform(local, r, px, py, top.z()), false, r, -1, 0, 0) != null) {
            tops.remove(topIndex);   // one object per top
        }
    }

    /**
     * Adds the object when it fits: inside the room, clear of other footprints by {@code margin}
     * (floor objects) and of the camera. Returns the placement, or null.
     */
    private Placed accept(List<Part> parts, boolean onFloor, int rotation, int wall, double along, double margin) {
        double[] b = bounds(parts);
        if (b[0] < WALL_GAP - 1e-9 || b[1] < WALL_GAP - 1e-9 || b[3] > sx - WALL_GAP + 1e-9 || b[4] > sy - WALL_GAP + 1e-9
                || b[5] > sz - 0.1) {
            return null;
        }
        if (onFloor) {
            for (double[] f : footprints) {
                if (b[0] < f[2] + margin && b[3] > f[0] - margin && b[1] < f[3] + margin && b[4] > f[1] - margin) {
                    return null;
                }
            }
        }
        for (double[] c : cameraPoints) {
            double dx = Math.max(0, Math.max(b[0] - c[0], c[0] - b[3]));
            double dy = Math.max(0, Math.max(b[1] - c[1], c[1] - b[4]));
            double dz = Math.max(0, Math.max(b[2] - c[2], c[2] - b[5]));
            if (dx * dx + dy * dy + dz * dz < CAMERA_CLEARANCE * CAMERA_CLEARANCE) {
                return null;
            }
        }
        objects.add(parts);
        boxes.add(b);
        if (onFloor) {
            footprints.add(new double[] {b[0], b[1], b[3], b[4]});
        }
        if (onFloor && FurnitureCatalogue.hasTop(parts.getFirst().label()) && b[5] < 1.3) {
            tops.add(new Top(b[0], b[1], b[3], b[4], b[5], rotation));
        }
        return new Placed(b[0], b[1], b[2], b[3], b[4], b[5], wall, along);
    }
}
