package org.activeseg.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.activeseg.data.DatasetLayout;
import org.activeseg.data.Frame;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;

/**
 * The built-in synthetic multi-view RGB-D dataset: procedural rooms ray-cast in Java, with exact
 * depth, poses and NYU40 labels. It is the default dataset, so it needs nothing downloaded, and it
 * is deterministic: every scene and frame is a pure function of (seed, scene index, frame index),
 * independent of thread scheduling, and transcendental functions go through StrictMath so the
 * bytes do not depend on a JVM's intrinsics.
 *
 * <p><b>Rooms.</b> Each scene is an axis-aligned room (3.6-6.5 x 3.2-5.5 x 2.5-3.0 m; world z up)
 * whose walls, floor and ceiling are NYU40 wall / floor / ceiling. A room type (bedroom, living
 * room, office, kitchen) picks the furniture, each piece built from axis-aligned boxes: bed (frame,
 * mattress, headboard, pillows), night stand, dresser, cabinet (low or tall; kitchen units with a
 * counter top), bookshelf, desk (top, sides, drawers), table (top and legs, dining or coffee),
 * chair (seat, back, legs), sofa (base, back, arms), refrigerator, boxes, lamps and televisions on
 * tops. Pieces stand on the floor with non-overlapping footprints, 2 cm off the walls, turned in
 * quarter turns, and at least 0.35 m from every camera position. Door, windows (with curtains or
 * blinds), pictures, whiteboards and floor mats are flat decals on the wall and floor planes. So
 * nothing interpenetrates and the label of a surface point never depends on the view.
 *
 * <p><b>Appearance.</b> Per-class colour distributions in which some classes deliberately share a
 * family ({@link Palette}: wall and ceiling off-white; cabinets, tables, desks, doors, dressers
 * one wood tone per scene; chairs, sofas, curtains one fabric palette), procedural textures
 * evaluated on the surface ({@link Texture}: wood grain, planks, tiles, carpet, fabric checks, book
 * spines, framed pictures, windows with bright sky, door panels, slats, folds), Lambertian shading
 * by one point light below the ceiling plus ambient, and +-2.5 levels of per-pixel noise.
 *
 * <p><b>Cameras.</b> Pinhole intrinsics from the horizontal field of view: fx = fy = (W / 2) /
 * tan(fov / 2), cx = (W - 1) / 2, cy = (H - 1) / 2 (integer pixel coordinates, no +0.5). Poses are
 * camera-to-world in OpenCV axes along a smooth arc around the room centre, looking across the
 * room ({@link CameraPath}); consecutive frames overlap heavily. Depth is z-depth in whole
 * millimetres (see {@link FrameRenderer}).
 *
 * <p><b>Noise.</b> Off by default; {@link SensorNoise} adds depth noise proportional to z^2, hole
 * blobs, invalid depth at grazing angles and beyond a range, a small error of the stored pose
 * relative to the rendering pose, and colour noise.
 *
 * <p><b>Splits.</b> With 3 or more scenes, whole scenes: the last round(20 %) (at least 1) are
 * test, the round(20 %) (at least 1) before them val, the rest train. With 1 or 2 scenes, by
 * frame position within each scene: the first 60 % train, the next 20 % val, the last 20 % test
 * (val and test get at least one frame each when a scene has 3 or more frames; such frames overlap
 * the train frames next to them). The seed set is the first train frame of each scene.
 *
 * <p>Labels are train ids 0..39 on every pixel (there is no unlabelled surface); superpixels are
 * left null.
 */
public final class SyntheticGenerator {
    /** Depth units per metre in the written files (ScanNet's m_depthShift). */
    public static final int DEPTH_SHIFT = 1000;

    private static final long SALT_FRAME = 0x6672616D65L;

    private final SyntheticConfig config;
    private final Intrinsics intrinsics;

    public SyntheticGenerator(SyntheticConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.intrinsics = intrinsics(config.width(), config.height(), config.horizontalFovDegrees());
    }

    public SyntheticConfig config() { return config; }

    /** The intrinsics shared by every frame. */
    public Intrinsics intrinsics() { return intrinsics; }

    /** Pinhole intrinsics of a width x height image with the given horizontal field of view (square pixels). */
    public static Intrinsics intrinsics(int width, int height, double horizontalFovDegrees) {
        double f = (width / 2.0) / StrictMath.tan(Math.toRadians(horizontalFovDegrees) / 2);
        return new Intrinsics(f, f, (width - 1) / 2.0, (height - 1) / 2.0);
    }

    /** Scene id of a scene index, in ScanNet's style: {@code synth0000_00}. */
    public String sceneId(int sceneIndex) {
        checkScene(sceneIndex);
        return String.format("synth%04d_00", sceneIndex);
    }

    /** The camera-to-world poses the scene's frames are rendered from (equal to the stored poses without pose noise). */
    public List<Pose> renderPoses(int sceneIndex) {
        return model(sceneIndex).poses();
    }

    /** Renders every frame of one scene, in order, in parallel. */
    public List<Frame> renderScene(int sceneIndex) {
        SceneModel model = model(sceneIndex);
        String sceneId = sceneId(sceneIndex);
        return IntStream.range(0, config.framesPerScene()).parallel()
                .mapToObj(f -> renderFrame(model, sceneIndex, sceneId, f))
                .toList();
    }

    /** Generates the whole dataset; frames of all scenes render in parallel. */
    public SyntheticDataset generate() {
        int scenes = config.scenes(), perScene = config.framesPerScene();
        SceneModel[] models = IntStream.range(0, scenes).parallel().mapToObj(this::model).toArray(SceneModel[]::new);
        List<Frame> frames = IntStream.range(0, scenes * perScene).parallel()
                .mapToObj(i -> renderFrame(models[i / perScene], i / perScene, sceneId(i / perScene), i % perScene))
                .toList();
        List<Scene> sceneList = new ArrayList<>(scenes);
        for (int s = 0; s < scenes; s++) {
            List<String> ids = new ArrayList<>(perScene);
            for (int f = 0; f < perScene; f++) {
                ids.add(frames.get(s * perScene + f).id());
            }
            sceneList.add(new Scene(sceneId(s), ids));
        }
        return new SyntheticDataset(config, sceneList, frames, splits(sceneList), intrinsics);
    }

    /** The split rule of the class comment, for any list of scenes. */
    public static Splits splits(List<Scene> scenes) {
        List<String> train = new ArrayList<>(), val = new ArrayList<>(), test = new ArrayList<>(), seed = new ArrayList<>();
        int n = scenes.size();
        if (n >= 3) {
            int nTest = Math.max(1, (int) Math.round(0.2 * n));
            int nVal = Math.max(1, (int) Math.round(0.2 * n));
            int nTrain = n - nVal - nTest;
            for (int s = 0; s < n; s++) {
                List<String> ids = scenes.get(s).frameIds();
                if (s < nTrain) {
                    train.addAll(ids);
                    if (!ids.isEmpty()) {
                        seed.add(ids.getFirst());
                    }
                } else if (s < nTrain + nVal) {
                    val.addAll(ids);
                } else {
                    test.addAll(ids);
                }
            }
        } else {
            for (Scene scene : scenes) {
                List<String> ids = scene.frameIds();
                int c = ids.size();
                int nVal = c >= 3 ? Math.max(1, (int) Math.round(0.2 * c)) : 0;
                int nTest = nVal;
                int nTrain = c - nVal - nTest;
                train.addAll(ids.subList(0, nTrain));
                val.addAll(ids.subList(nTrain, nTrain + nVal));
                test.addAll(ids.subList(nTrain + nVal, c));
                if (nTrain > 0) {
                    seed.add(ids.getFirst());
                }
            }
        }
        return new Splits(train, val, test, seed);
    }

    SceneModel model(int sceneIndex) {
        checkScene(sceneIndex);
        RoomType type = RoomType.values()[sceneIndex % RoomType.values().length];
        return RoomGenerator.generate(sceneSeed(sceneIndex), type, config.framesPerScene());
    }

    private long sceneSeed(int sceneIndex) {
        return HashNoise.hash(config.seed(), sceneIndex);
    }

    private Frame renderFrame(SceneModel model, int sceneIndex, String sceneId, int frameIndex) {
        long frameSeed = HashNoise.hash(sceneSeed(sceneIndex), SALT_FRAME, frameIndex);
        return FrameRenderer.render(model.room(), intrinsics, config.width(), config.height(), model.poses().get(frameIndex),
                config.noise(), frameSeed, DatasetLayout.frameId(sceneId, frameIndex), sceneId);
    }

    private void checkScene(int sceneIndex) {
        if (sceneIndex < 0 || sceneIndex >= config.scenes()) {
            throw new IndexOutOfBoundsException("scene index " + sceneIndex + " is outside 0.." + (config.scenes() - 1));
        }
    }
}
