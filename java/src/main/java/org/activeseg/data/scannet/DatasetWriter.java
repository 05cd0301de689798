package org.activeseg.data.scannet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.activeseg.data.DatasetLayout;
import org.activeseg.data.Frame;
import org.activeseg.data.Nyu40;
import org.activeseg.data.Splits;
import org.activeseg.data.io.AtomicFile;
import org.activeseg.data.io.GrayImage;
import org.activeseg.data.io.ImageFiles;
import org.activeseg.data.io.IoConsumer;
import org.activeseg.data.io.Pgm;
import org.activeseg.data.io.RgbImage;
import org.activeseg.geometry.Intrinsics;

/**
 * Writes frames into the ScanNet layout so that {@link ScanNetReader} reads them back (the synthetic
 * generator's output format). Depth is written at the colour size (k = 1) as 16-bit PGM in units of
 * 1/m_depthShift metres (millimetres by default), rounded to the nearest unit; labels as NYU40 ids
 * (train id + 1, ignore 255 -> 0); superpixels as 16-bit PNG; colour as JPEG (quality
 * {@link ImageFiles#DEFAULT_JPEG_QUALITY}) or, with {@link ColorFormat#PNG}, losslessly; poses with
 * full double precision. Every file is written atomically.
 *
 * <p>Each scene needs an info file whose depth size and intrinsics match its frames: either write
 * one with {@link #writeSceneInfo} before the scene's frames, or let the first frame of a scene
 * write it ({@link SceneInfo#of}, depth shift {@link #DEFAULT_DEPTH_SHIFT}). {@link #finish()}
 * rewrites the info files this writer created with their final m_frames.size.
 * {@link #writeAtomically} makes a whole dataset appear at once, or not at all.
 */
public final class DatasetWriter {
    /** Depth units per metre: millimetres, as ScanNet. */
    public static final double DEFAULT_DEPTH_SHIFT = 1000;

    public enum ColorFormat { JPEG, PNG }

    private final DatasetLayout layout;
    private ColorFormat colorFormat = ColorFormat.JPEG;
    private float jpegQuality = ImageFiles.DEFAULT_JPEG_QUALITY;
    private final Map<String, SceneInfo> infos = new HashMap<>();
    private final Map<String, Integer> autoInfoFrames = new HashMap<>();

    /** A writer into {@code root} (created when missing); existing files of the same name are replaced. */
    public DatasetWriter(Path root) throws IOException {
        this.layout = new DatasetLayout(root);
        Files.createDirectories(root);
    }

    public DatasetLayout layout() { return layout; }

    public DatasetWriter colorFormat(ColorFormat format) {
        this.colorFormat = Objects.requireNonNull(format);
        return this;
    }

    public DatasetWriter jpegQuality(float quality) {
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("JPEG quality must be in 0..1, got " + quality);
        }
        this.jpegQuality = quality;
        return this;
    }

    /** Writes info/&lt;scene&gt;.txt; frames of this scene written later are checked against it. */
    public void writeSceneInfo(String sceneId, SceneInfo info) throws IOException {
        info.write(layout.info(sceneId));
        infos.put(sceneId, info);
        autoInfoFrames.remove(sceneId);
    }

    /**
     * Writes one frame: colour, depth, pose, and labels and superpixels when present. The frame must
     * match its scene's info (depth size = frame size, depth intrinsics = frame intrinsics).
     */
    public void writeFrame(Frame f) throws IOException {
        String sceneOfId = DatasetLayout.sceneOf(f.id());
        if (!sceneOfId.equals(f.sceneId())) {
            throw new IllegalArgumentException("frame " + f.id() + ": id belongs to scene " + sceneOfId
                    + " but the frame says scene " + f.sceneId());
        }
        SceneInfo info = infos.get(f.sceneId());
        boolean newScene = info == null;
        if (newScene) {
            info = SceneInfo.of(f.width(), f.height(), f.intrinsics(), DEFAULT_DEPTH_SHIFT, 1);
        }
        checkAgainstInfo(f, info);
        // Encode (and so check) everything before the first file is written.
        int[] depth = depthUnits(f, info.depthShift());
        int[] nyu = f.labels() == null ? null : nyuIds(f);
        int[] superpixels = f.superpixels() == null ? null : superpixelIds(f);
        RgbImage rgb = new RgbImage(f.width(), f.height(), f.rgb());
        if (newScene) {
            info.write(layout.info(f.sceneId()));
            infos.put(f.sceneId(), info);
            autoInfoFrames.put(f.sceneId(), 0);
        }
        autoInfoFrames.computeIfPresent(f.sceneId(), (s, n) -> n + 1);

        Path colorDir = layout.colorDir();
        if (colorFormat == ColorFormat.JPEG) {
            Files.deleteIfExists(colorDir.resolve(f.id() + ".png"));
            ImageFiles.writeRgbJpeg(colorDir.resolve(f.id() + ".jpg"), rgb, jpegQuality);
        } else {
            Files.deleteIfExists(colorDir.resolve(f.id() + ".jpg"));
            ImageFiles.writeRgbPng(colorDir.resolve(f.id() + ".png"), rgb);
        }
        Files.deleteIfExists(layout.depthDir().resolve(f.id() + ".png"));
        Pgm.write16(layout.depthDir().resolve(f.id() + ".pgm"), f.width(), f.height(), depth,
                "depth shift is " + SceneInfo.format(info.depthShift()));
        PoseFile.write(layout.pose(f.id()), f.pose());
        if (nyu != null) {
            ImageFiles.writeGray8(layout.label(f.id()), new GrayImage(f.width(), f.height(), 8, nyu));
        } else {
            Files.deleteIfExists(layout.label(f.id()));
        }
        if (superpixels != null) {
            ImageFiles.writeGray16(layout.superpixel(f.id()), new GrayImage(f.width(), f.height(), 16, superpixels));
        } else {
            Files.deleteIfExists(layout.superpixel(f.id()));
        }
    }

    /** Writes splits/{train,val,test,seed}.txt (one frame id a line). */
    public void writeSplits(Splits splits) throws IOException {
        SplitFiles.write(layout.splitsDir(), splits);
    }

    /** Rewrites the info files this writer created from frames with their final m_frames.size. */
    public void finish() throws IOException {
        for (Map.Entry<String, Integer> e : autoInfoFrames.entrySet()) {
            SceneInfo info = infos.get(e.getKey()).with(SceneInfo.FRAMES, Integer.toString(e.getValue()));
            info.write(layout.info(e.getKey()));
            infos.put(e.getKey(), info);
        }
    }

    /**
     * Writes a whole dataset so that it appears at {@code target} complete or not at all: {@code body}
     * writes into a temporary sibling directory, which is renamed to {@code target} at the end.
     * {@code target} must not exist or be an empty directory. On any failure the temporary directory
     * is deleted and {@code target} is left as it was.
     */
    public static void writeAtomically(Path target, IoConsumer<DatasetWriter> body) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        boolean targetExists = Files.exists(abs);
        if (targetExists && !isEmptyDirectory(abs)) {
            throw new IOException(abs + ": target exists and is not an empty directory; refusing to overwrite");
        }
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-");
        try {
            DatasetWriter writer = new DatasetWriter(tmp);
            body.accept(writer);
            writer.finish();
            if (targetExists) {
                Files.delete(abs);  // an empty directory; a rename cannot replace it
            }
            AtomicFile.move(tmp, abs);
        } catch (IOException | RuntimeException | Error e) {
            try {
                deleteTree(tmp);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void checkAgainstInfo(Frame f, SceneInfo info) {
        if (info.depthWidth() != f.width() || info.depthHeight() != f.height()) {
            throw new IllegalArgumentException("frame " + f.id() + ": size " + f.width() + "x" + f.height()
                    + " differs from the scene info's depth size " + info.depthWidth() + "x" + info.depthHeight()
                    + " (depth is written at the frame size)");
        }
        Intrinsics a = f.intrinsics(), b = info.depthIntrinsics();
        if (!close(a.fx(), b.fx()) || !close(a.fy(), b.fy()) || !close(a.cx(), b.cx()) || !close(a.cy(), b.cy())) {
            throw new IllegalArgumentException("frame " + f.id() + ": intrinsics " + a + " differ from the scene info's "
                    + "depth intrinsics " + b + "; the reader would load the frame with the latter");
        }
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    private static int[] depthUnits(Frame f, double shift) {
        float[] d = f.depth();
        int[] out = new int[d.length];
        int w = f.width();
        for (int i = 0; i < d.length; i++) {
            double v = d[i];
            if (v == 0) {
                continue;
            }
            long units = Math.round(v * shift);
            if (!(v > 0) || Double.isInfinite(v) || units > Pgm.MAX_VALUE_16 || units == 0) {
                String why = !(v > 0) || Double.isInfinite(v) ? "depth must be finite and >= 0"
                        : units == 0 ? "rounds to 0, which means invalid"
                        : "exceeds " + Pgm.MAX_VALUE_16 / shift + " m, the 16-bit range at depth shift "
                                + SceneInfo.format(shift);
                throw new IllegalArgumentException("frame " + f.id() + ": depth " + v + " m at pixel (x=" + i % w
                        + ", y=" + i / w + ") cannot be written: " + why);
            }
            out[i] = (int) units;
        }
        return out;
    }

    private static int[] nyuIds(Frame f) {
        byte[] l = f.labels();
        int[] out = new int[l.length];
        int w = f.width();
        for (int i = 0; i < l.length; i++) {
            int t = l[i] & 0xFF;
            if (t == Frame.IGNORE) {
                out[i] = 0;
            } else if (t < Nyu40.CLASSES) {
                out[i] = t + 1;
            } else {
                throw new IllegalArgumentException("frame " + f.id() + ": label " + t + " at pixel (x=" + i % w + ", y="
                        + i / w + ") is not an NYU40 train id (0.." + (Nyu40.CLASSES - 1)
                        + ") or " + Frame.IGNORE);
            }
        }
        return out;
    }

    private static int[] superpixelIds(Frame f) {
        int[] s = f.superpixels();
        int w = f.width();
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0 || s[i] > 65535) {
                throw new IllegalArgumentException("frame " + f.id() + ": superpixel id " + s[i] + " at pixel (x="
                        + i % w + ", y=" + i / w + ") does not fit in a 16-bit PNG (0..65535)");
            }
        }
        return s;
    }
}
