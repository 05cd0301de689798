package org.activeseg.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    @TempDir
    Path dir;

    static final int W = 13, H = 7;  // odd sizes: no accidental stride agreement

    /** A smooth colour image (JPEG-friendly) with a few exact corner values. */
    static RgbImage smoothRgb() {
        byte[] rgb = new byte[3 * W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int o = 3 * (y * W + x);
                rgb[o] = (byte) (40 + 10 * x);
                rgb[o + 1] = (byte) (60 + 20 * y);
                rgb[o + 2] = (byte) (200 - 5 * x - 5 * y);
            }
        }
        return new RgbImage(W, H, rgb);
    }

    static RgbImage noiseRgb() {
        byte[] rgb = new byte[3 * W * H];
        new Random(7).nextBytes(rgb);
        return new RgbImage(W, H, rgb);
    }

    @Test
    void rgbPngRoundTripIsExact() throws IOException {
        RgbImage img = noiseRgb();
        Path p = dir.resolve("c.png");
        ImageFiles.writeRgbPng(p, img);
        RgbImage back = ImageFiles.readRgb(p);
        assertEquals(W, back.width());
        assertEquals(H, back.height());
        assertArrayEquals(img.rgb(), back.rgb());
        assertEquals(new ImageFiles.Size(W, H), ImageFiles.size(p));
    }

    @Test
    void rgbJpegRoundTripIsCloseAndKeepsChannelOrder() throws IOException {
        RgbImage img = smoothRgb();
        Path p = dir.resolve("c.jpg");
        ImageFiles.writeRgbJpeg(p, img);
        RgbImage back = ImageFiles.readRgb(p);
        double err = 0;
        for (int i = 0; i < img.rgb().length; i++) {
            err += Math.abs((img.rgb()[i] & 0xFF) - (back.rgb()[i] & 0xFF));
        }
        err /= img.rgb().length;
        assertTrue(err < 3, "mean abs error " + err);
        // channel order: per-channel means agree (R mean 100, B mean 155; a swap is off by 55)
        for (int ch = 0; ch < 3; ch++) {
            double want = 0, got = 0;
            for (int i = ch; i < img.rgb().length; i += 3) {
                want += img.rgb()[i] & 0xFF;
                got += back.rgb()[i] & 0xFF;
            }
            int n = img.rgb().length / 3;
            assertTrue(Math.abs(want - got) / n < 3, "channel " + ch + ": mean " + got / n + " vs " + want / n);
        }
        // quality matters: noise at quality 0.1 is smaller on disk than at 1.0
        Path lo = dir.resolve("lo.jpg"), hi = dir.resolve("hi.jpg");
        ImageFiles.writeRgbJpeg(lo, noiseRgb(), 0.1f);
        ImageFiles.writeRgbJpeg(hi, noiseRgb(), 1.0f);
        assertTrue(Files.size(lo) < Files.size(hi), Files.size(lo) + " vs " + Files.size(hi));
        assertThrows(IllegalArgumentException.class, () -> ImageFiles.writeRgbJpeg(lo, img, 1.5f));
    }

    @Test
    void gray8And16RoundTrip() throws IOException {
        int[] s8 = new Random(1).ints(W * H, 0, 256).toArray();
        int[] s16 = new Random(2).ints(W * H, 0, 65536).toArray();
        s16[0] = 65535;
        s16[1] = 256;
        Path p8 = dir.resolve("l.png"), p16 = dir.resolve("s.png");
        ImageFiles.writeGray8(p8, new GrayImage(W, H, 8, s8));
        ImageFiles.writeGray16(p16, new GrayImage(W, H, 16, s16));
        GrayImage g8 = ImageFiles.readGray8(p8), g16 = ImageFiles.readGray16(p16);
        assertArrayEquals(s8, g8.samples());
        assertEquals(8, g8.bitDepth());
        assertArrayEquals(s16, g16.samples());
        assertEquals(16, g16.bitDepth());
        assertThrows(IllegalArgumentException.class,
                () -> ImageFiles.writeGray8(p8, new GrayImage(W, H, 8, new int[W * H - 1])));
        int[] tooBig = new int[W * H];
        tooBig[5] = 256;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageFiles.writeGray8(dir.resolve("big.png"), new GrayImage(W, H, 16, tooBig)));
        assertTrue(e.getMessage().contains("256") && e.getMessage().contains("x=5"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("big.png")));
    }

    @Test
    void wrongBitDepthNamesTheFile() throws IOException {
        Path p8 = dir.resolve("eight.png"), p16 = dir.resolve("sixteen.png"), rgb = dir.resolve("rgb.png");
        ImageFiles.writeGray8(p8, new GrayImage(W, H, 8, new int[W * H]));
        ImageFiles.writeGray16(p16, new GrayImage(W, H, 16, new int[W * H]));
        ImageFiles.writeRgbPng(rgb, noiseRgb());
        IOException e = assertThrows(IOException.class, () -> ImageFiles.readGray16(p8));
        assertTrue(e.getMessage().contains(p8.toString()) && e.getMessage().contains("8-bit")
                && e.getMessage().contains("expected a 16-bit"), e.getMessage());
        e = assertThrows(IOException.class, () -> ImageFiles.readGray8(p16));
        assertTrue(e.getMessage().contains(p16.toString()) && e.getMessage().contains("16-bit"), e.getMessage());
        e = assertThrows(IOException.class, () -> ImageFiles.readGray8(rgb));
        assertTrue(e.getMessage().contains(rgb.toString()) && e.getMessage().contains("3-channel"), e.getMessage());
    }

    @Test
    void corruptOrMissingImagesNameTheFile() throws IOException {
        Path garbage = dir.resolve("garbage.jpg");
        Files.write(garbage, "this is not a jpeg at all".getBytes());
        IOException e = assertThrows(IOException.class, () -> ImageFiles.readRgb(garbage));
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());

        // A JPEG header with a truncated body: the decoder only warns, which must still be an error.
        Path good = dir.resolve("good.jpg");
        ImageFiles.writeRgbJpeg(good, noiseRgb());
        byte[] all = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        e = assertThrows(IOException.class, () -> ImageFiles.readRgb(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());

        // A PNG whose data is cut off.
        Path png = dir.resolve("good.png");
        ImageFiles.writeRgbPng(png, noiseRgb());
        byte[] pngBytes = Files.readAllBytes(png);
        Path cutPng = dir.resolve("cut.png");
        Files.write(cutPng, Arrays.copyOf(pngBytes, pngBytes.length - 40));
        e = assertThrows(IOException.class, () -> ImageFiles.readRgb(cutPng));
        assertTrue(e.getMessage().contains(cutPng.toString()), e.getMessage());

        Path missing = dir.resolve("missing.png");
        e = assertThrows(NoSuchFileException.class, () -> ImageFiles.readGray8(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void grayPngReadAsColourKeepsStoredValues() throws IOException {
        // Java's gray colour space is linear: getRGB would brighten 100 to about 168.
        int[] s = new int[W * H];
        Arrays.fill(s, 100);
        s[3] = 7;
        Path p = dir.resolve("g.png");
        ImageFiles.writeGray8(p, new GrayImage(W, H, 8, s));
        RgbImage c = ImageFiles.readRgb(p);
        assertEquals(100, c.rgb()[0] & 0xFF);
        assertEquals(100, c.rgb()[1] & 0xFF);
        assertEquals(100, c.rgb()[2] & 0xFF);
        assertEquals(7, c.rgb()[9] & 0xFF);
        assertEquals(7, c.rgb()[11] & 0xFF);

        int[] s16 = new int[W * H];
        Arrays.fill(s16, 65535);
        Path p16 = dir.resolve("g16.png");
        ImageFiles.writeGray16(p16, new GrayImage(W, H, 16, s16));
        assertEquals(255, ImageFiles.readRgb(p16).rgb()[0] & 0xFF);
    }

    @Test
    void paletteAndAlphaImagesReadAsRgb() throws IOException {
        byte[] r = {(byte) 255, 0, 10}, g = {0, (byte) 255, 20}, b = {0, 0, 30};
        BufferedImage pal = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 3, r, g, b));
        pal.getRaster().setSample(1, 0, 0, 1);
        pal.getRaster().setSample(2, 0, 0, 2);
        Path pp = dir.resolve("pal.png");
        ImageIO.write(pal, "png", pp.toFile());
        RgbImage c = ImageFiles.readRgb(pp);
        assertArrayEquals(new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0, 10, 20, 30}, Arrays.copyOf(c.rgb(), 9));
        // a palette image is not a label map: its index and its colour differ
        IOException e = assertThrows(IOException.class, () -> ImageFiles.readGray8(pp));
        assertTrue(e.getMessage().contains(pp.toString()) && e.getMessage().contains("palette"), e.getMessage());

        BufferedImage argb = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80_11_22_33);
        argb.setRGB(1, 0, 0xFF_44_55_66);
        Path pa = dir.resolve("argb.png");
        ImageIO.write(argb, "png", pa.toFile());
        RgbImage ca = ImageFiles.readRgb(pa);
        assertArrayEquals(new byte[] {0x11, 0x22, 0x33, 0x44, 0x55, 0x66}, Arrays.copyOf(ca.rgb(), 6));
    }

    @Test
    void lowDepthGrayPngIsAcceptedAsEightBit() throws IOException {
        // 4-bit gray PNG: ImageIO gives a gray-ramp palette; the stored value is the index.
        byte[] ramp = new byte[16];
        for (int i = 0; i < 16; i++) {
            ramp[i] = (byte) (i * 17);
        }
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(4, 16, ramp, ramp, ramp));
        img.getRaster().setSample(2, 1, 0, 9);
        Path p = dir.resolve("g4.png");
        ImageIO.write(img, "png", p.toFile());
        GrayImage g = ImageFiles.readGray8(p);
        assertEquals(9, g.get(2, 1));
        assertEquals(0, g.get(0, 0));
    }
}
