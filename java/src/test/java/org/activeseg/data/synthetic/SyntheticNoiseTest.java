package org.activeseg.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.activeseg.data.Frame;
import org.activeseg.geometry.Pose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each sensor-noise knob does what it says, and leaves labels and the rendering geometry alone. */
class SyntheticNoiseTest {
    private static final SyntheticConfig BASE = SyntheticConfig.defaults().withScenes(1, 8).withSeed(3);
    private static List<Frame> clean;

    @BeforeAll
    static void renderClean() {
        clean = new SyntheticGenerator(BASE).renderScene(0);
    }

    private static List<Frame> render(SensorNoise noise) {
        return new SyntheticGenerator(BASE.withNoise(noise)).renderScene(0);
    }

    @Test
    void kinectLikeNoiseMakesHolesAndKeepsLabels() {
        List<Frame> noisy = render(SensorNoise.kinectLike());
        long zeros = 0, pixels = 0;
        for (int i = 0; i < noisy.size(); i++) {
            Frame f = noisy.get(i);
            assertArrayEquals(clean.get(i).labels(), f.labels(), f.id() + " labels must not change");
            assertFalse(java.util.Arrays.equals(clean.get(i).rgb(), f.rgb()), f.id() + " colour noise");
            for (float d : f.depth()) {
                zeros += d == 0 ? 1 : 0;
            }
            pixels += f.pixels();
        }
        assertTrue(zeros > 0.002 * pixels && zeros < 0.5 * pixels, "hole fraction " + (double) zeros / pixels);
    }

    @Test
    void holeBlobsAloneInvalidateSomeDepthAndChangeNothingElse() {
        List<Frame> noisy = render(new SensorNoise(0, 3, 0, 0, 0, 0, 0));
        long holes = 0;
        for (int i = 0; i < noisy.size(); i++) {
            Frame f = noisy.get(i), c = clean.get(i);
            assertArrayEquals(c.rgb(), f.rgb());
            assertEquals(c.pose(), f.pose());
            for (int p = 0; p < f.pixels(); p++) {
                if (f.depth()[p] == 0) {
                    holes++;
                } else {
                    assertEquals(c.depth()[p], f.depth()[p], 0f);
                }
            }
        }
        assertTrue(holes > 0, "no holes");
    }

    @Test
    void depthNoiseGrowsWithTheSquareOfDepth() {
        double k = 0.003;
        List<Frame> noisy = render(new SensorNoise(k, 0, 0, 0, 0, 0, 0));
        double sum2 = 0;
        long n = 0;
        for (int i = 0; i < noisy.size(); i++) {
            float[] a = clean.get(i).depth(), b = noisy.get(i).depth();
            for (int p = 0; p < a.length; p++) {
                if (a[p] > 2.5) {    // sigma >= 19 mm: millimetre rounding is negligible
                    double z = (b[p] - a[p]) / (k * a[p] * a[p]);
                    sum2 += z * z;
                    n++;
                }
            }
        }
        assertTrue(n > 1000, "too few far pixels: " + n);
        double sd = Math.sqrt(sum2 / n);
        assertEquals(1.0, sd, 0.1, "normalised depth noise sd");
    }

    @Test
    void grazingAndRangeLimitsInvalidateDepth() {
        List<Frame> far = render(new SensorNoise(0, 0, 0, 2.0, 0, 0, 0));
        List<Frame> grazing = render(new SensorNoise(0, 0, 0.3, 0, 0, 0, 0));
        long cut = 0, grazed = 0;
        for (int i = 0; i < far.size(); i++) {
            for (int p = 0; p < far.get(i).pixels(); p++) {
                float c = clean.get(i).depth()[p], f = far.get(i).depth()[p], g = grazing.get(i).depth()[p];
                if (c < 1.9995f || c > 2.0005f) {   // the cut applies to the exact depth, before millimetre rounding
                    assertEquals(c > 2.0005f ? 0f : c, f, 0f, "pixel " + p);
                }
                cut += f == 0 ? 1 : 0;
                grazed += g == 0 ? 1 : 0;
                assertTrue(g == 0 || g == c);
            }
        }
        assertTrue(cut > 0 && grazed > 0, "cut " + cut + " grazed " + grazed);
    }

    @Test
    void poseJitterMovesTheStoredPoseRigidly() {
        SensorNoise noise = new SensorNoise(0, 0, 0, 0, 1.0, 0.02, 0);
        List<Frame> noisy = render(noise);
        List<Pose> renderPoses = new SyntheticGenerator(BASE.withNoise(noise)).renderPoses(0);
        for (int i = 0; i < noisy.size(); i++) {
            Frame f = noisy.get(i);
            assertEquals(clean.get(i).pose(), renderPoses.get(i), "render poses are the clean poses");
            assertArrayEquals(clean.get(i).depth(), f.depth(), "depth is rendered from the clean pose");
            assertNotEquals(renderPoses.get(i), f.pose(), f.id());
            double[] m = f.pose().matrix(), r = renderPoses.get(i).matrix();
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    double dot = 0;
                    for (int q = 0; q < 3; q++) {
                        dot += m[q * 4 + a] * m[q * 4 + b];
                    }
                    assertEquals(a == b ? 1 : 0, dot, 1e-12, f.id() + " rotation not orthonormal");
                }
            }
            double move = Math.sqrt(sq(m[3] - r[3]) + sq(m[7] - r[7]) + sq(m[11] - r[11]));
            assertTrue(move > 0 && move < 0.15, f.id() + " moved " + move + " m");
            double trace = 0;   // angle between the rotations: trace(Ra^T Rb) = 1 + 2 cos(angle)
            for (int a = 0; a < 3; a++) {
                for (int q = 0; q < 3; q++) {
                    trace += r[q * 4 + a] * m[q * 4 + a];
                }
            }
            double angle = Math.toDegrees(Math.acos(Math.min(1, (trace - 1) / 2)));
            assertTrue(angle < 6, f.id() + " turned " + angle + " degrees");
        }
    }

    private static double sq(double x) {
        return x * x;
    }
}
