package org.activeseg.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.data.Nyu40;

/**
 * The furniture of the synthetic rooms, one method per piece, each drawing its sizes (metres) and
 * materials from the room's random stream: beds with pillows, night stands, dressers, cabinets
 * (with a counter top in kitchens), wall cabinets, bookshelves, desks, tables, chairs, sofas,
 * refrigerators, boxes, lamps and televisions. A piece is a list of {@link Part}s labelled with
 * NYU40 train ids, in a local frame: its footprint starts at (0, 0), width along x, depth along y,
 * and its front faces -y. {@link FloorPlan} turns and places it.
 */
final class FurnitureCatalogue {
    private static final int CABINET = Nyu40.trainId("cabinet");
    private static final int BED = Nyu40.trainId("bed");
    private static final int CHAIR = Nyu40.trainId("chair");
    private static final int SOFA = Nyu40.trainId("sofa");
    private static final int TABLE = Nyu40.trainId("table");
    private static final int BOOKSHELF = Nyu40.trainId("bookshelf");
    private static final int COUNTER = Nyu40.trainId("counter");
    private static final int DESK = Nyu40.trainId("desk");
    private static final int DRESSER = Nyu40.trainId("dresser");
    private static final int PILLOW = Nyu40.trainId("pillow");
    private static final int REFRIGERATOR = Nyu40.trainId("refrigerator");
    private static final int TELEVISION = Nyu40.trainId("television");
    private static final int BOX = Nyu40.trainId("box");
    private static final int NIGHT_STAND = Nyu40.trainId("night stand");
    private static final int LAMP = Nyu40.trainId("lamp");

    private static final int FRONT = 2;  // -y face

    private final SplittableRandom rng;
    private final Finishes finishes;

    FurnitureCatalogue(SplittableRandom rng, Finishes finishes) {
        this.rng = rng;
        this.finishes = finishes;
    }

    /** Whether pieces with this label have a flat top that small objects (lamps, televisions, boxes) can stand on. */
    static boolean hasTop(int label) {
        return label == CABINET || label == DRESSER || label == NIGHT_STAND || label == DESK || label == TABLE;
    }

    private static Part part(double x0, double y0, double z0, double x1, double y1, double z1, int label, Material m) {
        return new Part(x0, y0, z0, x1, y1, z1, label, m, -1);
    }

    private static Part front(double x0, double y0, double z0, double x1, double y1, double z1, int label, Material m) {
        return new Part(x0, y0, z0, x1, y1, z1, label, m, FRONT);
    }

    List<Part> bed() {
        double w = Palette.uniform(rng, 1.0, 1.8), d = Palette.uniform(rng, 1.95, 2.1);
        double frameTop = Palette.uniform(rng, 0.25, 0.32), top = frameTop + Palette.uniform(rng, 0.2, 0.26);
        Material frame = finishes.wood(Texture.WOOD);
        double[] sheet = rng.nextDouble() < 0.6 ? Palette.offWhite(rng) : Palette.fabric(rng);
        Material bedding = Material.of(Texture.BEDDING, sheet, sheet, Palette.uniform(rng, 0.25, 0.4), rng.nextLong());
        List<Part> parts = new ArrayList<>();
        parts.add(part(0, 0, 0, w, d - 0.06, frameTop, BED, frame));
        parts.add(part(0.03, 0.03, frameTop, w - 0.03, d - 0.06, top, BED, bedding));
        parts.add(part(0, d - 0.06, 0, w, d, top + Palette.uniform(rng, 0.4, 0.6), BED, frame));
        int pillows = w > 1.3 ? 2 : 1;
        double pw = Math.min(0.6, (w - 0.2) / pillows - 0.05);
        Material pillow = rng.nextBoolean() ? Material.of(Texture.BEDDING, sheet, sheet, 0.5, rng.nextLong())
                : finishes.fabric(Texture.FABRIC, 0.08);
        for (int i = 0; i < pillows; i++) {
            double x0 = 0.1 + i * (w - 0.2) / pillows;
            parts.add(part(x0, d - 0.5, top, x0 + pw, d - 0.12, top + Palette.uniform(rng, 0.1, 0.15), PILLOW, pillow));
        }
        return parts;
    }

    List<Part> nightStand() {
        double w = Palette.uniform(rng, 0.4, 0.55), d = Palette.uniform(rng, 0.35, 0.45), h = Palette.uniform(rng, 0.5, 0.62);
        return List.of(front(0, 0, 0, w, d, h, NIGHT_STAND, finishes.woodOrPainted(Texture.DRAWERS, 0.3)));
    }

    List<Part> dresser() {
        double w = Palette.uniform(rng, 0.8, 1.4), d = Palette.uniform(rng, 0.42, 0.5), h = Palette.uniform(rng, 0.75, 1.05);
        return List.of(front(0, 0, 0, w, d, h, DRESSER, finishes.woodOrPainted(Texture.DRAWERS, 0.3)));
    }

    List<Part> cabinet(boolean tall, boolean counter) {
        double w = tall ? Palette.uniform(rng, 0.8, 1.2) : Palette.uniform(rng, 0.6, 1.4);
        double d = Palette.uniform(rng, 0.45, 0.6);
        double h = tall ? Palette.uniform(rng, 1.8, 2.1) : Palette.uniform(rng, 0.82, 0.9);
        List<Part> parts = new ArrayList<>();
        parts.add(front(0, 0, 0, w, d, h, CABINET, finishes.woodOrPainted(Texture.CABINET, 0.4)));
        if (counter) {
            double[] c = rng.nextBoolean() ? Palette.grey(rng, 0.2, 0.7) : Palette.offWhite(rng);
            parts.add(part(0, -0.03, h, w, d, h + 0.04, COUNTER, Material.of(Texture.PAINT, c, c, 0, rng.nextLong())));
        }
        return parts;
    }

    /** A cabinet hung on the wall (placed lifted), the width of the unit below it, at most maxHeight high (0.3 m at least). */
    List<Part> wallCabinet(double w, double maxHeight) {
        double d = Palette.uniform(rng, 0.3, 0.38), h = Math.min(Palette.uniform(rng, 0.6, 0.75), maxHeight);
        return List.of(front(0, 0, 0, w, d, Math.max(0.3, h), CABINET, finishes.woodOrPainted(Texture.CABINET, 0.4)));
    }

    List<Part> bookshelf() {
        double w = Palette.uniform(rng, 0.7, 1.2), d = Palette.uniform(rng, 0.28, 0.38), h = Palette.uniform(rng, 1.5, 2.1);
        return List.of(front(0, 0, 0, w, d, h, BOOKSHELF, finishes.wood(Texture.BOOKS)));
    }

    List<Part> desk() {
        double w = Palette.uniform(rng, 1.0, 1.6), d = Palette.uniform(rng, 0.6, 0.75), h = Palette.uniform(rng, 0.72, 0.76);
        Material m = finishes.woodOrPainted(Texture.WOOD, 0.35);
        List<Part> parts = new ArrayList<>();
        parts.add(part(0, 0, h - 0.03, w, d, h, DESK, m));
        parts.add(part(0, 0, 0, 0.03, d, h - 0.03, DESK, m));
        parts.add(part(w - 0.03, 0, 0, w, d, h - 0.03, DESK, m));
        parts.add(part(0.03, d - 0.03, 0.3, w - 0.03, d, h - 0.03, DESK, m));
        if (rng.nextBoolean()) {
            parts.add(front(w - 0.45, 0.02, 0, w - 0.03, d - 0.03, h - 0.03, DESK, Material.of(Texture.DRAWERS,
                    new double[] {m.r(), m.g(), m.b()}, new double[] {m.r2(), m.g2(), m.b2()}, m.scale(), m.seed() + 1)));
        }
        return parts;
    }

    List<Part> table(boolean coffee) {
        double w = coffee ? Palette.uniform(rng, 0.9, 1.2) : Palette.uniform(rng, 0.9, 1.8);
        double d = coffee ? Palette.uniform(rng, 0.5, 0.7) : Palette.uniform(rng, 0.7, 1.0);
        double h = coffee ? Palette.uniform(rng, 0.4, 0.5) : Palette.uniform(rng, 0.72, 0.78);
        Material m = finishes.woodOrPainted(Texture.WOOD, 0.25);
        double leg = 0.05, inset = 0.04, top = 0.04;
        List<Part> parts = new ArrayList<>();
        parts.add(part(0, 0, h - top, w, d, h, TABLE, m));
        for (int i = 0; i < 4; i++) {
            double x0 = (i & 1) == 0 ? inset : w - inset - leg, y0 = (i & 2) == 0 ? inset : d - inset - leg;
            parts.add(part(x0, y0, 0, x0 + leg, y0 + leg, h - top, TABLE, m));
        }
        return parts;
    }

    List<Part> chair() {
        double w = Palette.uniform(rng, 0.42, 0.5), d = Palette.uniform(rng, 0.42, 0.5);
        double seat = Palette.uniform(rng, 0.43, 0.48), back = Palette.uniform(rng, 0.8, 0.95);
        boolean upholstered = rng.nextBoolean();
        Material frame = upholstered ? Material.of(Texture.PAINT, Palette.grey(rng, 0.1, 0.3), Palette.grey(rng, 0.1, 0.3), 0, rng.nextLong())
                : finishes.wood(Texture.WOOD);
        Material cover = upholstered ? finishes.fabric(Texture.FABRIC, Palette.uniform(rng, 0.05, 0.1)) : frame;
        List<Part> parts = new ArrayList<>();
        parts.add(part(0, 0, seat - 0.05, w, d, seat, CHAIR, cover));
        parts.add(part(0.02, d - 0.05, seat, w - 0.02, d, back, CHAIR, cover));
        double leg = 0.035;
        for (int i = 0; i < 4; i++) {
            double x0 = (i & 1) == 0 ? 0.02 : w - 0.02 - leg, y0 = (i & 2) == 0 ? 0.02 : d - 0.02 - leg;
            parts.add(part(x0, y0, 0, x0 + leg, y0 + leg, seat - 0.05, CHAIR, frame));
        }
        return parts;
    }

    List<Part> sofa() {
        double w = Palette.uniform(rng, 1.5, 2.2), d = Palette.uniform(rng, 0.8, 0.95);
        double seat = Palette.uniform(rng, 0.4, 0.46), back = Palette.uniform(rng, 0.75, 0.9), arm = seat + 0.18;
        Material m = finishes.fabric(Texture.FABRIC, Palette.uniform(rng, 0.06, 0.12));
        List<Part> parts = new ArrayList<>();
        parts.add(part(0, 0, 0, w, d, seat, SOFA, m));
        parts.add(part(0, d - 0.22, seat, w, d, back, SOFA, m));
        parts.add(part(0, 0, seat, 0.18, d - 0.22, arm, SOFA, m));
        parts.add(part(w - 0.18, 0, seat, w, d - 0.22, arm, SOFA, m));
        return parts;
    }

    List<Part> refrigerator() {
        double w = Palette.uniform(rng, 0.6, 0.8), d = Palette.uniform(rng, 0.6, 0.7), h = Palette.uniform(rng, 1.7, 1.9);
        double[] c = rng.nextDouble() < 0.6 ? Palette.offWhite(rng) : Palette.grey(rng, 0.6, 0.75);
        return List.of(front(0, 0, 0, w, d, h, REFRIGERATOR, Material.of(Texture.APPLIANCE, c, Palette.grey(rng, 0.3, 0.5), 0, rng.nextLong())));
    }

    List<Part> box(double maxSide) {
        double w = Palette.uniform(rng, 0.2, maxSide), d = Palette.uniform(rng, 0.2, maxSide), h = Palette.uniform(rng, 0.15, maxSide);
        double[] c = Palette.cardboard(rng);
        return List.of(part(0, 0, 0, w, d, h, BOX, Material.of(Texture.CARDBOARD, c, Palette.scaled(c, 1.2), 0, rng.nextLong())));
    }

    List<Part> lamp() {
        double foot = Palette.uniform(rng, 0.1, 0.14), shade = Palette.uniform(rng, 0.24, 0.32), stem = Palette.uniform(rng, 0.22, 0.35);
        double o = (shade - foot) / 2;
        double[] light = {1.0, Palette.uniform(rng, 0.9, 0.97), Palette.uniform(rng, 0.72, 0.85)};
        List<Part> parts = new ArrayList<>();
        parts.add(part(o, o, 0, o + foot, o + foot, stem, LAMP, Material.of(Texture.PAINT, Palette.grey(rng, 0.1, 0.5), Palette.grey(rng, 0.1, 0.5), 0, rng.nextLong())));
        parts.add(part(0, 0, stem, shade, shade, stem + Palette.uniform(rng, 0.18, 0.25), LAMP, Material.of(Texture.LAMPSHADE, light, light, 0, rng.nextLong())));
        return parts;
    }

    List<Part> television() {
        double w = Palette.uniform(rng, 0.7, 1.2), h = Palette.uniform(rng, 0.42, 0.7);
        double[] screen = {0.06, 0.07, 0.09};
        double[] bezel = Palette.grey(rng, 0.02, 0.08);
        Material m = Material.of(Texture.SCREEN, screen, bezel, 0, rng.nextLong());
        List<Part> parts = new ArrayList<>();
        parts.add(part(w / 2 - 0.15, 0, 0, w / 2 + 0.15, 0.2, 0.04, TELEVISION, m));
        parts.add(front(0, 0.07, 0.04, w, 0.13, 0.04 + h, TELEVISION, m));
        return parts;
    }
}
