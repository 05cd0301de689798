package org.activeseg.data.synthetic;

import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.data.Nyu40;
import org.activeseg.geometry.Pose;

/**
 * Lays out one furnished room from a seed (see {@link SyntheticGenerator} for the overview).
 *
 * <p>The {@link RoomType} (bedroom, living room, office, kitchen) is given: the generator cycles through
 * them by scene index, so every split of 4 or more rooms holds each kind (drawn at random, the two test
 * rooms of the old default were a bedroom and an office: the test split had 11 % bed pixels, the
 * training split 1 %, and no chairs). Order: room size (3.6-6.5 x 3.2-5.5 x 2.5-3.0 m); scene colours (one wall paint, a ceiling of the same or another off-white, one
 * wood tone for the room's {@link Finishes}, a floor of planks, tiles or carpet); the camera path
 * ({@link CameraPath}); a door with a reserved floor zone in front of it; the furniture of the room
 * type ({@link RoomFurnishing}, pieces from the {@link FurnitureCatalogue} placed by the
 * {@link FloorPlan}, which keeps them off each other, the walls and the cameras); then windows
 * (with curtains or blinds), pictures, a whiteboard and a floor mat as decals on free stretches of
 * wall and floor ({@link DecalLayout}); last the light. Furniture and fittings then get their labels
 * ({@link SyntheticVocabulary}: lamps, televisions, boxes and floor mats left out, a few tiny classes merged)
 * and their class's colour family ({@link ClassTones}), drawn from each material's seed. Every step draws from one random stream in
 * this order, so a room is a pure function of its seed, type and frame count.
 */
final class RoomGenerator {
    private static final int WALL = Nyu40.trainId("wall");
    private static final int FLOOR = Nyu40.trainId("floor");
    private static final int CEILING = Nyu40.trainId("ceiling");

    private final SplittableRandom rng;
    private final double sx, sy, sz;

    private RoomGenerator(long seed) {
        this.rng = new SplittableRandom(seed);
        this.sx = Palette.uniform(rng, 3.6, 6.5);
        this.sy = Palette.uniform(rng, 3.2, 5.5);
        this.sz = Palette.uniform(rng, 2.5, 3.0);
    }

    /** The room and camera poses of one scene; a pure function of (seed, type, frames). */
    static SceneModel generate(long seed, RoomType type, int frames) {
        return new RoomGenerator(seed).build(type, frames);
    }

    private SceneModel build(RoomType type, int frames) {
        Finishes finishes = new Finishes(rng, Palette.woodTone(rng));
        double[] paint = rng.nextDouble() < 0.75 ? Palette.offWhite(rng) : Palette.paleTint(rng);
        double[] ceilingPaint = rng.nextDouble() < 0.7 ? paint.clone() : Palette.offWhite(rng);
        Material wallMaterial = Material.of(Texture.PAINT, paint, paint, 0, rng.nextLong());
        Material ceilingMaterial = Material.of(Texture.PAINT, ceilingPaint, ceilingPaint, 0, rng.nextLong());
        Material floorMaterial = floorMaterial();

        List<Pose> poses = CameraPath.plan(sx, sy, frames, rng);
        FloorPlan plan = new FloorPlan(rng, sx, sy, sz, poses);
        DecalLayout decor = new DecalLayout(rng, finishes, plan, sx, sy, sz);

        decor.placeDoor();
        new RoomFurnishing(rng, new FurnitureCatalogue(rng, finishes), plan, sz).furnish(type);
        int windows = 1 + (rng.nextDouble() < 0.45 ? 1 : 0);
        for (int i = 0; i < windows; i++) {
            decor.placeWindow();
        }
        if (type == RoomType.OFFICE || rng.nextDouble() < 0.15) {
            decor.placeWhiteboard(paint);
        }
        int pictures = 1 + rng.nextInt(3);
        for (int i = 0; i < pictures; i++) {
            decor.placePicture();
        }
        if (rng.nextDouble() < 0.6) {
            decor.placeFloorMat();
        }

        int[] faceLabel = {WALL, WALL, WALL, WALL, FLOOR, CEILING};
        Material[] faceMaterial = {wallMaterial, wallMaterial, wallMaterial, wallMaterial, floorMaterial, ceilingMaterial};
        double[] light = {sx / 2 + Palette.uniform(rng, -0.6, 0.6), sy / 2 + Palette.uniform(rng, -0.6, 0.6),
                sz - Palette.uniform(rng, 0.5, 0.8)};
        double[] lightColour = {1, Palette.uniform(rng, 0.95, 1), Palette.uniform(rng, 0.86, 0.97)};
        List<Decal> decals = SyntheticVocabulary.decals(decor.decals()).stream().map(ClassTones::recolour).toList();
        List<List<Part>> objects = ClassTones.recolourObjects(SyntheticVocabulary.objects(plan.objects()));
        Room room = new Room(sx, sy, sz, faceLabel, faceMaterial, decals, objects, light,
                Palette.uniform(rng, 0.42, 0.52), Palette.uniform(rng, 0.5, 0.65), lightColour);
        return new SceneModel(room, poses);
    }

    /** Planks, tiles or carpet. */
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
}
