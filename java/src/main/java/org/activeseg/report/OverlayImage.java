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

    /** {@link #render} encoded as PNG. */
    public static byte[] png(Overlay overlay) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(render(overlay), "png", out)) {
            throw new IOException("no PNG writer in this JVM's ImageIO");
        }
        return out.toByteArray();
    }

    static int blend(int base, int tint) {
        return (int) Math.round((1 - ALPHA) * base + ALPHA * tint);
    }
}
