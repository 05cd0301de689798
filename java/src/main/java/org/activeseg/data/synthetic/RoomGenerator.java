package org.activeseg.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.data.Nyu40;
import org.activeseg.geometry.Pose;

/**
 * Lays out one furnished room from a seed (see {@link SyntheticGenerator} for the overview).
 *
 * <p>Order: room size (3.6-6.5 x 3.2-5.5 x 2.5-3.0 m) and type (bedroom, living room, office,
 * kitchen); scene colours (one wall paint, a ceiling of the same or another off-white, one wood
 * tone, a floor of planks, tiles or carpet); the camera path ({@link CameraPath}); a door with a
 * reserved floor zone in front of it; the furniture of the room type; then windows (with curtains
 * or blinds), pictures, a whiteboard and a floor mat as decals on free stretches of wall and floor.
 * Furniture stands on the floor (or on a top: lamps, televisions, boxes) with non-overlapping
 * footprints, at least 2 cm from the walls, and at least {@link #CAMERA_CLEARANCE} from every
 * camera position; a piece that cannot be placed after a few tries is left out.
 */
final class RoomGenerator {
    /** Smallest distance from any camera position to any furniture bounding box (metres). */
    static final double CAMERA_CLEARANCE = 0.35;
    private static final double WALL_GAP = 0.02;
    private static final double FOOTPRINT_MARGIN = 0.04;
    private static final int TRIES = 40;

    private static final int WALL = Nyu40.trainId("wall");
    private static final int FLOOR = Nyu40.trainId("floor");
    private static final int CEILING = Nyu40.trainId("ceiling");
    private static final int CABINET = Nyu40.trainId("cabinet");
    private static final int BED = Nyu40.trainId("bed");
    private static final int CHAIR = Nyu40.trainId("chair");
    private static final int SOFA = Nyu40.trainId("sofa");
    private static final int TABLE = Nyu40.trainId("table");
    private static final int DOOR = Nyu40.trainId("door");
    private static final int WINDOW = Nyu40.trainId("window");
    private static final int BOOKSHELF = Nyu40.trainId("bookshelf");
    private static final int PICTURE = Nyu40.trainId("picture");
    private static final int COUNTER = Nyu40.trainId("counter");
    private static final int BLINDS = Nyu40.trainId("blinds");
    private static final int DESK = Nyu40.trainId("desk");
    private static final int CURTAIN = Nyu40.trainId("curtain");
    private static final int DRESSER = Nyu40.trainId("dresser");
    private static final int PILLOW = Nyu40.trainId("pillow");
    private static final int FLOOR_MAT = Nyu40.trainId("floor mat");
    private static final int REFRIGERATOR = Nyu40.trainId("refrigerator");
    private static final int TELEVISION = Nyu40.trainId("television");
    private static final int BOX = Nyu40.trainId("box");
    private static final int WHITEBOARD = Nyu40.trainId("whiteboard");
    private static final int NIGHT_STAND = Nyu40.trainId("night stand");
    private static final int LAMP = Nyu40.trainId("lamp");

    private enum RoomType { BEDROOM, LIVING_ROOM, OFFICE, KITCHEN }

    /**
     * A placed piece: its bounding box, and for pieces standing against a wall, the wall (0..3, or
     * -1) and where along it the piece starts (the smaller wall coordinate).
     */
    private record Placed(double x0, double y0, double z0, double x1, double y1, double z1, int wall, double along) {
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
    private final List<Decal> overlays = new ArrayList<>();       // curtains and blinds: drawn over windows
    private final List<Decal> flats = new ArrayList<>();
    private double[] woodTone;
    private double[] paint;

    private RoomGenerator(long seed) {
        this.rng = new SplittableRandom(seed);
        this.sx = Palette.uniform(rng, 3.6, 6.5);
        this.sy = Palette.uniform(rng, 3.2, 5.5);
        this.sz = Palette.uniform(rng, 2.5, 3.0);
    }

    /** The room and camera poses of one scene; a pure function of (seed, frames). */
    static SceneModel generate(long seed, int frames) {
        return new RoomGenerator(seed).build(frames);
    }

    private SceneModel build(int frames) {
        RoomType type = RoomType.values()[rng.nextInt(RoomType.values().length)];
        woodTone = Palette.woodTone(rng);
        paint = rng.nextDouble() < 0.75 ? Palette.offWhite(rng) : Palette.paleTint(rng);
        double[] ceilingPaint = rng.nextDouble() < 0.7 ? paint.clone() : Palette.offWhite(rng);
        Material wallMaterial = Material.of(Texture.PAINT, paint, paint, 0, rng.nextLong());
        Material ceilingMaterial = Material.of(Texture.PAINT, ceilingPaint, ceilingPaint, 0, rng.nextLong());
        Material floorMaterial = floorMaterial();

        List<Pose> poses = CameraPath.plan(sx, sy, frames, rng);
        for (int i = 0; i < poses.size(); i++) {
            cameraPoints.add(poses.get(i).centre());
            if (i + 1 < poses.size()) {
                double[] a = poses.get(i).centre(), b = poses.get(i + 1).centre();
                cameraPoints.add(new double[] {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2});
            }
        }

        placeDoor();
        switch (type) {
            case BEDROOM -> furnishBedroom();
            case LIVING_ROOM -> furnishLivingRoom();
            case OFFICE -> furnishOffice();
            case KITCHEN -> furnishKitchen();
        }
        fillWalls(type);
        int windows = 1 + (rng.nextDouble() < 0.45 ? 1 : 0);
        for (int i = 0; i < windows; i++) {
            placeWindow();
        }
        if (type == RoomType.OFFICE || rng.nextDouble() < 0.15) {
            placeWallDecal(WHITEBOARD, Material.of(Texture.WHITEBOARD, new double[] {0.95, 0.95, 0.94}, paint, 0, rng.nextLong()),
                    Palette.uniform(rng, 1.2, 2.0), Palette.uniform(rng, 0.9, 1.2), 0.9, 0.95);
        }
        int pictures = 1 + rng.nextInt(3);
        for (int i = 0; i < pictures; i++) {
            double h = Palette.uniform(rng, 0.25, 0.7);
            double centre = Palette.uniform(rng, 1.45, 1.7);
            double[] frame = rng.nextBoolean() ? Palette.grey(rng, 0.05, 0.2) : Palette.scaled(Palette.wood(rng, woodTone), 0.8);
            double[] tint = Palette.scaled(Palette.offWhite(rng), Palette.uniform(rng, 0.75, 1.1));
            placeWallDecal(PICTURE, Material.of(Texture.PICTURE, tint, frame, 0, rng.nextLong()),
                    Palette.uniform(rng, 0.3, 0.9), h, centre - h / 2, centre - h / 2);
        }
        if (rng.nextDouble() < 0.6) {
            placeFloorMat();
        }

        List<Decal> decals = new ArrayList<>(overlays);
        decals.addAll(flats);
        int[] faceLabel = {WALL, WALL, WALL, WALL, FLOOR, CEILING};
        Material[] faceMaterial = {wallMaterial, wallMaterial, wallMaterial, wallMaterial, floorMaterial, ceilingMaterial};
        double[] light = {sx / 2 + Palette.uniform(rng, -0.6, 0.6), sy / 2 + Palette.uniform(rng, -0.6, 0.6),
                sz - Palette.uniform(rng, 0.5, 0.8)};
        double[] lightColour = {1, Palette.uniform(rng, 0.95, 1), Palette.uniform(rng, 0.86, 0.97)};
        Room room = new Room(sx, sy, sz, faceLabel, faceMaterial, decals, objects, light,
                Palette.uniform(rng, 0.42, 0.52), Palette.uniform(rng, 0.5, 0.65), lightColour);
        return new SceneModel(room, poses);
    }

    // ---------------------------------------------------------------- room types

    private void furnishBedroom() {
        Placed bed = placeOnWall(bed(), 3 * TRIES);
        if (bed != null) {
            boolean after = rng.nextBoolean();
            int stands = 1 + rng.nextInt(2);
            for (int i = 0; i < stands; i++) {
                Placed stand = placeNextTo(nightStand(), bed, after ^ (i == 1), Palette.uniform(rng, 0.05, 0.1), FOOTPRINT_MARGIN);
                if (stand != null && rng.nextDouble() < 0.7) {
                    placeOnTop(lamp(), tops.size() - 1);
                }
            }
        }
        if (rng.nextDouble() < 0.7) {
            placeOnWall(dresser(), TRIES);
            if (rng.nextDouble() < 0.35) {
                placeOnTop(television(), tops.size() - 1);
            }
        }
        if (rng.nextDouble() < 0.5) {
            placeOnWall(cabinet(true, false), TRIES);
        }
        if (rng.nextDouble() < 0.4) {
            placeDeskWithChair();
        }
        if (rng.nextDouble() < 0.3) {
            placeOnWall(bookshelf(), TRIES);
        }
        placeBoxes(rng.nextInt(3));
    }

    private void furnishLivingRoom() {
        Placed sofa = placeOnWall(sofa(), 3 * TRIES);
        if (sofa != null) {
            placeInFrontOf(table(true), sofa, Palette.uniform(rng, 0.35, 0.55));
        }
        int armchairs = rng.nextInt(3);
        for (int i = 0; i < armchairs; i++) {
            placeFree(chair(), TRIES);
        }
        int shelves = 1 + rng.nextInt(2);
        for (int i = 0; i < shelves; i++) {
            placeOnWall(bookshelf(), TRIES);
        }
        if (rng.nextDouble() < 0.7 && placeOnWall(cabinet(false, false), TRIES) != null) {
            placeOnTop(rng.nextDouble() < 0.7 ? television() : lamp(), tops.size() - 1);
        }
        if (rng.nextDouble() < 0.4) {
            placeTableWithChairs();
        }
        placeBoxes(rng.nextInt(3));
    }

    private void furnishOffice() {
        int desks = 1 + rng.nextInt(3);
        for (int i = 0; i < desks; i++) {
            placeDeskWithChair();
        }
        int shelves = 1 + rng.nextInt(2);
        for (int i = 0; i < shelves; i++) {
            placeOnWall(bookshelf(), TRIES);
        }
        int cabinets = 1 + rng.nextInt(2);
        for (int i = 0; i < cabinets; i++) {
            placeOnWall(cabinet(rng.nextBoolean(), false), TRIES);
        }
        if (rng.nextDouble() < 0.5) {
            placeTableWithChairs();
        }
        placeBoxes(1 + rng.nextInt(3));
    }

    private void furnishKitchen() {
        int units = 2 + rng.nextInt(3);
        boolean upper = rng.nextDouble() < 0.7;
        Placed previous = placeOnWall(cabinet(false, true), 3 * TRIES);
        for (int i = 0; i < units && previous != null; i++) {
            if (upper) {
                tryWallAt(wallCabinet(previous.extentAlongWall()), previous.wall(), previous.along(), 0, Palette.uniform(rng, 1.4, 1.5));
            }
            previous = i + 1 < units ? placeNextTo(cabinet(false, true), previous, true, 0.002, 0) : null;
        }
        placeOnWall(refrigerator(), 2 * TRIES);
        if (rng.nextDouble() < 0.5) {
            placeOnWall(cabinet(true, false), TRIES);
        }
        placeTableWithChairs();
        placeBoxes(rng.nextInt(3));
    }

    /** A few more pieces along the walls, so that walls do not fill most of the views. */
    private void fillWalls(RoomType type) {
        int extra = 1 + rng.nextInt(3);
        for (int i = 0; i < extra; i++) {
            List<Part> piece = switch (type) {
                case BEDROOM -> rng.nextBoolean() ? dresser() : cabinet(rng.nextBoolean(), false);
                case LIVING_ROOM -> rng.nextBoolean() ? bookshelf() : cabinet(false, false);
                case OFFICE -> rng.nextBoolean() ? bookshelf() : cabinet(rng.nextBoolean(), false);
                case KITCHEN -> rng.nextBoolean() ? cabinet(false, true) : cabinet(true, false);
            };
            placeOnWall(piece, TRIES);
        }
    }

    private void placeDeskWithChair() {
        Placed desk = placeOnWall(desk(), TRIES);
        if (desk != null) {
            placeInFrontOf(chair(), desk, Palette.uniform(rng, 0.05, 0.2));
        }
    }

    private void placeTableWithChairs() {
        Placed table = placeFree(table(false), 2 * TRIES);
        if (table == null) {
            return;
        }
        double[] fp = table.footprint();
        for (int side = 0; side < 4; side++) {
            if (rng.nextDouble() < 0.75) {
                placeBeside(chair(), fp, side, Palette.uniform(rng, 0.04, 0.15), Palette.uniform(rng, -0.15, 0.15));
            }
        }
    }

    private void placeBoxes(int n) {
        for (int i = 0; i < n; i++) {
            if (!tops.isEmpty() && rng.nextDouble() < 0.4) {
                placeOnTop(box(0.35), rng.nextInt(tops.size()));
            } else {
                placeFree(box(0.6), TRIES);
            }
        }
    }

    // ---------------------------------------------------------------- furniture, in a local frame
    // Local frame: footprint from (0, 0), width along x, depth along y, the front faces -y.

    private static final int FRONT = 2;  // -y face

    private Material wood(Texture texture) {
        return Material.of(texture, Palette.wood(rng, woodTone), Palette.scaled(Palette.wood(rng, woodTone), 0.7),
                Palette.uniform(rng, 0.05, 0.1), rng.nextLong());
    }

    /** Wood, or (with probability painted) a painted finish in an off-white or grey. */
    private Material woodOrPainted(Texture texture, double painted) {
        if (rng.nextDouble() < painted) {
            double[] c = rng.nextBoolean() ? Palette.offWhite(rng) : Palette.grey(rng, 0.35, 0.6);
            return Material.of(texture, c, Palette.scaled(c, 0.8), 0, rng.nextLong());
        }
        return wood(texture);
    }

    private Material fabric(Texture texture, double scale) {
        double[] c = Palette.fabric(rng);
        return Material.of(texture, c, Palette.scaled(c, 0.8), scale, rng.nextLong());
    }

    private static Part part(double x0, double y0, double z0, double x1, double y1, double z1, int label, Material m) {
        return new Part(x0, y0, z0, x1, y1, z1, label, m, -1);
    }

    private static Part front(double x0, double y0, double z0, double x1, double y1, double z1, int label, Material m) {
        return new Part(x0, y0, z0, x1, y1, z1, label, m, FRONT);
    }

    private List<Part> bed() {
        double w = Palette.uniform(rng, 1.0, 1.8), d = Palette.uniform(rng, 1.95, 2.1);
        double frameTop = Palette.uniform(rng, 0.25, 0.32), top = frameTop + Palette.uniform(rng, 0.2, 0.26);
        Material frame = wood(Texture.WOOD);
        double[] sheet = rng.nextDouble() < 0.6 ? Palette.offWhite(rng) : Palette.fabric(rng);
        Material bedding = Material.of(Texture.BEDDING, sheet, sheet, Palette.uniform(rng, 0.25, 0.4), rng.nextLong());
        List<Part> parts = new ArrayList<>();
        parts.add(part(0, 0, 0, w, d - 0.06, frameTop, BED, frame));
        parts.add(part(0.03, 0.03, frameTop, w - 0.03, d - 0.06, top, BED, bedding));
        parts.add(part(0, d - 0.06, 0, w, d, top + Palette.uniform(rng, 0.4, 0.6), BED, frame));
        int pillows = w > 1.3 ? 2 : 1;
        double pw = Math.min(0.6, (w - 0.2) / pillows - 0.05);
        Material pillow = rng.nextBoolean() ? Material.of(Texture.BEDDING, sheet, sheet, 0.5, rng.nextLong()) : fabric(Texture.FABRIC, 0.08);
        for (int i = 0; i < pillows; i++) {
            double x0 = 0.1 + i * (w - 0.2) / pillows;
            parts.add(part(x0, d - 0.5, top, x0 + pw, d - 0.12, top + Palette.uniform(rng, 0.1, 0.15), PILLOW, pillow));
        }
        return parts;
    }

    private List<Part> nightStand() {
        double w = Palette.uniform(rng, 0.4, 0.55), d = Palette.uniform(rng, 0.35, 0.45), h = Palette.uniform(rng, 0.5, 0.62);
        return List.of(front(0, 0, 0, w, d, h, NIGHT_STAND, woodOrPainted(Texture.DRAWERS, 0.3)));
    }

    private List<Part> dresser() {
        double w = Palette.uniform(rng, 0.8, 1.4), d = Palette.uniform(rng, 0.42, 0.5), h = Palette.uniform(rng, 0.75, 1.05);
        return List.of(front(0, 0, 0, w, d, h, DRESSER, woodOrPainted(Texture.DRAWERS, 0.3)));
    }

    private List<Part> cabinet(boolean tall, boolean counter) {
        double w = tall ? Palette.uniform(rng, 0.8, 1.2) : Palette.uniform(rng, 0.6, 1.4);
        double d = Palette.uniform(rng, 0.45, 0.6);
        double h = tall ? Palette.uniform(rng, 1.8, 2.1) : Palette.uniform(rng, 0.82, 0.9);
        List<Part> parts = new ArrayList<>();
        parts.add(front(0, 0, 0, w, d, h, CABINET, woodOrPainted(Texture.CABINET, 0.4)));
        if (counter) {
            double[] c = rng.nextBoolean() ? Palette.grey(rng, 0.2, 0.7) : Palette.offWhite(rng);
            parts.add(part(0, -0.03, h, w, d, h + 0.04, COUNTER, Material.of(Texture.PAINT, c, c, 0, rng.nextLong())));
        }
        return parts;
    }

    /** A cabinet hung on the wall (placed lifted), the width of the unit below it. */
    private List<Part> wallCabinet(double w) {
        double d = Palette.uniform(rng, 0.3, 0.38), h = Math.min(Palette.uniform(rng, 0.6, 0.75), sz - 1.6);
        return List.of(front(0, 0, 0, w, d, Math.max(0.3, h), CABINET, woodOrPainted(Texture.CABINET, 0.4)));
    }

    private List<Part> bookshelf() {
        double w = Palette.uniform(rng, 0.7, 1.2), d = Palette.uniform(rng, 0.28, 0.38), h = Palette.uniform(rng, 1.5, 2.1);
        return List.of(front(0, 0, 0, w, d, h, BOOKSHELF, wood(Texture.BOOKS)));
    }

    private List<Part> desk() {
        double w = Palette.uniform(rng, 1.0, 1.6), d = Palette.uniform(rng, 0.6, 0.75), h = Palette.uniform(rng, 0.72, 0.76);
        Material m = woodOrPainted(Texture.WOOD, 0.35);
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

    private List<Part> table(boolean coffee) {
        double w = coffee ? Palette.uniform(rng, 0.9, 1.2) : Palette.uniform(rng, 0.9, 1.8);
        double d = coffee ? Palette.uniform(rng, 0.5, 0.7) : Palette.uniform(rng, 0.7, 1.0);
        double h = coffee ? Palette.uniform(rng, 0.4, 0.5) : Palette.uniform(rng, 0.72, 0.78);
        Material m = woodOrPainted(Texture.WOOD, 0.25);
        double leg = 0.05, inset = 0.04, top = 0.04;
        List<Part> parts = new ArrayList<>();
        parts.add(part(0, 0, h - top, w, d, h, TABLE, m));
        for (int i = 0; i < 4; i++) {
            double x0 = (i & 1) == 0 ? inset : w - inset - leg, y0 = (i & 2) == 0 ? inset : d - inset - leg;
            parts.add(part(x0, y0, 0, x0 + leg, y0 + leg, h - top, TABLE, m));
        }
        return parts;
    }

    private List<Part> chair() {
        double w = Palette.uniform(rng, 0.42, 0.5), d = Palette.uniform(rng, 0.42, 0.5);
        double seat = Palette.uniform(rng, 0.43, 0.48), back = Palette.uniform(rng, 0.8, 0.95);
        boolean upholstered = rng.nextBoolean();
        Material frame = upholstered ? Material.of(Texture.PAINT, Palette.grey(rng, 0.1, 0.3), Palette.grey(rng, 0.1, 0.3), 0, rng.nextLong())
                : wood(Texture.WOOD);
        Material cover = upholstered ? fabric(Texture.FABRIC, Palette.uniform(rng, 0.05, 0.1)) : frame;
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

    private List<Part> sofa() {
        double w = Palette.uniform(rng, 1.5, 2.2), d = Palette.uniform(rng, 0.8, 0.95);
        double seat = Palette.uniform(rng, 0.4, 0.46), back = Palette.uniform(rng, 0.75, 0.9), arm = seat + 0.18;
        Material m = fabric(Texture.FABRIC, Palette.uniform(rng, 0.06, 0.12));
        List<Part> parts = new ArrayList<>();
        parts.add(part(0, 0, 0, w, d, seat, SOFA, m));
        parts.add(part(0, d - 0.22, seat, w, d, back, SOFA, m));
        parts.add(part(0, 0, seat, 0.18, d - 0.22, arm, SOFA, m));
        parts.add(part(w - 0.18, 0, seat, w, d - 0.22, arm, SOFA, m));
        return parts;
    }

    private List<Part> refrigerator() {
        double w = Palette.uniform(rng, 0.6, 0.8), d = Palette.uniform(rng, 0.6, 0.7), h = Palette.uniform(rng, 1.7, 1.9);
        double[] c = rng.nextDouble() < 0.6 ? Palette.offWhite(rng) : Palette.grey(rng, 0.6, 0.75);
        return List.of(front(0, 0, 0, w, d, h, REFRIGERATOR, Material.of(Texture.APPLIANCE, c, Palette.grey(rng, 0.3, 0.5), 0, rng.nextLong())));
    }

    private List<Part> box(double maxSide) {
        double w = Palette.uniform(rng, 0.2, maxSide), d = Palette.uniform(rng, 0.2, maxSide), h = Palette.uniform(rng, 0.15, maxSide);
        double[] c = Palette.cardboard(rng);
        return List.of(part(0, 0, 0, w, d, h, BOX, Material.of(Texture.CARDBOARD, c, Palette.scaled(c, 1.2), 0, rng.nextLong())));
    }

    private List<Part> lamp() {
        double foot = Palette.uniform(rng, 0.1, 0.14), shade = Palette.uniform(rng, 0.24, 0.32), stem = Palette.uniform(rng, 0.22, 0.35);
        double o = (shade - foot) / 2;
        double[] light = {1.0, Palette.uniform(rng, 0.9, 0.97), Palette.uniform(rng, 0.72, 0.85)};
        List<Part> parts = new ArrayList<>();
        parts.add(part(o, o, 0, o + foot, o + foot, stem, LAMP, Material.of(Texture.PAINT, Palette.grey(rng, 0.1, 0.5), Palette.grey(rng, 0.1, 0.5), 0, rng.nextLong())));
        parts.add(part(0, 0, stem, shade, shade, stem + Palette.uniform(rng, 0.18, 0.25), LAMP, Material.of(Texture.LAMPSHADE, light, light, 0, rng.nextLong())));
        return parts;
    }

    private List<Part> television() {
        double w = Palette.uniform(rng, 0.7, 1.2), h = Palette.uniform(rng, 0.42, 0.7);
        double[] screen = {0.06, 0.07, 0.09};
        double[] bezel = Palette.grey(rng, 0.02, 0.08);
        Material m = Material.of(Texture.SCREEN, screen, bezel, 0, rng.nextLong());
        List<Part> parts = new ArrayList<>();
        parts.add(part(w / 2 - 0.15, 0, 0, w / 2 + 0.15, 0.2, 0.04, TELEVISION, m));
        parts.add(front(0, 0.07, 0.04, w, 0.13, 0.04 + h, TELEVISION, m));
        return parts;
    }

    // ---------------------------------------------------------------- placement

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

    private double wallLength(int wall) {
        return wall < 2 ? sy : sx;
    }

    /** Places the object with its back to a wall at position {@code along}; returns its bounds or null. */
    private Placed tryWallAt(List<Part> local, int wall, double along, double margin) {
        return tryWallAt(local, wall, along, margin, 0);
    }

    /** As above, lifted by dz; a lifted piece (a wall cabinet) leaves the floor free. */
    private Placed tryWallAt(List<Part> local, int wall, double along, double margin, double dz) {
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

    private Placed placeOnWall(List<Part> local, int tries) {
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
    private Placed placeNextTo(List<Part> local, Placed neighbour, boolean after, double gap, double margin) {
        if (neighbour.wall() < 0) {
            return null;
        }
        double pos = after ? neighbour.along() + neighbour.extentAlongWall() + gap : neighbour.along() - gap - size(local)[0];
        return tryWallAt(local, neighbour.wall(), pos, margin);
    }

    /** Places the object facing the front of {@code target} (a wall piece) at the given gap. */
    private Placed placeInFrontOf(List<Part> local, Placed target, double gap) {
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
    private Placed placeBeside(List<Part> local, double[] fp, int side, double gap, double shift) {
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

    private Placed placeFree(List<Part> local, int tries) {
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

    private void placeOnTop(List<Part> local, int topIndex) {
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
        int label = parts.getFirst().label();
        boolean hasTop = label == CABINET || label == DRESSER || label == NIGHT_STAND || label == DESK || label == TABLE;
        if (onFloor && hasTop && b[5] < 1.3) {
            tops.add(new Top(b[0], b[1], b[3], b[4], b[5], rotation));
        }
        return new Placed(b[0], b[1], b[2], b[3], b[4], b[5], wall, along);
    }

    // ---------------------------------------------------------------- decals

    private Material floorMaterial() {
        return switch (rng.nextInt(3)) {
            case 0 -> {
                double[] c = Palette.scaled(Palette.woodTone(rng), Palette.uniform(rng, 0.8, 1.15));
                yield Material.of(Texture.PLANKS, c, Palette.scaled(c, 0.75), Palette.uniform(rng, 0.14, 0.22), rng.nextLong());
            }
            case 1 -> {
                double[] c = rng.nextBoolean() ? Palette.offWhite(rng) : Palette.grey(rng, 0.45, 0.75);
                yield Material.of(Texture.TILES, c, Palette.scaled(c, 0.6), Palette.uniform(rng, 0.3, 0.6), rng.nextLong());
            }
            default -> {
                double[] c = Palette.scaled(Palette.fabric(rng), 0.9);
                yield Material.of(Texture.CARPET, c, c, 0, rng.nextLong());
            }
        };
    }

    /** The door: on a random wall, with the floor in front of it kept free of furniture. */
    private void placeDoor() {
        double w = Palette.uniform(rng, 0.8, 0.95), h = Math.min(Palette.uniform(rng, 2.0, 2.1), sz - 0.2);
        int wall = rng.nextInt(4);
        double u0 = Palette.uniform(rng, 0.2, wallLength(wall) - 0.2 - w);
        double[] frame = rng.nextBoolean() ? Palette.offWhite(rng) : Palette.wood(rng, woodTone);
        Material base = woodOrPainted(Texture.DOOR, 0.3);
        Material m = new Material(Texture.DOOR, base.r(), base.g(), base.b(), frame[0], frame[1], frame[2], base.scale(), base.seed());
        flats.add(new Decal(wall, u0, 0, u0 + w, h, DOOR, m));
        double depth = 0.9;
        double[] zone = switch (wall) {
            case 0 -> new double[] {0, u0, depth, u0 + w};
            case 1 -> new double[] {sx - depth, u0, sx, u0 + w};
            case 2 -> new double[] {u0, 0, u0 + w, depth};
            default -> new double[] {u0, sy - depth, u0 + w, sy};
        };
        footprints.add(zone);
    }

    /** Whether the wall rectangle is clear of other decals and of furniture standing in front of it. */
    private boolean wallFree(int wall, double u0, double v0, double u1, double v1, Decal except) {
        if (u0 < 0.1 || u1 > wallLength(wall) - 0.1 || v0 < 0 || v1 > sz - 0.1) {
            return false;
        }
        for (List<Decal> list : List.of(flats, overlays)) {
            for (Decal d : list) {
                if (d != except && d.face() == wall && d.overlaps(u0, v0, u1, v1, 0.1)) {
                    return false;
                }
            }
        }
        for (double[] b : boxes) {
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

    private Decal placeWallDecal(int label, Material m, double w, double h, double v0Lo, double v0Hi) {
        for (int i = 0; i < TRIES; i++) {
            int wall = rng.nextInt(4);
            double u0 = Palette.uniform(rng, 0.1, Math.max(0.1, wallLength(wall) - 0.1 - w));
            double v0 = Palette.uniform(rng, v0Lo, v0Hi);
            if (wallFree(wall, u0, v0, u0 + w, v0 + h, null)) {
                Decal d = new Decal(wall, u0, v0, u0 + w, v0 + h, label, m);
                flats.add(d);
                return d;
            }
        }
        return null;
    }

    private void placeWindow() {
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
            Material cloth = fabric(Texture.CURTAIN, Palette.uniform(rng, 0.1, 0.16));
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

    private void placeFloorMat() {
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
}
