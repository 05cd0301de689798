package org.activeseg.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The on-disk layout shared by real ScanNet exports and the synthetic generator
 * (shared/data/scannet-sample/NOTICE.md):
 * <pre>
 *   color/&lt;id&gt;.jpg|png        RGB, W x H
 *   depth/&lt;id&gt;.pgm|png        16-bit depth (PGM big-endian / PNG), k*W x k*H, units of 1/depthShift m, 0 = invalid
 *   label/&lt;id&gt;.png           8-bit NYU40 ids 1..40, 0 = unannotated          (optional)
 *   superpixel/&lt;id&gt;.png      16-bit superpixel ids                          (optional)
 *   pose/&lt;id&gt;.txt            4x4 camera-to-world, row-major, metres
 *   info/&lt;scene&gt;.txt         ScanNet _info.txt (m_calibrationDepthIntrinsic, m_depthShift, ...)
 *   splits/&lt;split&gt;.txt       frame ids (or scene ids) per line: train, val, test, seed   (optional)
 * </pre>
 * A frame id is {@code <scene>_<digits>}, e.g. scene0007_00_000035 in scene scene0007_00.
 */
public record DatasetLayout(Path root) {

    private static final Pattern FRAME_ID = Pattern.compile("(.+)_(\\d+)");

    public Path colorDir() { return root.resolve("color"); }
    public Path depthDir() { return root.resolve("depth"); }
    public Path labelDir() { return root.resolve("label"); }
    public Path superpixelDir() { return root.resolve("superpixel"); }
    public Path poseDir() { return root.resolve("pose"); }
    public Path infoDir() { return root.resolve("info"); }
    public Path splitsDir() { return root.resolve("splits"); }

    /** The colour image of a frame: .jpg when present, else .png (the .jpg path when neither exists). */
    public Path color(String id) { return firstExisting(colorDir(), id, ".jpg", ".png"); }

    /** The depth image of a frame: .pgm when present, else .png (the .pgm path when neither exists). */
    public Path depth(String id) { return firstExisting(depthDir(), id, ".pgm", ".png"); }

    public Path label(String id) { return labelDir().resolve(id + ".png"); }
    public Path superpixel(String id) { return superpixelDir().resolve(id + ".png"); }
    public Path pose(String id) { return poseDir().resolve(id + ".txt"); }
    public Path info(String sceneId) { return infoDir().resolve(sceneId + ".txt"); }
    public Path split(String name) { return splitsDir().resolve(name + ".txt"); }

    private static Path firstExisting(Path dir, String id, String... extensions) {
        for (String ext : extensions) {
            Path p = dir.resolve(id + ext);
            if (Files.exists(p)) {
                return p;
            }
        }
        return dir.resolve(id + extensions[0]);
    }

    /** Scene id of a frame id ({@code scene0007_00_000035 -> scene0007_00}). */
    public static String sceneOf(String frameId) {
        Matcher m = FRAME_ID.matcher(frameId);
        if (!m.matches()) {
            throw new IllegalArgumentException("frame id '" + frameId + "' is not of the form <scene>_<number>");
        }
        return m.group(1);
    }

    /** Frame id for scene and index, zero-padded to 6 digits like ScanNet exports. */
    public static String frameId(String sceneId, int index) {
        return String.format("%s_%06d", sceneId, index);
    }
}
