package org.activeseg.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.BitSet;

import javax.imageio.ImageIO;

/**
 * Draws an {@link Overlay}: the frame with the pixels labelled before the round tinted
 * {@link #LABELLED} and the pixels selected this round tinted {@link #SELECTED} (a pixel in both, which
 * a correct pool never produces, shows as selected). Tint: {@code (1 - ALPHA) * rgb + ALPHA * colour}.
 * Colours from the Okabe-Ito palette, which stays distinct under the common colour-vision deficiencies.
 */
public final class OverlayImage {
    private OverlayImage() {}

    public static final Color LABELLED = new Color(0, 114, 178);
    public static final Color SELECTED = new Color(230, 159, 0);
    public static final double ALPHA = 0.55;

    /** Frames narrower than this are upscaled (nearest neighbour, by a whole factor) so a reader can see the regions. */
    public static final int MIN_DISPLAY_WIDTH = 320;

    /** The whole upscaling factor for a frame {@code width} pixels wide: 1 at or above {@link #MIN_DISPLAY_WIDTH}, at most 8. */
    public static int scale(int width) {
        return Math.max(1, Math.min(8, (MIN_DISPLAY_WIDTH + width - 1) / width));
    }

    /** The tinted frame at its own size. */
    public static BufferedImage render(Overlay overlay) {
        HeadlessAwt.ensure();
        int w = overlay.width();
        int h = overlay.height();
        byte[] rgb = overlay.rgb();
        BitSet before = overlay.labelledBefore();
        BitSet selected = overlay.selectedThisRound();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int r = rgb[3 * p] & 0xff;
                int g = rgb[3 * p + 1] & 0xff;
                int b = rgb[3 * p + 2] & 0xff;
                Color tint = selected.get(p) ? SELECTED : before.get(p) ? LABELLED : null;
                if (tint != null) {
                    r = blend(r, tint.getRed());
                    g = blend(g, tint.getGreen());
                    b = blend(b, tint.getBlue());
                }
                row[x] = (r << 16) | (g << 8) | b;
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    /** {@link #render} encoded as PNG, at the frame's size. */
    public static byte[] png(Overlay overlay) throws IOException {
        return encode(render(overlay));
    }

    /** {@link #render} upscaled by {@link #scale} and encoded as PNG. */
    public static byte[] displayPng(Overlay overlay) throws IOException {
        return encode(upscale(render(overlay), scale(overlay.width())));
    }

    /**
     * The ground truth as colours (one fixed colour per class, black for ignore), upscaled like
     * {@link #displayPng}; empty when the overlay has no labels.
     */
    public static java.util.Optional<byte[]> labelsPng(Overlay overlay) throws IOException {
        byte[] labels = overlay.labels();
        if (labels == null) {
            return java.util.Optional.empty();
        }
        HeadlessAwt.ensure();
        BufferedImage img = new BufferedImage(overlay.width(), overlay.height(), BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < labels.length; p++) {
            img.setRGB(p % overlay.width(), p / overlay.width(), classColour(labels[p] & 0xff));
        }
        return java.util.Optional.of(encode(upscale(img, scale(overlay.width()))));
    }

    /** The selecting model's prediction in the class colours of {@link #labelsPng}; empty without a model view. */
    public static java.util.Optional<byte[]> predictionPng(Overlay overlay) throws IOException {
        if (overlay.model() == null) {
            return java.util.Optional.empty();
        }
        byte[] p = overlay.model().prediction();
        BufferedImage img = new BufferedImage(overlay.width(), overlay.height(), BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < p.length; i++) {
            img.setRGB(i % overlay.width(), i / overlay.width(), classColour(p[i] & 0xff));
        }
        return java.util.Optional.of(encode(upscale(img, scale(overlay.width()))));
    }

    /** The selecting model's uncertainty, white (certain) to dark red (uncertain); empty without a model view. */
    public static java.util.Optional<byte[]> uncertaintyPng(Overlay overlay) throws IOException {
        if (overlay.model() == null) {
            return java.util.Optional.empty();
        }
        float[] u = overlay.model().uncertainty();
        BufferedImage img = new BufferedImage(overlay.width(), overlay.height(), BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < u.length; i++) {
            double t = Math.max(0, Math.min(1, u[i]));
            int r = (int) Math.round(255 - t * (255 - 127));
            int g = (int) Math.round(255 - t * 255);
            int b = (int) Math.round(255 - t * 255);
            img.setRGB(i % overlay.width(), i / overlay.width(), (r << 16) | (g << 8) | b);
        }
        return java.util.Optional.of(encode(upscale(img, scale(overlay.width()))));
    }

    /** A fixed, well-spread colour per class id (golden-angle hues); black for 255 (ignore). */
    static int classColour(int classId) {
        if (classId == 255) {
            return 0;
        }
        float hue = (float) ((classId * 0.618033988749895) % 1.0);
        return Color.HSBtoRGB(hue, 0.55f + 0.35f * ((classId / 7) % 2), 0.95f - 0.25f * ((classId / 3) % 2)) & 0xffffff;
    }

    static BufferedImage upscale(BufferedImage img, int k) {
        if (k == 1) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(w * k, h * k, BufferedImage.TYPE_INT_RGB);
        int[] src = img.getRGB(0, 0, w, h, null, 0, w);
        int[] row = new int[w * k];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w * k; x++) {
                row[x] = src[y * w + x / k];
            }
            for (int dy = 0; dy < k; dy++) {
                out.setRGB(0, y * k + dy, w * k, 1, row, 0, w * k);
            }
        }
        return out;
    }

    private static byte[] encode(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer in this JVM's ImageIO");
        }
        return out.toByteArray();
    }

    static int blend(int base, int tint) {
        return (int) Math.round((1 - ALPHA) * base + ALPHA * tint);
    }
}
