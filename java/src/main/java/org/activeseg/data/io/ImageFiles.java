package org.activeseg.data.io;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Reads and writes the raster images of the dataset layout through javax.imageio: colour frames
 * (JPEG/PNG, to interleaved RGB bytes), 8-bit grayscale label maps and 16-bit grayscale superpixel
 * and depth maps (PNG). Grayscale readers return the stored sample values untouched (no colour
 * management: Java's grayscale colour space is linear, and converting it would change label ids),
 * and insist on the bit depth the caller needs, because a label map saved at the wrong depth is a
 * data error, not something to guess around. Any decoder error or warning (a truncated JPEG decodes
 * with only a warning) is an {@link IOException} naming the file. Writes are atomic
 * ({@link AtomicFile}).
 */
public final class ImageFiles {
    private ImageFiles() {}

    /** Quality of {@link #writeRgbJpeg(Path, RgbImage)}. */
    public static final float DEFAULT_JPEG_QUALITY = 0.95f;

    /** Width and height of an image file. */
    public record Size(int width, int height) {
        @Override
        public String toString() { return width + "x" + height; }
    }

    /** Reads only the header of an image and returns its size. */
    public static Size size(Path file) throws IOException {
        try (Decoder d = Decoder.open(file)) {
            try {
                return new Size(d.reader.getWidth(0), d.reader.getHeight(0));
            } catch (IOException | RuntimeException e) {
                throw d.failure(e);
            }
        }
    }

    // ---------------------------------------------------------------------------------- reading

    /**
     * Reads a colour image into interleaved RGB bytes. Grayscale inputs are replicated into the three
     * channels (scaled to 8 bits), palette images are expanded, alpha is dropped, other colour spaces
     * (ICC profiles, CMYK) are converted to sRGB.
     */
    public static RgbImage readRgb(Path file) throws IOException {
        BufferedImage img = decode(file);
        return new RgbImage(img.getWidth(), img.getHeight(), toRgb(img));
    }

    /**
     * Reads an 8-bit (or lower-depth) single-channel image, e.g. a label map. A palette image is
     * accepted only when its palette is the plain gray ramp (then index = gray value); colour, gray
     * with alpha and 16-bit images are errors naming the file.
     */
    public static GrayImage readGray8(Path file) throws IOException {
        BufferedImage img = decode(file);
        int bits = singleChannelBits(img, file);
        if (bits > 8) {
            throw new IOException(file + ": " + describe(img) + ", expected an 8-bit grayscale image");
        }
        return new GrayImage(img.getWidth(), img.getHeight(), 8, samples(img));
    }

    /**
     * Reads a 16-bit single-channel image, e.g. superpixel ids or PNG depth. An 8-bit image is an
     * error naming the file (its values cannot be told apart from scaled 16-bit ones).
     */
    public static GrayImage readGray16(Path file) throws IOException {
        BufferedImage img = decode(file);
        int bits = singleChannelBits(img, file);
        if (bits != 16) {
            throw new IOException(file + ": " + describe(img) + ", expected a 16-bit grayscale image");
        }
        return new GrayImage(img.getWidth(), img.getHeight(), 16, samples(img));
    }

    private static BufferedImage decode(Path file) throws IOException {
        try (Decoder d = Decoder.open(file)) {
            try {
                BufferedImage img = d.reader.read(0);
                if (!d.warnings.isEmpty()) {
                    throw new IOException(file + ": corrupt " + d.format + " image: " + String.join("; ", d.warnings));
                }
                return img;
            } catch (IOException | RuntimeException e) {
                if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(file.toString())) {
                    throw io;
                }
                throw d.failure(e);
            }
        }
    }

    /** An ImageReader on a file, collecting decoder warnings. */
    private static final class Decoder implements AutoCloseable {
        final Path file;
        final ImageInputStream in;
        final ImageReader reader;
        final String format;
        final List<String> warnings = new ArrayList<>();

        private Decoder(Path file, ImageInputStream in, ImageReader reader) throws IOException {
            this.file = file;
            this.in = in;
            this.reader = reader;
            this.format = reader.getFormatName().toUpperCase(Locale.ROOT);
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener((source, message) -> warnings.add(message));
        }

        static Decoder open(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "image file not found");
            }
            ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
            if (in == null) {
                throw new IOException(file + ": cannot open image file");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                in.close();
                throw new IOException(file + ": not a readable image (no decoder recognises its content; "
                        + Files.size(file) + " bytes)");
            }
            try {
                return new Decoder(file, in, readers.next());
            } catch (IOException | RuntimeException e) {
                in.close();
                throw new IOException(file + ": cannot read image: " + e.getMessage(), e);
            }
        }

        IOException failure(Exception e) {
            return new IOException(file + ": corrupt or unreadable " + format + " image: " + e, e);
        }

        @Override
        public void close() throws IOException {
            reader.dispose();
            in.close();
        }
    }

    /** Bits of the one channel, or an error naming the file when the image is not single-channel gray. */
    private static int singleChannelBits(BufferedImage img, Path file) throws IOException {
        ColorModel cm = img.getColorModel();
        if (cm instanceof IndexColorModel icm) {
            if (!isGrayRamp(icm)) {
                throw new IOException(file + ": " + describe(img) + ", expected a grayscale image (palette images are "
                        + "ambiguous: the index and the colour differ)");
            }
            return icm.getPixelSize();
        }
        if (img.getRaster().getNumBands() != 1 || cm.getColorSpace().getType() != ColorSpace.TYPE_GRAY) {
            throw new IOException(file + ": " + describe(img) + ", expected a single-channel grayscale image");
        }
        return img.getSampleModel().getSampleSize(0);
    }

    private static boolean isGrayRamp(IndexColorModel icm) {
        int bits = icm.getPixelSize();
        int n = icm.getMapSize();
        if (bits > 8 || n != 1 << bits || icm.hasAlpha()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int expect = i * 255 / (n - 1);
            if (icm.getRed(i) != expect || icm.getGreen(i) != expect || icm.getBlue(i) != expect) {
                return false;
            }
        }
        return true;
    }

    private static String describe(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        int bands = img.getRaster().getNumBands();
        if (cm instanceof IndexColorModel icm) {
            return "it is " + bitsPhrase(icm.getPixelSize()) + " palette image";
        }
        String kind = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                ? (bands == 1 ? "grayscale" : "grayscale with alpha") : bands + "-channel colour";
        return "it is " + bitsPhrase(img.getSampleModel().getSampleSize(0)) + " " + kind + " image";
    }

    private static String bitsPhrase(int bits) {
        return (bits == 8 || bits == 11 || bits == 18 ? "an " : "a ") + bits + "-bit";
    }

    private static int[] samples(BufferedImage img) {
        Raster r = img.getRaster();
        return r.getSamples(0, 0, img.getWidth(), img.getHeight(), 0, (int[]) null);
    }

    private static byte[] toRgb(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        byte[] out = new byte[3 * w * h];
        Raster raster = img.getRaster();
        ColorModel cm = img.getColorModel();
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR && isPlainBgr(raster, w, h)) {
            byte[] bgr = ((DataBufferByte) raster.getDataBuffer()).getData();
            for (int i = 0; i < out.length; i += 3) {
                out[i] = bgr[i + 2];
                out[i + 1] = bgr[i + 1];
                out[i + 2] = bgr[i];
            }
            return out;
        }
        int bands = raster.getNumBands();
        if (!(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // Stored gray value into all three channels, scaled to 8 bits; alpha (band 1) dropped.
            int bits = img.getSampleModel().getSampleSize(0);
            int max = (1 << bits) - 1;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0, o = 3 * y * w; x < w; x++, o += 3) {
                    byte v = (byte) (bits == 8 ? row[x] : (row[x] * 255 + max / 2) / max);
                    out[o] = v;
                    out[o + 1] = v;
                    out[o + 2] = v;
                }
            }
            return out;
        }
        boolean plainSrgb = !(cm instanceof IndexColorModel) && cm.getColorSpace().isCS_sRGB()
                && cm.getNumColorComponents() == 3 && !cm.isAlphaPremultiplied() && (bands == 3 || bands == 4)
                && allEight(img);
        if (plainSrgb) {
            int[] px = new int[w * bands];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, px);
                for (int x = 0, o = 3 * y * w; x < w; x++, o += 3) {
                    out[o] = (byte) px[x * bands];
                    out[o + 1] = (byte) px[x * bands + 1];
                    out[o + 2] = (byte) px[x * bands + 2];
                }
            }
            return out;
        }
        // Palettes, 16-bit colour, ICC profiles, premultiplied alpha: let the colour model convert to sRGB.
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0, o = 3 * y * w; x < w; x++, o += 3) {
                int c = argb[x];
                out[o] = (byte) (c >>> 16);
                out[o + 1] = (byte) (c >>> 8);
                out[o + 2] = (byte) c;
            }
        }
        return out;
    }

    private static boolean isPlainBgr(Raster raster, int w, int h) {
        if (!(raster.getSampleModel() instanceof ComponentSampleModel sm) || raster.getParent() != null
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
            return false;
        }
        return raster.getDataBuffer().getNumBanks() == 1 && raster.getDataBuffer() instanceof DataBufferByte db
                && db.getOffset() == 0 && db.getData().length == 3 * w * h && sm.getPixelStride() == 3
                && sm.getScanlineStride() == 3 * w && Arrays.equals(sm.getBandOffsets(), new int[] {2, 1, 0});
    }

    private static boolean allEight(BufferedImage img) {
        for (int s : img.getSampleModel().getSampleSize()) {
            if (s != 8) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------- writing

    /** Writes an 8-bit grayscale PNG; every sample must be in 0..255. */
    public static void writeGray8(Path file, GrayImage image) throws IOException {
        BufferedImage img = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int[] s = image.samples();
        for (int i = 0; i < s.length; i++) {
            data[i] = (byte) checkRange(file, s[i], 255, i, image.width());
        }
        write(file, img, "png", null);
    }

    /** Writes a 16-bit grayscale PNG; every sample must be in 0..65535. */
    public static void writeGray16(Path file, GrayImage image) throws IOException {
        BufferedImage img = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_USHORT_GRAY);
        short[] data = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
        int[] s = image.samples();
        for (int i = 0; i < s.length; i++) {
            data[i] = (short) checkRange(file, s[i], 65535, i, image.width());
        }
        write(file, img, "png", null);
    }

    /** Writes an RGB JPEG at {@link #DEFAULT_JPEG_QUALITY}. */
    public static void writeRgbJpeg(Path file, RgbImage image) throws IOException {
        writeRgbJpeg(file, image, DEFAULT_JPEG_QUALITY);
    }

    /** Writes an RGB JPEG at the given quality (0..1). */
    public static void writeRgbJpeg(Path file, RgbImage image, float quality) throws IOException {
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException(file + ": JPEG quality must be in 0..1, got " + quality);
        }
        write(file, bgrImage(image), "jpeg", quality);
    }

    /** Writes an RGB PNG (lossless). */
    public static void writeRgbPng(Path file, RgbImage image) throws IOException {
        write(file, bgrImage(image), "png", null);
    }

    private static int checkRange(Path file, int v, int max, int i, int width) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(file + ": value " + v + " at pixel (x=" + i % width + ", y=" + i / width
                    + ") does not fit in " + (max == 255 ? 8 : 16) + " bits");
        }
        return v;
    }

    private static BufferedImage bgrImage(RgbImage image) {
        BufferedImage img = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] rgb = image.rgb();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return img;
    }

    private static void write(Path file, BufferedImage img, String format, Float jpegQuality) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IOException(file + ": no ImageIO writer for " + format);
        }
        ImageWriter writer = writers.next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (jpegQuality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(jpegQuality);
            }
            AtomicFile.write(file, out -> {
                // A memory-cached stream: ImageIO's default would spill to a cache file in java.io.tmpdir.
                try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(null, new IIOImage(img, null, null), param);
                }
            });
        } finally {
            writer.dispose();
        }
    }
}
