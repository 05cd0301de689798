package org.activeseg.data.scannet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.activeseg.data.io.AtomicFile;
import org.activeseg.geometry.Pose;

/**
 * A 4x4 camera-to-world pose as text (ScanNet's pose/&lt;frame&gt;.txt): four rows of four numbers,
 * separated by whitespace or commas. ScanNet writes failed tracking as {@code -inf}; such tokens
 * ({@code inf}, {@code nan} in any case) are parsed so that {@link Pose#cameraToWorld} rejects them
 * with a message naming the file, as it does non-rigid matrices.
 */
public final class PoseFile {
    private PoseFile() {}

    /** Reads and checks a pose file. */
    public static Pose read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "pose file not found");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses pose text; {@code source} names it in errors. */
    public static Pose parse(String text, String source) throws IOException {
        String stripped = text.strip();
        String[] tok = stripped.isEmpty() ? new String[0] : stripped.split("[\\s,]+");
        if (tok.length != 16) {
            throw new IOException(source + ": pose file has " + tok.length + " values, expected 16 (4 rows of 4)");
        }
        double[] m = new double[16];
        for (int i = 0; i < 16; i++) {
            m[i] = number(tok[i], source, i);
        }
        try {
            return Pose.cameraToWorld(m, source);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static double number(String t, String source, int i) throws IOException {
        String s = t.toLowerCase(Locale.ROOT);
        switch (s) {
            case "inf", "+inf", "infinity", "+infinity" -> { return Double.POSITIVE_INFINITY; }
            case "-inf", "-infinity" -> { return Double.NEGATIVE_INFINITY; }
            case "nan", "-nan", "+nan" -> { return Double.NaN; }
            default -> {
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new IOException(source + ": pose element (" + i / 4 + "," + i % 4 + ") is not a number: '"
                            + t + "'", e);
                }
            }
        }
    }

    /** Writes four rows of four numbers with full double precision (reads back bit-exactly), atomically. */
    public static void write(Path file, Pose pose) throws IOException {
        AtomicFile.write(file, format(pose).getBytes(StandardCharsets.UTF_8));
    }

    /** The text {@link #write} produces. */
    public static String format(Pose pose) {
        double[] m = pose.matrix();
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                if (c > 0) {
                    b.append(' ');
                }
                b.append(SceneInfo.format(m[r * 4 + c]));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
