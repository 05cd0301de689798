package org.activeseg.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.activeseg.data.DatasetLayout;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.junit.jupiter.api.Test;

/** Bad settings are refused with the setting named; the split rule for few and many scenes. */
class SyntheticConfigTest {

    @Test
    void badSettingsNameTheSetting() {
        SyntheticConfig d = SyntheticConfig.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withScenes(0, 5)).getMessage().contains("scenes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withScenes(2, 0)).getMessage().contains("framesPerScene"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withSize(4, 100)).getMessage().contains("size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withFov(179)).getMessage().contains("field of view"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withFov(Double.NaN)).getMessage().contains("field of view"));
        assertThrows(NullPointerException.class, () -> d.withNoise(null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SensorNoise(-1, 0, 0, 0, 0, 0, 0)).getMessage()
                .contains("depthSigmaPerSquareMetre"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SensorNoise(0, 0, 1.0, 0, 0, 0, 0)).getMessage()
                .contains("grazingCosine"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SensorNoise(0, 0, 0, 0, Double.NaN, 0, 0)).getMessage()
                .contains("poseRotationDegrees"));
    }

    @Test
    void sceneIndexOutOfRangeIsRefused() {
        SyntheticGenerator g = new SyntheticGenerator(SyntheticConfig.defaults());
        assertThrows(IndexOutOfBoundsException.class, () -> g.renderScene(4));
        assertThrows(IndexOutOfBoundsException.class, () -> g.renderPoses(-1));
    }

    @Test
    void depthBeyondTheSixteenBitRangeIsAnError() {
        assertEquals(65.535f, FrameRenderer.millimetres(65.5354, "f", 0, 0), 0f);
        assertEquals(0f, FrameRenderer.millimetres(0.0004, "f", 0, 0), 0f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FrameRenderer.millimetres(65.5356, "synth0000_00_000003", 7, 9));
        assertTrue(e.getMessage().contains("synth0000_00_000003") && e.getMessage().contains("x=7"), e.getMessage());
    }

    private static List<Scene> scenes(int n, int frames) {
        List<Scene> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            List<String> ids = new ArrayList<>();
            for (int f = 0; f < frames; f++) {
                ids.add(DatasetLayout.frameId("s" + s, f));
            }
            out.add(new Scene("s" + s, ids));
        }
        return out;
    }

    @Test
    void manyScenesSplitByScene() {
        Splits s = SyntheticGenerator.splits(scenes(10, 3));
        assertEquals(18, s.train().size());
        assertEquals(List.of("s6_000000", "s6_000001", "s6_000002", "s7_000000", "s7_000001", "s7_000002"), s.val());
        assertEquals("s8_000000", s.test().getFirst());
        assertEquals(6, s.test().size());
        assertEquals(6, s.seed().size());
        Splits three = SyntheticGenerator.splits(scenes(3, 2));
        assertEquals(List.of("s0_000000", "s0_000001"), three.train());
        assertEquals(List.of("s1_000000", "s1_000001"), three.val());
        assertEquals(List.of("s2_000000", "s2_000001"), three.test());
        assertEquals(List.of("s0_000000"), three.seed());
    }

    @Test
    void fewScenesSplitByFramePosition() {
        Splits one = SyntheticGenerator.splits(scenes(1, 10));
        assertEquals(6, one.train().size());
        assertEquals(List.of("s0_000006", "s0_000007"), one.val());
        assertEquals(List.of("s0_000008", "s0_000009"), one.test());
        assertEquals(List.of("s0_000000"), one.seed());
        Splits two = SyntheticGenerator.splits(scenes(2, 2));
        assertEquals(4, two.train().size());
        assertTrue(two.val().isEmpty() && two.test().isEmpty());
        assertEquals(List.of("s0_000000", "s1_000000"), two.seed());
    }
}
