package org.activeseg.data.scannet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.activeseg.geometry.Pose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoseFileTest {
    @TempDir
    Path dir;

    static final String SAMPLE = """
            0.645842 -0.099101 0.757012 3.72995
            -0.761541 -0.0131481 0.647984 1.43245
            -0.0542625 -0.994991 -0.083961 1.73354
            0 0 0 1
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsScanNetPose() throws IOException {
        Pose p = PoseFile.read(write("a.txt", SAMPLE));
        assertEquals(0.645842, p.get(0, 0));
        assertEquals(3.72995, p.get(0, 3));
        assertEquals(-0.994991, p.get(2, 1));
        assertEquals(1.73354, p.centre()[2]);
    }

    @Test
    void commaSeparatedIsAccepted() throws IOException {
        Pose p = PoseFile.read(write("c.txt", SAMPLE.replace(' ', ',')));
        assertEquals(PoseFile.read(write("a.txt", SAMPLE)), p);
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        Random r = new Random(11);
        for (int i = 0; i < 20; i++) {
            Pose pose = TestScenes.randomPose(r);
            Path p = dir.resolve("p" + i + ".txt");
            PoseFile.write(p, pose);
            assertEquals(pose, PoseFile.read(p));
            assertEquals(4, Files.readAllLines(p).size());
        }
        PoseFile.write(dir.resolve("id.txt"), Pose.identity());
        assertEquals("1 0 0 0\n0 1 0 0\n0 0 1 0\n0 0 0 1\n", Files.readString(dir.resolve("id.txt")));
    }

    @Test
    void invalidPosesNameTheFile() throws IOException {
        String[][] cases = {
            {SAMPLE.replace("0.645842 -0.099101", "nan -0.099101"), "NaN"},
            {SAMPLE.replace("0.645842 -0.099101 0.757012 3.72995", "-inf -inf -inf -inf"), "-Infinity"},
            {SAMPLE.replace("0.645842", "1.645842"), "not rigid"},
            {SAMPLE.replace("0 0 0 1", "0 0 0.5 1"), "last row"},
            {SAMPLE.replace("0 0 0 1\n", ""), "12 values"},
            {SAMPLE + "1\n", "17 values"},
            {"", "0 values"},
            {SAMPLE.replace("3.72995", "3.7x"), "3.7x"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path p = write("bad" + i + ".txt", cases[i][0]);
            IOException e = assertThrows(IOException.class, () -> PoseFile.read(p), cases[i][1]);
            assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains(cases[i][1]), e.getMessage());
        }
    }
}
