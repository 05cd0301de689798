package org.activeseg.data.scannet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.activeseg.geometry.Intrinsics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneInfoTest {
    @TempDir
    Path dir;

    static final String SCANNET = """
            m_versionNumber = 4
            m_sensorName = StructureSensor
            m_colorWidth = 1296
            m_colorHeight = 968
            m_depthWidth = 640
            m_depthHeight = 480
            m_depthShift = 1000
            m_calibrationColorIntrinsic = 1170.19 0 647.75 0 0 1170.19 483.75 0 0 0 1 0 0 0 0 1\s
            m_calibrationColorExtrinsic = 1 0 0 0 0 1 0 0 0 0 1 0 0 0 0 1\s
            m_calibrationDepthIntrinsic = 577.871 0 319.5 0 0 577.871 239.5 0 0 0 1 0 0 0 0 1\s
            m_calibrationDepthExtrinsic = 1 0 0 0 0 1 0 0 0 0 1 0 0 0 0 1\s
            m_frames.size = 1041
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void parsesScanNetInfo() throws IOException {
        SceneInfo info = SceneInfo.read(write("scene.txt", SCANNET));
        assertEquals(1296, info.colorWidth());
        assertEquals(968, info.colorHeight());
        assertEquals(640, info.depthWidth());
        assertEquals(480, info.depthHeight());
        assertEquals(1000, info.depthShift());
        assertEquals(1041, info.frameCount());
        assertEquals(new Intrinsics(577.871, 577.871, 319.5, 239.5), info.depthIntrinsics());
        assertEquals(new Intrinsics(1170.19, 1170.19, 647.75, 483.75), info.colorIntrinsics());
        assertEquals(1170.19, info.colorIntrinsicMatrix()[0]);
        assertEquals("StructureSensor", info.entries().get("m_sensorName"));
        assertEquals(List.of("m_versionNumber", "m_sensorName"), info.entries().keySet().stream().limit(2).toList());
    }

    @Test
    void writeReadRoundTripKeepsUnknownKeysAndOrder() throws IOException {
        SceneInfo info = SceneInfo.read(write("a.txt", "m_custom = hello world\n" + SCANNET));
        Path out = dir.resolve("out/b.txt");
        info.write(out);
        SceneInfo back = SceneInfo.read(out);
        assertEquals(info.entries(), back.entries());
        assertEquals(List.copyOf(info.entries().keySet()), List.copyOf(back.entries().keySet()));
        assertEquals("hello world", back.entries().get("m_custom"));
    }

    @Test
    void ofBuildsAReadableInfoForSameSizeDepth() throws IOException {
        Intrinsics k = new Intrinsics(288.9355, 288.9355, 159.75, 119.75);
        SceneInfo info = SceneInfo.of(320, 240, k, 1000, 7);
        Path p = dir.resolve("of.txt");
        info.write(p);
        String text = Files.readString(p);
        assertTrue(text.contains("m_depthShift = 1000\n"), text);
        SceneInfo back = SceneInfo.read(p);
        assertEquals(k, back.depthIntrinsics());
        assertEquals(320, back.depthWidth());
        assertEquals(240, back.colorHeight());
        assertEquals(7, back.frameCount());
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, back.depthExtrinsicMatrix());
        assertEquals(-1, SceneInfo.of(4, 4, k, 1000, -1).frameCount());
    }

    @Test
    void missingKeyOrBadNumberNamesFileAndKey() throws IOException {
        String[][] cases = {
            {SCANNET.replace("m_depthShift = 1000\n", ""), "m_depthShift"},
            {SCANNET.replace("m_depthWidth = 640", "m_depthWidth = 6x0"), "m_depthWidth"},
            {SCANNET.replace("m_depthWidth = 640", "m_depthWidth = 0"), "m_depthWidth"},
            {SCANNET.replace("577.871 0 319.5", "577.871 zero 319.5"), "m_calibrationDepthIntrinsic"},
            {SCANNET.replace("577.871 0 319.5 0", "577.871 0 319.5"), "m_calibrationDepthIntrinsic"},
            {SCANNET.replace("577.871 0 319.5", "nan 0 319.5"), "m_calibrationDepthIntrinsic"},
            {SCANNET.replace("577.871 0 319.5", "-577.871 0 319.5"), "m_calibrationDepthIntrinsic"},
            {SCANNET.replace("m_depthShift = 1000", "m_depthShift = -1"), "m_depthShift"},
            {SCANNET.replace("m_frames.size = 1041", "m_frames.size = many"), "m_frames.size"},
            {SCANNET + "m_depthShift = 1000\n", "m_depthShift"},
            {SCANNET + "no equals sign here\n", "line 13"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path p = write("bad" + i + ".txt", cases[i][0]);
            IOException e = assertThrows(IOException.class, () -> SceneInfo.read(p), cases[i][1]);
            assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains(cases[i][1]), e.getMessage());
        }
        Path missing = dir.resolve("nope.txt");
        IOException e = assertThrows(NoSuchFileException.class, () -> SceneInfo.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()));
    }
}
