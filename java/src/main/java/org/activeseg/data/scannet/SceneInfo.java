package org.activeseg.data.scannet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.activeseg.data.io.AtomicFile;
import org.activeseg.geometry.Intrinsics;

/**
 * A ScanNet {@code _info.txt}: {@code key = value} lines describing a scan's sensor. Required keys
 * (checked on construction, errors name the file and key): {@code m_colorWidth}, {@code m_colorHeight},
 * {@code m_depthWidth}, {@code m_depthHeight}, {@code m_depthShift} (depth units per metre, 1000 for
 * millimetres), {@code m_calibrationColorIntrinsic} and {@code m_calibrationDepthIntrinsic} (4x4
 * row-major, 16 numbers; the depth one is for the m_depthWidth x m_depthHeight depth images).
 * Optional: {@code m_calibrationColorExtrinsic}, {@code m_calibrationDepthExtrinsic} (identity when
 * absent), {@code m_frames.size}. Unknown keys are kept, in file order, and written back.
 */
public final class SceneInfo {
    public static final String COLOR_WIDTH = "m_colorWidth";
    public static final String COLOR_HEIGHT = "m_colorHeight";
    public static final String DEPTH_WIDTH = "m_depthWidth";
    public static final String DEPTH_HEIGHT = "m_depthHeight";
    public static final String DEPTH_SHIFT = "m_depthShift";
    public static final String COLOR_INTRINSIC = "m_calibrationColorIntrinsic";
    public static final String COLOR_EXTRINSIC = "m_calibrationColorExtrinsic";
    public static final String DEPTH_INTRINSIC = "m_calibrationDepthIntrinsic";
    public static final String DEPTH_EXTRINSIC = "m_calibrationDepthExtrinsic";
    public static final String FRAMES = "m_frames.size";

    private static final double[] IDENTITY = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

    private final Map<String, String> entries;
    private final String source;
    private final int colorWidth, colorHeight, depthWidth, depthHeight;
    private final double depthShift;
    private final double[] colorIntrinsic, depthIntrinsic, colorExtrinsic, depthExtrinsic;
    private final int frames;

    private SceneInfo(Map<String, String> entries, String source) throws IOException {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        this.source = source;
        this.colorWidth = positiveInt(COLOR_WIDTH);
        this.colorHeight = positiveInt(COLOR_HEIGHT);
        this.depthWidth = positiveInt(DEPTH_WIDTH);
        this.depthHeight = positiveInt(DEPTH_HEIGHT);
        double shift = numbers(DEPTH_SHIFT, 1)[0];
        if (!(shift > 0) || Double.isInfinite(shift)) {
            throw new IOException(source + ": " + DEPTH_SHIFT + " must be a positive number, got " + shift);
        }
        this.depthShift = shift;
        this.colorIntrinsic = numbers(COLOR_INTRINSIC, 16);
        this.depthIntrinsic = numbers(DEPTH_INTRINSIC, 16);
        this.colorExtrinsic = entries.containsKey(COLOR_EXTRINSIC) ? numbers(COLOR_EXTRINSIC, 16) : IDENTITY.clone();
        this.depthExtrinsic = entries.containsKey(DEPTH_EXTRINSIC) ? numbers(DEPTH_EXTRINSIC, 16) : IDENTITY.clone();
        this.frames = entries.containsKey(FRAMES) ? nonNegativeInt(FRAMES) : -1;
        try {
            Intrinsics.fromMatrix4(colorIntrinsic, source + ": " + COLOR_INTRINSIC);
            Intrinsics.fromMatrix4(depthIntrinsic, source + ": " + DEPTH_INTRINSIC);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Reads and checks an info file. */
    public static SceneInfo read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "scene info file not found");
        }
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses {@code key = value} lines; blank lines and lines starting with '#' are skipped. */
    public static SceneInfo parse(List<String> lines, String source) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IOException(source + ": line " + (n + 1) + " is not 'key = value': " + line);
            }
            String key = line.substring(0, eq).strip();
            if (map.put(key, line.substring(eq + 1).strip()) != null) {
                throw new IOException(source + ": key " + key + " appears twice (line " + (n + 1) + ")");
            }
        }
        return new SceneInfo(map, source);
    }

    /**
     * Info for images whose colour and depth share one size and one camera (what the synthetic
     * generator and {@link DatasetWriter} produce): depth intrinsics = colour intrinsics = K.
     *
     * @param frames number of frames, or -1 to leave m_frames.size out
     */
    public static SceneInfo of(int width, int height, Intrinsics k, double depthShift, int frames) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("m_versionNumber", "4");
        m.put("m_sensorName", "activeseg");
        m.put(COLOR_WIDTH, Integer.toString(width));
        m.put(COLOR_HEIGHT, Integer.toString(height));
        m.put(DEPTH_WIDTH, Integer.toString(width));
        m.put(DEPTH_HEIGHT, Integer.toString(height));
        m.put(DEPTH_SHIFT, format(depthShift));
        m.put(COLOR_INTRINSIC, join(k.matrix4()));
        m.put(COLOR_EXTRINSIC, join(IDENTITY));
        m.put(DEPTH_INTRINSIC, join(k.matrix4()));
        m.put(DEPTH_EXTRINSIC, join(IDENTITY));
        if (frames >= 0) {
            m.put(FRAMES, Integer.toString(frames));
        }
        try {
            return new SceneInfo(m, "scene info");
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A copy with one key set (added at the end when new); the result is checked again. */
    public SceneInfo with(String key, String value) throws IOException {
        Map<String, String> m = new LinkedHashMap<>(entries);
        m.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
        return new SceneInfo(m, source);
    }

    /** Writes {@code key = value} lines in entry order, atomically. */
    public void write(Path file) throws IOException {
        String text = entries.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public int colorWidth() { return colorWidth; }
    public int colorHeight() { return colorHeight; }
    public int depthWidth() { return depthWidth; }
    public int depthHeight() { return depthHeight; }
    /** Depth units per metre (stored value / depthShift = metres). */
    public double depthShift() { return depthShift; }
    /** 4x4 row-major colour intrinsic matrix (a copy). */
    public double[] colorIntrinsicMatrix() { return colorIntrinsic.clone(); }
    /** 4x4 row-major depth intrinsic matrix (a copy), for m_depthWidth x m_depthHeight. */
    public double[] depthIntrinsicMatrix() { return depthIntrinsic.clone(); }
    public double[] colorExtrinsicMatrix() { return colorExtrinsic.clone(); }
    public double[] depthExtrinsicMatrix() { return depthExtrinsic.clone(); }
    /** fx, fy, cx, cy of the depth camera at m_depthWidth x m_depthHeight. */
    public Intrinsics depthIntrinsics() { return Intrinsics.fromMatrix4(depthIntrinsic, source); }
    public Intrinsics colorIntrinsics() { return Intrinsics.fromMatrix4(colorIntrinsic, source); }
    /** m_frames.size, or -1 when absent. */
    public int frameCount() { return frames; }
    /** Every key and raw value, in file order. */
    public Map<String, String> entries() { return entries; }
    /** The file (or description) this info came from. */
    public String source() { return source; }

    private String require(String key) throws IOException {
        String v = entries.get(key);
        if (v == null) {
            throw new IOException(source + ": missing required key " + key);
        }
        return v;
    }

    private double[] numbers(String key, int count) throws IOException {
        String raw = require(key);
        String[] tok = raw.isEmpty() ? new String[0] : raw.split("\\s+");
        if (tok.length != count) {
            throw new IOException(source + ": " + key + " has " + tok.length + " numbers, expected " + count);
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Double.parseDouble(tok[i]);
            } catch (NumberFormatException e) {
                throw new IOException(source + ": " + key + " has a bad number '" + tok[i] + "'", e);
            }
            if (!Double.isFinite(out[i])) {
                throw new IOException(source + ": " + key + " has a non-finite number '" + tok[i] + "'");
            }
        }
        return out;
    }

    private int nonNegativeInt(String key) throws IOException {
        String raw = require(key);
        try {
            int v = Integer.parseInt(raw);
            if (v < 0) {
                throw new IOException(source + ": " + key + " must not be negative, got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IOException(source + ": " + key + " is not an integer: '" + raw + "'", e);
        }
    }

    private int positiveInt(String key) throws IOException {
        int v = nonNegativeInt(key);
        if (v == 0) {
            throw new IOException(source + ": " + key + " must be positive, got 0");
        }
        return v;
    }

    private static String join(double[] m) {
        return Arrays.stream(m).mapToObj(SceneInfo::format).collect(Collectors.joining(" "));
    }

    /** Integers without a fraction ("1000", not "1000.0"), else the shortest exact decimal. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(-0.0)) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    @Override
    public String toString() { return "SceneInfo" + entries; }
}
