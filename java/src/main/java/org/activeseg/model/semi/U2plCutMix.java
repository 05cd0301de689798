package org.activeseg.model.semi;

import java.util.SplittableRandom;

/**
 * U2PL's CutMix of the unlabelled batch ({@code generate_unsup_data(mode="cutmix")} with {@code
 * generate_cutout_mask(ratio=2)}, ALGORITHMS.md 5(a)): per sample i a box of half the image's area
 * (width uniform in [W/2 + 1, W), height {@code round(H*W/2 / width)} half-to-even, position uniform
 * where it fits) takes sample (i + 1) mod N's pixels: image, pseudo-label and take mark together.
 */
public final class U2plCutMix {
    private U2plCutMix() {}

    /** A box [y0, y1) x [x0, x1). */
    public record Box(int y0, int y1, int x0, int x1) {}

    /** The cut-out box of an H x W image, drawn as {@code generate_cutout_mask(ratio=2)} draws it. */
    public static Box box(int h, int w, SplittableRandom rng) {
        double area = h * (double) w / 2;
        int low = (int) (w / 2.0 + 1);
        int bw = low >= w ? w : low + rng.nextInt(w - low);
        int bh = (int) Math.min(h, Math.rint(area / bw));
        int x0 = rng.nextInt(w - bw + 1);
        int y0 = rng.nextInt(h - bh + 1);
        return new Box(y0, y0 + bh, x0, x0 + bw);
    }

    /**
     * Mixes in place: images (N, channels, H, W) flattened, and per pixel the pseudo-labels and take marks
     * (N, H, W; null when the pseudo-labels already carry them). Every box is drawn (in sample order)
     * before any pixel moves. Returns the boxes.
     */
    public static Box[] mix(float[] images, int channels, int[] pseudo, boolean[] take, int n, int h, int w,
                            SplittableRandom rng) {
        int hw = h * w;
        if (images.length != n * channels * hw || pseudo.length != n * hw || (take != null && take.length != n * hw)) {
            throw new IllegalArgumentException("CutMix: arrays do not match " + n + " x " + channels + " x " + h + " x " + w);
        }
        Box[] boxes = new Box[n];
        for (int i = 0; i < n; i++) {
            boxes[i] = box(h, w, rng);
        }
        float[] srcImages = images.clone();
        int[] srcPseudo = pseudo.clone();
        boolean[] srcTake = take == null ? null : take.clone();
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            Box b = boxes[i];
            for (int y = b.y0(); y < b.y1(); y++) {
                for (int x = b.x0(); x < b.x1(); x++) {
                    int at = y * w + x;
                    pseudo[i * hw + at] = srcPseudo[j * hw + at];
                    if (take != null) {
                        take[i * hw + at] = srcTake[j * hw + at];
                    }
                    for (int c = 0; c < channels; c++) {
                        images[(i * channels + c) * hw + at] = srcImages[(j * channels + c) * hw + at];
                    }
                }
            }
        }
        return boxes;
    }
}
