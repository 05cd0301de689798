package org.activeseg.model.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.activeseg.data.Frame;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;
import org.junit.jupiter.api.Test;

/**
 * Determinism for a seed, labels moving with the image (checked through an image whose channel 0
 * holds each pixel's source index), hand cases for flip, crop padding, blur and normalisation.
 */
class AugmentationTest {

    private static final float PAD = -1f;

    /** Channel 0 = source pixel index, channel 1 = label, channel 2 = noise-free gradient; labels 0..39. */
    private static TrainingSample indexed(int w, int h, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int p = w * h;
        float[] img = new float[3 * p];
        byte[] lab = new byte[p];
        for (int i = 0; i < p; i++) {
            lab[i] = (byte) rng.nextInt(40);
            img[i] = i;
            img[p + i] = lab[i];
            img[2 * p + i] = (i % w) * 0.1f;
        }
        return new TrainingSample(3, w, h, img, lab);
    }

    @Test
    void flipMirrorsImageAndLabelsByHand() {
        TrainingSample s = new TrainingSample(1, 3, 2, new float[] {1, 2, 3, 4, 5, 6}, new byte[] {0, 1, 2, 3, 4, (byte) 255});
        TrainingSample f = new HorizontalFlip(1.0).apply(s, new SplittableRandom(1));
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, f.image());
        assertArrayEquals(new byte[] {2, 1, 0, (byte) 255, 4, 3}, f.labels());
        assertSame(s, new HorizontalFlip(0.0).apply(s, new SplittableRandom(1)));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, s.image(), "input untouched");
    }

    @Test
    void cropPadsImageWithFillAndLabelsWithIgnore() {
        TrainingSample s = new TrainingSample(1, 2, 2, new float[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8});
        TrainingSample c = RandomCrop.crop(s, 1, 0, 3, 3, PAD);
        assertArrayEquals(new float[] {2, PAD, PAD, 4, PAD, PAD, PAD, PAD, PAD}, c.image());
        byte x = (byte) 255;
        assertArrayEquals(new byte[] {6, x, x, 8, x, x, x, x, x}, c.labels());
        // larger than the sample in both directions: the only origin is (0, 0)
        for (int seed = 0; seed < 5; seed++) {
            TrainingSample r = new RandomCrop(4, 3, PAD).apply(s, new SplittableRandom(seed));
            assertEquals(1f, r.pixel(0, 0, 0));
            assertEquals(4f, r.pixel(0, 1, 1));
            assertEquals(255, r.label(3, 2));
        }
    }

    @Test
    void croppedAndFlippedLabelsEqualTheSameTransformOfTheOriginal() {
        TrainingSample s = indexed(13, 9, 3);
        Augmentation geo = new Augmentation(List.of(new HorizontalFlip(0.5), new RandomCrop(8, 11, PAD)));
        Set<String> seenOrigins = new HashSet<>();
        for (int seed = 0; seed < 40; seed++) {
            TrainingSample out = geo.apply(s, new SplittableRandom(seed));
            assertEquals(8, out.width());
            assertEquals(11, out.height());
            // recover the transform from the index channel at the output's top-left corner
            int src = (int) out.pixel(0, 0, 0);
            boolean flipped = out.pixel(0, 1, 0) == src - 1;
            int sx = src % 13;
            int x0 = flipped ? 12 - sx : sx;
            int y0 = src / 13;
            seenOrigins.add(x0 + "," + y0 + "," + flipped);
            TrainingSample base = flipped ? HorizontalFlip.flip(s) : s;
            TrainingSample want = RandomCrop.crop(base, x0, y0, 8, 11, PAD);
            assertArrayEquals(want.labels(), out.labels(), "seed " + seed);
            assertArrayEquals(want.image(), out.image(), "seed " + seed);
            // and pixel by pixel: each label is the original label at the pixel's source index
            for (int y = 0; y < 11; y++) {
                for (int x = 0; x < 8; x++) {
                    float idx = out.pixel(0, x, y);
                    if (idx == PAD) {
                        assertEquals(255, out.label(x, y));
                    } else {
                        assertEquals(s.labels()[(int) idx] & 0xFF, out.label(x, y));
                        assertEquals(out.pixel(1, x, y), out.label(x, y));
                    }
                }
            }
        }
        assertTrue(seenOrigins.size() > 5, "crops vary with the seed: " + seenOrigins);
        assertTrue(seenOrigins.stream().anyMatch(o -> o.endsWith("true")) && seenOrigins.stream().anyMatch(o -> o.endsWith("false")));
    }

    @Test
    void sameSeedSameSampleDifferentSeedDifferent() {
        TrainingSample s = indexed(20, 15, 5);
        Augmentation aug = Augmentation.viewal(16, 12, 1.0, 0.05);
        TrainingSample a = aug.apply(s, new SplittableRandom(42));
        TrainingSample b = aug.apply(s, new SplittableRandom(42));
        assertArrayEquals(a.image(), b.image());
        assertArrayEquals(a.labels(), b.labels());
        TrainingSample c = aug.apply(s, new SplittableRandom(43));
        assertFalse(Arrays.equals(a.image(), c.image()));
        // blur and noise never touch labels: labels still follow the geometric transform
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                assertTrue(a.label(x, y) < 40);
            }
        }
    }

    @Test
    void blurMatchesTheSampledKernelAndKeepsConstants() {
        float[] impulse = new float[11];
        impulse[5] = 1f;
        float[] out = RandomGaussianBlur.blur(impulse, 1, 11, 1, 1.0);
        double z = 1 + 2 * (Math.exp(-0.5) + Math.exp(-2) + Math.exp(-4.5));
        assertEquals(1 / z, out[5], 1e-6);
        assertEquals(Math.exp(-0.5) / z, out[4], 1e-6);
        assertEquals(Math.exp(-0.5) / z, out[6], 1e-6);
        assertEquals(Math.exp(-4.5) / z, out[2], 1e-6);
        assertEquals(0f, out[1]);
        float[] flat = new float[2 * 5 * 7];
        Arrays.fill(flat, 0.75f);
        for (float v : RandomGaussianBlur.blur(flat, 2, 7, 5, 0.8)) {
            assertEquals(0.75f, v, 1e-6);
        }
        assertArrayEquals(impulse, RandomGaussianBlur.blur(impulse, 1, 11, 1, 0.01));
        TrainingSample s = indexed(9, 7, 1);
        TrainingSample b = new RandomGaussianBlur(1.0, 1.0).apply(s, new SplittableRandom(3));
        assertSame(s.labels(), b.labels());
        assertFalse(Arrays.equals(s.image(), b.image()), "p = 1 blurs");
        // a symmetric kernel keeps a linear ramp away from the border (channel 0 is y * 9 + x)
        assertEquals(s.pixel(0, 4, 3), b.pixel(0, 4, 3), 1e-4);
    }

    @Test
    void noiseHasTheRequestedSpread() {
        int w = 100;
        int h = 100;
        TrainingSample s = new TrainingSample(1, w, h, new float[w * h], new byte[w * h]);
        TrainingSample n = new GaussianNoise(1.0, 0.2).apply(s, new SplittableRandom(9));
        double sum = 0;
        double sq = 0;
        for (float v : n.image()) {
            sum += v;
            sq += v * v;
        }
        double mean = sum / (w * h);
        double sd = Math.sqrt(sq / (w * h) - mean * mean);
        assertEquals(0, mean, 0.01);
        assertEquals(0.2, sd, 0.01);
        assertSame(s.labels(), n.labels());
        assertSame(s, new GaussianNoise(0.0, 0.2).apply(s, new SplittableRandom(9)));
    }

    @Test
    void imagenetNormalisationOfAFrame() {
        int w = 2;
        int h = 1;
        byte[] rgb = {(byte) 255, 0, (byte) 128, 10, 20, 30};
        byte[] labels = {3, (byte) 255};
        Frame f = new Frame("scene0000_00_000000", "scene0000_00", w, h, rgb, new float[2], new Intrinsics(1, 1, 0, 0),
                Pose.identity(), labels, null);
        TrainingSample s = ImageNormalization.IMAGENET.sample(f);
        assertEquals((1 - 0.485) / 0.229, s.pixel(0, 0, 0), 1e-5);
        assertEquals((0 - 0.456) / 0.224, s.pixel(1, 0, 0), 1e-5);
        assertEquals((128 / 255.0 - 0.406) / 0.225, s.pixel(2, 0, 0), 1e-5);
        assertEquals((20 / 255.0 - 0.456) / 0.224, s.pixel(1, 1, 0), 1e-5);
        assertEquals(3, s.label(0, 0));
        assertEquals(255, s.label(1, 0));
        Frame unlabelled = new Frame("scene0000_00_000001", "scene0000_00", w, h, rgb, new float[2], new Intrinsics(1, 1, 0, 0),
                Pose.identity(), null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageNormalization.IMAGENET.sample(unlabelled));
        assertTrue(e.getMessage().contains("scene0000_00_000001"));
    }

    @Test
    void badSamplesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TrainingSample(3, 2, 2, new float[11], new byte[4]));
        assertThrows(IllegalArgumentException.class, () -> new TrainingSample(3, 2, 2, new float[12], new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(0, 4));
    }
}
