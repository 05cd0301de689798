package org.activeseg.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.data.Nyu40;

/**
 * The decals of one room ({@link Decal}: flat, labelled, painted onto a face): the door, with the
 * floor in front of it reserved in the {@link FloorPlan}; windows with curtains or blinds drawn
 * over them; a whiteboard and pictures; a floor mat. A wall decal goes on a stretch of wall clear
 * of other decals and of furniture standing close in front of it, tried at a few random places.
 */
final class DecalLayout {
    private static final int DOOR = Nyu40.trainId("door");
    private static final int WINDOW = Nyu40.trainId("window");
    private static final int PICTURE = Nyu40.trainId("picture");
    private static final int BLINDS = Nyu40.trainId("blinds");
    private static final int CURTAIN = Nyu40.trainId("curtain");
    private static final int FLOOR_MAT = Nyu40.trainId("floor mat");
    private static final int WHITEBOARD = Nyu40.trainId("whiteboard");
    /** Random places tried for a wall decal before it is left out. */
    private static final int TRIES = 40;

    private final SplittableRandom rng;
    private final Finishes finishes;
    private final FloorPlan plan;
    private final double sx, sy, sz;
    private final List<Decal> overlays = new ArrayList<>();       // curtains and blinds: drawn over windows
    private final List<Decal> flats = new ArrayList<>();

    DecalLayout(SplittableRandom rng, Finishes finishes, FloorPlan plan, double sx, double sy, double sz) {
        this.rng = rng;
        this.finishes = finishes;
        this.plan = plan;
        this.sx = sx;
        this.sy = sy;
        this.sz = sz;
    }

    /** The decals in drawing order: curtains and blinds first (over the windows), then the rest. */
    List<Decal> decals() {
        List<Decal> decals = new ArrayList<>(overlays);
        decals.addAll(flats);
        return decals;
    }

    /** The door: on a random wall, with the floor in front of it kept free of furniture. */
    void placeDoor() {
        double w = Palette.uniform(rng, 0.8, 0.95), h = Math.min(Palette.uniform(rng, 2.0, 2.1), sz - 0.2);
        int wall = rng.nextInt(4);
        double u0 = Palette.uniform(rng, 0.2, plan.wallLength(wall) - 0.2 - w);
        double[] frame = rng.nextBoolean() ? Palette.offWhite(rng) : Palette.wood(rng, finishes.woodTone());
        Material base = finishes.woodOrPainted(Texture.DOOR, 0.3);
        Material m = new Material(Texture.DOOR, base.r(), base.g(), base.b(), frame[0], frame[1], frame[2], base.scale(), base.seed());
        flats.add(new Decal(wall, u0, 0, u0 + w, h, DOOR, m));
        double depth = 0.9;
        double[] zone = switch (wall) {
            case 0 -> new double[] {0, u0, depth, u0 + w};
            case 1 -> new double[] {sx - depth, u0, sx, u0 + w};
            case 2 -> new double[] {u0, 0, u0 + w, depth};
            default -> new double[] {u0, sy - depth, u0 + w, sy};
        };
        plan.reserve(zone);
    }

    /** A window (with curtains, blinds or nothing) on a free stretch of wall; none if no stretch is free. */
    void placeWindow() {
        double w = Palette.uniform(rng, 0.8, 1.6);
        double v0 = Palette.uniform(rng, 0.8, 1.0);
        double h = Math.min(Palette.uniform(rng, 1.0, 1.3), sz - 0.3 - v0);
        double[] sky = {Palette.uniform(rng, 0.62, 0.78), Palette.uniform(rng, 0.76, 0.86), Palette.uniform(rng, 0.88, 0.97)};
        double[] frame = rng.nextDouble() < 0.7 ? Palette.offWhite(rng) : Palette.grey(rng, 0.3, 0.5);
        Material glass = Material.of(Texture.WINDOW, sky, frame, 0, rng.nextLong());
        Decal window = placeWallDecal(WINDOW, glass, w, h, v0, v0);
        if (window == null) {
            return;
        }
        double choice = rng.nextDouble();
        if (choice < 0.55) {
            Material cloth = finishes.fabric(Texture.CURTAIN, Palette.uniform(rng, 0.1, 0.16));
            double cw = Palette.uniform(rng, 0.25, 0.4), over = 0.08;
            double top = Math.min(sz - 0.05, window.v1() + 0.15);
            double bottom = rng.nextBoolean() ? 0.03 : window.v0() - 0.2;
            double[][] panels = {{window.u0() - cw + over, window.u0() + over}, {window.u1() - over, window.u1() + cw - over}};
            for (double[] p : panels) {
                if (wallFree(window.face(), p[0], bottom, p[1], top, window)) {
                    overlays.add(new Decal(window.face(), p[0], bottom, p[1], top, CURTAIN, cloth));
                }
            }
        } else if (choice < 0.85) {
            double[] c = rng.nextBoolean() ? Palette.offWhite(rng) : Palette.scaled(Palette.fabric(rng), 1.3);
            Material slats = Material.of(Texture.BLINDS, c, c, Palette.uniform(rng, 0.05, 0.08), rng.nextLong());
            double inner = 0.055;
            double span = (window.v1() - window.v0() - 2 * inner) * Palette.uniform(rng, 0.3, 1.0);
            overlays.add(new Decal(window.face(), window.u0() + inner, window.v1() - inner - span, window.u1() - inner,
                    window.v1() - inner, BLINDS, slats));
        }
    }

    /** A whiteboard on a free stretch of wall, its border the wall's paint. */
    void placeWhiteboard(double[] paint) {
        placeWallDecal(WHITEBOARD, Material.of(Texture.WHITEBOARD, new double[] {0.95, 0.95, 0.94}, paint, 0, rng.nextLong()),
                Palette.uniform(rng, 1.2, 2.0), Palette.uniform(rng, 0.9, 1.2), 0.9, 0.95);
    }

    /** A framed picture on a free stretch of wall, centred 1.45-1.7 m high. */
    void placePicture() {
        double h = Palette.uniform(rng, 0.25, 0.7);
        double centre = Palette.uniform(rng, 1.45, 1.7);
        double[] frame = rng.nextBoolean() ? Palette.grey(rng, 0.05, 0.2) : Palette.scaled(Palette.wood(rng, finishes.woodTone()), 0.8);
        double[] tint = Palette.scaled(Palette.offWhite(rng), Palette.uniform(rng, 0.75, 1.1));
        placeWallDecal(PICTURE, Material.of(Texture.PICTURE, tint, frame, 0, rng.nextLong()),
                Palette.uniform(rng, 0.3, 0.9), h, centre - h / 2, centre - h / 2);
    }

    /** A mat on the floor, where it fits. */
    void placeFloorMat() {
        double w = Palette.uniform(rng, 0.8, 1.8), h = Palette.uniform(rng, 0.6, 1.2);
        if (w > sx - 0.6 || h > sy - 0.6) {
            return;
        }
        double u0 = Palette.uniform(rng, 0.3, sx - 0.3 - w), v0 = Palette.uniform(rng, 0.3, sy - 0.3 - h);
        double[] c = Palette.fabric(rng);
        double[] border = Palette.fabric(rng);
        flats.add(new Decal(Room.FLOOR, u0, v0, u0 + w, v0 + h, FLOOR_MAT,
                Material.of(Texture.MAT, c, border, Palette.uniform(rng, 0.12, 0.25), rng.nextLong())));
    }

    /** A decal on a free stretch of wall at a height in [v0Lo, v0Hi]; null if none of a few random places is free. */
    private Decal placeWallDecal(int label, Material m, double w, double h, double v0Lo, double v0Hi) {
        for (int i = 0; i < TRIES; i++) {
            int wall = rng.nextInt(4);
            double u0 = Palette.uniform(rng, 0.1, Math.max(0.1, plan.wallLength(wall) - 0.1 - w));
            double v0 = Palette.uniform(rng, v0Lo, v0Hi);
            if (wallFree(wall, u0, v0, u0 + w, v0 + h, null)) {
                Decal d = new Decal(wall, u0, v0, u0 + w, v0 + h, label, m);
                flats.add(d);
                return d;
            }
        }
        return null;
    }

    /** Whether the wall rectangle is clear of other decals and of furniture standing in front of it. */
    private boolean wallFree(int wall, double u0, double v0, double u1, double v1, Decal except) {
        if (u0 < 0.1 || u1 > plan.wallLength(wall) - 0.1 || v0 < 0 || v1 > sz - 0.1) {
            return false;
        }
        for (List<Decal> list : List.of(flats, overlays)) {
            for (Decal d : list) {
                if (d != except && d.face() == wall && d.overlaps(u0, v0, u1, v1, 0.1)) {
                    return false;
                }
            }
        }
        for (double[] b : plan.boxes()) {
            double dist = switch (wall) {
                case 0 -> b[0];
                case 1 -> sx - b[3];
                case 2 -> b[1];
                default -> sy - b[4];
            };
            double a0 = wall < 2 ? b[1] : b[0], a1 = wall < 2 ? b[4] : b[3];
            if (dist < 0.3 && a0 < u1 && a1 > u0 && b[5] > v0 - 0.05) {
                return false;
            }
        }
        return true;
    }
}
