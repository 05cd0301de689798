package org.activeseg.data.scannet;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.activeseg.data.Dataset;
import org.activeseg.data.DatasetLayout;
import org.activeseg.data.Frame;
import org.activeseg.data.Nyu40;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.activeseg.data.io.GrayImage;
import org.activeseg.data.io.ImageFiles;
import org.activeseg.data.io.Pgm;
import org.activeseg.data.io.RgbImage;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;

/**
 * Opens a dataset in the ScanNet exported-frames layout ({@link DatasetLayout};
 * shared/data/scannet-sample/NOTICE.md): real ScanNet exports and what {@link DatasetWriter} writes.
 *
 * <p>Frames are the *.jpg / *.png files of color/ (other files and names starting with '.' are
 * ignored), ordered by scene id and then by frame number; every scene needs info/&lt;scene&gt;.txt.
 * Splits come from {@link SplitFiles}; class names are {@link Nyu40#NAMES}.
 *
 * <p>A frame is loaded at the size W x H of its colour image, which must be the same for all frames
 * of a scene (the first frame's colour header sets it; later frames are checked when loaded). Depth
 * (16-bit PGM or PNG, units of 1/m_depthShift metres) must be k times the colour size in both axes
 * for one integer k &gt;= 1 and must match m_depthWidth x m_depthHeight; it is decimated by nearest
 * neighbour, depth(x, y) = raw(k x, k y) / m_depthShift, never interpolated across holes (0 stays 0).
 * The intrinsics are m_calibrationDepthIntrinsic with every entry divided by k (ScanNet's
 * convention: 577.871 / 2 = 288.9355, cx 319.5 / 2 = 159.75). Labels (8-bit NYU40 ids, optional)
 * become train ids through {@link Nyu40#toTrainId}; superpixels (16-bit, optional) are kept as
 * stored. Every problem is an {@link IOException} naming the file and what is wrong.
 */
public final class ScanNetReader {

    /** What a scene's frames share: its info file and the working size. */
    private record SceneData(SceneInfo info, Path infoFile, int width, int height, Path sizeSource) {}

    private final DatasetLayout layout;
    private final Map<String, SceneData> scenes;

    private ScanNetReader(DatasetLayout layout, Map<String, SceneData> scenes) {
        this.layout = layout;
        this.scenes = scenes;
    }

    /** Opens the dataset at {@code root}: lists frames, reads every scene's info file and the splits. */
    public static Dataset open(Path root) throws IOException {
        DatasetLayout layout = new DatasetLayout(root);
        Map<String, List<String>> framesByScene = discover(layout);
        Map<String, SceneData> sceneData = new LinkedHashMap<>();
        List<Scene> sceneList = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : framesByScene.entrySet()) {
            String sceneId = e.getKey();
            Path infoFile = layout.info(sceneId);
            if (!Files.isRegularFile(infoFile)) {
                throw new NoSuchFileException(infoFile.toString(), null, "info file of scene " + sceneId
                        + " not found (every scene needs info/<scene>.txt)");
            }
            SceneInfo info = SceneInfo.read(infoFile);
            Path first = layout.color(e.getValue().getFirst());
            ImageFiles.Size size = ImageFiles.size(first);
            sceneData.put(sceneId, new SceneData(info, infoFile, size.width(), size.height(), first));
            sceneList.add(new Scene(sceneId, e.getValue()));
        }
        ScanNetReader reader = new ScanNetReader(layout, Map.copyOf(sceneData));
        Splits splits = SplitFiles.read(layout, sceneList);
        return new Dataset(root, sceneList, splits, Nyu40.NAMES, reader::load);
    }

    /** Frame ids from color/, grouped by scene, scenes and frames in order. */
    private static Map<String, List<String>> discover(DatasetLayout layout) throws IOException {
        Path dir = layout.colorDir();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no frames found in " + dir
                    + " (directory missing; expected <scene>_<frame>.jpg or .png files)");
        }
        TreeSet<String> ids = new TreeSet<>(FRAME_ORDER);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") || !(name.endsWith(".jpg") || name.endsWith(".png"))) {
                    continue;
                }
                String id = name.substring(0, name.length() - 4);
                try {
                    DatasetLayout.sceneOf(id);
                } catch (IllegalArgumentException e) {
                    throw new IOException(f + ": " + e.getMessage(), e);
                }
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            throw new IOException("no frames found in " + dir + " (expected <scene>_<frame>.jpg or .png files)");
        }
        Map<String, List<String>> byScene = new LinkedHashMap<>();
        for (String id : ids) {
            byScene.computeIfAbsent(DatasetLayout.sceneOf(id), s -> new ArrayList<>()).add(id);
        }
        return byScene;
    }

    /** Scene id, then frame number (numerically, so unpadded ids sort too), then the id itself. */
    public static final Comparator<String> FRAME_ORDER = Comparator.comparing(DatasetLayout::sceneOf)
            .thenComparing(ScanNetReader::frameNumber, Comparator.comparingInt(String::length)
                    .thenComparing(Comparator.naturalOrder()))
            .thenComparing(Comparator.naturalOrder());

    private static String frameNumber(String id) {
        return id.substring(DatasetLayout.sceneOf(id).length() + 1).replaceFirst("^0+(?=.)", "");
    }

    private Frame load(String id) throws IOException {
        String sceneId = DatasetLayout.sceneOf(id);
        SceneData scene = scenes.get(sceneId);
        if (scene == null) {
            throw new IOException(layout.root() + ": no scene " + sceneId + " for frame " + id);
        }
        int w = scene.width(), h = scene.height();

        Path colorFile = layout.color(id);
        RgbImage rgb = ImageFiles.readRgb(colorFile);
        if (rgb.width() != w || rgb.height() != h) {
            throw new IOException(colorFile + ": colour image is " + rgb.size() + " but scene " + sceneId + " is "
                    + w + "x" + h + " (set by " + scene.sizeSource().getFileName() + ")");
        }

        Path depthFile = layout.depth(id);
        if (!Files.isRegularFile(depthFile)) {
            throw new NoSuchFileException(depthFile.toString(), null, "depth file of frame " + id + " not found");
        }
        GrayImage raw = depthFile.toString().endsWith(".pgm") ? Pgm.read(depthFile) : ImageFiles.readGray16(depthFile);
        if (raw.bitDepth() != 16) {
            throw new IOException(depthFile + ": depth must be 16-bit, this PGM has 8-bit samples");
        }
        int k = raw.width() / w;
        if (k < 1 || raw.width() != k * w || raw.height() != k * h) {
            throw new IOException(depthFile + ": depth image is " + raw.size() + ", not an integer multiple k >= 1 of "
                    + "the colour size " + w + "x" + h + " (same k in both axes)");
        }
        SceneInfo info = scene.info();
        if (info.depthWidth() != raw.width() || info.depthHeight() != raw.height()) {
            throw new IOException(depthFile + ": depth image is " + raw.size() + " but " + scene.infoFile()
                    + " says m_depthWidth x m_depthHeight = " + info.depthWidth() + "x" + info.depthHeight()
                    + " (the depth intrinsics are for that size)");
        }
        float[] depth = decimate(raw, k, w, h, info.depthShift());
        Intrinsics intrinsics;
        try {
            intrinsics = info.depthIntrinsics().scaled(1.0 / k, 1.0 / k);
        } catch (IllegalArgumentException e) {
            throw new IOException(scene.infoFile() + ": " + e.getMessage(), e);
        }

        Pose pose = PoseFile.read(layout.pose(id));

        byte[] labels = null;
        Path labelFile = layout.label(id);
        if (Files.exists(labelFile)) {
            GrayImage l = ImageFiles.readGray8(labelFile);
            checkSize(labelFile, "label map", l, w, h);
            labels = toTrainIds(l, labelFile);
        }

        int[] superpixels = null;
        Path spFile = layout.superpixel(id);
        if (Files.exists(spFile)) {
            GrayImage s = ImageFiles.readGray16(spFile);
            checkSize(spFile, "superpixel map", s, w, h);
            superpixels = s.samples();
        }
        return new Frame(id, sceneId, w, h, rgb.rgb(), depth, intrinsics, pose, labels, superpixels);
    }

    /** Nearest-neighbour decimation by k: depth(x, y) = raw(k x, k y) / shift metres; 0 stays 0. */
    static float[] decimate(GrayImage raw, int k, int w, int h, double shift) {
        float[] out = new float[w * h];
        int[] s = raw.samples();
        int rw = raw.width();
        for (int y = 0; y < h; y++) {
            int row = k * y * rw;
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (float) (s[row + k * x] / shift);
            }
        }
        return out;
    }

    private static void checkSize(Path file, String what, GrayImage img, int w, int h) throws IOException {
        if (img.width() != w || img.height() != h) {
            throw new IOException(file + ": " + what + " is " + img.size() + ", expected the colour size " + w + "x" + h);
        }
    }

    private static byte[] toTrainIds(GrayImage nyu, Path file) throws IOException {
        int[] s = nyu.samples();
        byte[] out = new byte[s.length];
        String source = file.toString();
        try {
            for (int i = 0; i < s.length; i++) {
                out[i] = (byte) Nyu40.toTrainId(s[i], source, i, nyu.width());
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return out;
    }
}
