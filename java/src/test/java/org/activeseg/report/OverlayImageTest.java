package org.activeseg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.BitSet;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class OverlayImageTest {

    /** Pixel p of the test frame is rgb (10p, 20p, 30p), so row-major or channel-order mistakes show. */
    private static int expected(int p, Color tint) {
        int[] base = {10 * p, 20 * p, 30 * p};
        if (tint == null) {
            return (base[0] << 16) | (base[1] << 8) | base[2];
        }
        int[] t = {tint.getRed(), tint.getGreen(), tint.getBlue()};
        int out = 0;
        for (int c = 0; c < 3; c++) {
            out = (out << 8) | (int) Math.round(0.45 * base[c] + 0.55 * t[c]);
        }
        return out;
    }

    @Test
    void tintsLabelledAndSelectedPixelsAndLeavesTheRest() throws Exception {
        int w = 3;
        int h = 2;
        byte[] rgb = new byte[w * h * 3];
        for (int p = 0; p < w * h; p++) {
            rgb[3 * p] = (byte) (10 * p);
            rgb[3 * p + 1] = (byte) (20 * p);
            rgb[3 * p + 2] = (byte) (30 * p);
        }
        BitSet before = new BitSet();
        before.set(1);
        before.set(4);
        BitSet selected = new BitSet();
        selected.set(4); // in both sets: drawn as selected
        selected.set(5);
        Overlay o = new Overlay("s", 1, 1, "f", w, h, rgb, before, selected);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(OverlayImage.png(o)));
        assertNotNull(img);
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        Color[] tint = {null, OverlayImage.LABELLED, null, null, OverlayImage.SELECTED, OverlayImage.SELECTED};
        for (int p = 0; p < w * h; p++) {
            assertEquals(Integer.toHexString(expected(p, tint[p])),
                    Integer.toHexString(img.getRGB(p % w, p / w) & 0xffffff), "pixel " + p);
        }
    }
}
