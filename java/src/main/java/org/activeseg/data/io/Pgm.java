package org.activeseg.data.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Binary PGM (Netpbm "P5"), the format of ScanNet's exported depth frames. The header is the magic
 * {@code P5} and three decimal tokens (width, height, maxval) separated by whitespace, with '#'
 * comments (to the end of the line) allowed anywhere between tokens; exactly one whitespace byte
 * follows maxval, then the samples. maxval &lt;= 255 means one byte a sample; larger maxval (up to
 * 65535) means two bytes, most significant first (Netpbm's rule, independent of the machine).
 * Bytes after the first image are ignored (Netpbm allows several images in one file).
 */
public final class Pgm {
    private Pgm() {}

    public static final int MAX_VALUE_16 = 65535;

    /** Reads a P5 file; every malformation is an {@link IOException} naming the file. */
    public static GrayImage read(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        return decode(data, file.toString());
    }

    /** Decodes P5 bytes; {@code source} names the data in errors. */
    public static GrayImage decode(byte[] data, String source) throws IOException {
        if (data.length < 2 || data[0] != 'P' || data[1] != '5') {
            String magic = new String(data, 0, Math.min(2, data.length), StandardCharsets.ISO_8859_1);
            throw new IOException(source + ": not a binary PGM (magic is '" + printable(magic) + "', expected 'P5')");
        }
        int[] pos = {2};
        long width = token(data, pos, source, "width");
        long height = token(data, pos, source, "height");
        long maxval = token(data, pos, source, "maxval");
        if (width <= 0 || height <= 0) {
            throw new IOException(source + ": PGM size must be positive, got " + width + "x" + height);
        }
        if (maxval <= 0 || maxval > MAX_VALUE_16) {
            throw new IOException(source + ": PGM maxval is " + maxval + ", expected 1.." + MAX_VALUE_16);
        }
        if (pos[0] >= data.length || !isSpace(data[pos[0]])) {
            throw new IOException(source + ": PGM header must end with one whitespace byte after maxval (file has "
                    + data.length + " bytes)");
        }
        int start = pos[0] + 1;
        int bytesPerSample = maxval > 255 ? 2 : 1;
        long pixels = width * height;
        long expected = pixels * bytesPerSample;
        if (pixels > Integer.MAX_VALUE - 8) {
            throw new IOException(source + ": PGM size " + width + "x" + height + " is too large");
        }
        long actual = data.length - start;
        if (actual < expected) {
            throw new IOException(source + ": truncated PGM pixel data: expected " + expected + " bytes for "
                    + width + "x" + height + " at " + (8 * bytesPerSample) + " bit, found " + actual);
        }
        int n = (int) pixels;
        int[] samples = new int[n];
        if (bytesPerSample == 2) {
            for (int i = 0, p = start; i < n; i++, p += 2) {
                samples[i] = ((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF);
            }
        } else {
            for (int i = 0; i < n; i++) {
                samples[i] = data[start + i] & 0xFF;
            }
        }
        return new GrayImage((int) width, (int) height, 8 * bytesPerSample, samples);
    }

    /** Skips whitespace and comments, then parses one non-negative decimal token. */
    private static long token(byte[] d, int[] pos, String source, String what) throws IOException {
        int p = pos[0];
        while (p < d.length) {
            if (d[p] == '#') {
                while (p < d.length && d[p] != '\n' && d[p] != '\r') {
                    p++;
                }
            } else if (isSpace(d[p])) {
                p++;
            } else {
                break;
            }
        }
        int begin = p;
        long v = 0;
        while (p < d.length && d[p] >= '0' && d[p] <= '9') {
            v = v * 10 + (d[p] - '0');
            if (v > Integer.MAX_VALUE) {
                throw new IOException(source + ": PGM " + what + " is too large");
            }
            p++;
        }
        if (p == begin) {
            String found = p >= d.length ? "end of file" : "'" + printable(String.valueOf((char) (d[p] & 0xFF))) + "'";
            throw new IOException(source + ": bad PGM header: expected " + what + " (a non-negative integer), found "
                    + found + " at byte " + p);
        }
        pos[0] = p;
        return v;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f';
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }

    /**
     * Writes a 16-bit P5 file (maxval 65535, big-endian) atomically, with an optional one-line
     * comment (null for none). Samples must be in 0..65535.
     */
    public static void write16(Path file, GrayImage image, String comment) throws IOException {
        write16(file, image.width(), image.height(), image.samples(), comment);
    }

    /** As {@link #write16(Path, GrayImage, String)}, from raw (H, W) samples. */
    public static void write16(Path file, int width, int height, int[] samples, String comment) throws IOException {
        if (width <= 0 || height <= 0 || samples.length != (long) width * height) {
            throw new IllegalArgumentException(file + ": " + samples.length + " samples for a " + width + "x" + height
                    + " PGM");
        }
        if (comment != null && (comment.indexOf('\n') >= 0 || comment.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException(file + ": PGM comment must be one line");
        }
        String header = "P5\n" + (comment == null ? "" : "# " + comment + "\n") + width + " " + height + "\n"
                + MAX_VALUE_16 + "\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + 2 * samples.length];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int i = 0, p = head.length; i < samples.length; i++, p += 2) {
            int v = samples[i];
            if (v < 0 || v > MAX_VALUE_16) {
                throw new IllegalArgumentException(file + ": sample " + v + " at pixel (x=" + i % width + ", y="
                        + i / width + ") does not fit in 16 bits");
            }
            out[p] = (byte) (v >>> 8);
            out[p + 1] = (byte) v;
        }
        AtomicFile.write(file, out);
    }
}
