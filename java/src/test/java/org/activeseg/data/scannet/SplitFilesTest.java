package org.activeseg.data.scannet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.activeseg.data.DatasetLayout;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitFilesTest {
    @TempDir
    Path dir;

    static Scene scene(String id, int frames) {
        return new Scene(id, IntStream.range(0, frames).mapToObj(i -> DatasetLayout.frameId(id, i * 10)).toList());
    }

    static String f(String scene, int pos) {
        return DatasetLayout.frameId(scene, pos * 10);
    }

    @Test
    void oneSceneSplitsFramesByPosition() {
        Splits s = SplitFiles.defaults(List.of(scene("s0", 10)));
        assertEquals(List.of(f("s0", 2), f("s0", 7)), s.test());
        assertEquals(List.of(f("s0", 4), f("s0", 9)), s.val());
        assertEquals(List.of(f("s0", 0), f("s0", 1), f("s0", 3), f("s0", 5), f("s0", 6), f("s0", 8)), s.train());
        assertEquals(List.of(f("s0", 0)), s.seed());
    }

    @Test
    void twoScenesSplitEachSceneByPosition() {
        Splits s = SplitFiles.defaults(List.of(scene("a", 3), scene("b", 5)));
        assertEquals(List.of(f("a", 2), f("b", 2)), s.test());
        assertEquals(List.of(f("b", 4)), s.val());
        assertEquals(List.of(f("a", 0), f("a", 1), f("b", 0), f("b", 1), f("b", 3)), s.train());
        assertEquals(List.of(f("a", 0), f("b", 0)), s.seed());
    }

    @Test
    void threeOrMoreScenesSplitByScene() {
        int[][] expect = {{3, 1, 1, 1}, {4, 2, 1, 1}, {5, 3, 1, 1}, {10, 6, 2, 2}, {12, 8, 2, 2}, {13, 7, 3, 3}};
        for (int[] e : expect) {
            List<Scene> scenes = new ArrayList<>();
            for (int i = e[0] - 1; i >= 0; i--) {  // given in reverse: the split sorts scene ids
                scenes.add(scene(String.format("scene%02d", i), 2));
            }
            Splits s = SplitFiles.defaults(scenes);
            assertEquals(2 * e[1], s.train().size(), "train frames for " + e[0] + " scenes");
            assertEquals(2 * e[2], s.val().size(), "val frames for " + e[0] + " scenes");
            assertEquals(2 * e[3], s.test().size(), "test frames for " + e[0] + " scenes");
            assertTrue(s.train().contains(f("scene00", 0)), "lowest scene ids train");
            assertTrue(s.test().contains(f(String.format("scene%02d", e[0] - 1), 1)), "highest scene ids test");
            assertEquals(e[1], s.seed().size());
            Set<String> all = new HashSet<>(s.train());
            all.addAll(s.val());
            all.addAll(s.test());
            assertEquals(2 * e[0], all.size(), "every frame in exactly one split");
            assertTrue(s.train().containsAll(s.seed()));
        }
    }

    private DatasetLayout layoutWith(String... nameAndText) throws IOException {
        return layoutIn(dir, nameAndText);
    }

    private static DatasetLayout layoutIn(Path root, String... nameAndText) throws IOException {
        DatasetLayout layout = new DatasetLayout(root);
        Files.createDirectories(layout.splitsDir());
        for (int i = 0; i < nameAndText.length; i += 2) {
            Files.writeString(layout.split(nameAndText[i]), nameAndText[i + 1]);
        }
        return layout;
    }

    @Test
    void readsFramesAndScenesIgnoringCommentsInDatasetOrder() throws IOException {
        List<Scene> scenes = List.of(scene("a", 3), scene("b", 2));
        DatasetLayout layout = layoutWith(
                "train", "# training frames\n" + f("a", 2) + "\n\n" + f("a", 0) + "  # first\n" + f("a", 0) + "\n",
                "test", "b\n",
                "seed", f("a", 2) + "\n");
        Splits s = SplitFiles.read(layout, scenes);
        assertEquals(List.of(f("a", 0), f("a", 2)), s.train());
        assertEquals(List.of(), s.val());
        assertEquals(List.of(f("b", 0), f("b", 1)), s.test());
        assertEquals(List.of(f("a", 2)), s.seed());
    }

    @Test
    void missingSeedFileGivesDefaultSeed() throws IOException {
        List<Scene> scenes = List.of(scene("a", 3), scene("b", 2));
        Splits s = SplitFiles.read(layoutWith("train", f("a", 1) + "\n" + f("a", 2) + "\n" + f("b", 1) + "\n"), scenes);
        assertEquals(List.of(f("a", 1), f("b", 1)), s.seed());
    }

    @Test
    void noSplitFilesGivesDefaults() throws IOException {
        List<Scene> scenes = List.of(scene("a", 10));
        assertEquals(SplitFiles.defaults(scenes), SplitFiles.read(new DatasetLayout(dir), scenes));
    }

    @Test
    void writeReadRoundTrip() throws IOException {
        List<Scene> scenes = List.of(scene("a", 4), scene("b", 3));
        Splits s = new Splits(List.of(f("a", 0), f("a", 3), f("b", 1)), List.of(f("b", 0)), List.of(f("a", 1)),
                List.of(f("a", 3)));
        SplitFiles.write(new DatasetLayout(dir).splitsDir(), s);
        assertEquals(s, SplitFiles.read(new DatasetLayout(dir), scenes));
    }

    @Test
    void badSplitFilesNameFileAndId() throws IOException {
        List<Scene> scenes = List.of(scene("a", 3));
        String[][] cases = {
            {"train", f("a", 0) + "\nscene_nope_000001\n", "train.txt", "scene_nope_000001"},
            {"seed", f("a", 1) + "\n", "seed.txt", f("a", 1)},
            {"test", f("a", 0) + "\n", "test.txt", f("a", 0)},
        };
        String train = f("a", 0) + "\n" + f("a", 2) + "\n";
        for (int i = 0; i < cases.length; i++) {
            String[] c = cases[i];
            Path root = dir.resolve("case" + i);
            DatasetLayout layout = c[0].equals("train") ? layoutIn(root, "train", c[1])
                    : layoutIn(root, "train", train, c[0], c[1]);
            IOException e = assertThrows(IOException.class, () -> SplitFiles.read(layout, scenes), c[2]);
            assertTrue(e.getMessage().contains(layout.split(c[0]).toString()) && e.getMessage().contains(c[3]),
                    e.getMessage());
        }
        layoutWith("val", f("a", 1) + "\n");
        IOException e = assertThrows(IOException.class, () -> SplitFiles.read(new DatasetLayout(dir), scenes));
        assertTrue(e.getMessage().contains("train.txt"), e.getMessage());
    }

    @Test
    void aListedFrameWithoutItsColourImageIsNamedAsSuch() throws IOException {
        // Frames are the images of color/: a frame whose colour image is missing is not in the dataset, but its other
        // files are, and the error says so instead of "unknown frame".
        List<Scene> scenes = List.of(scene("a", 2));
        String lost = f("a", 2);
        DatasetLayout layout = layoutWith("train", f("a", 0) + "\n" + lost + "\n");
        Files.createDirectories(layout.depthDir());
        Files.createDirectories(layout.poseDir());
        Files.writeString(layout.depth(lost), "");
        Files.writeString(layout.pose(lost), "");
        IOException e = assertThrows(IOException.class, () -> SplitFiles.read(layout, scenes));
        assertEquals("frame " + lost + " has no colour image (" + layout.colorDir().resolve(lost + ".jpg") + " or .png is"
                + " missing; depth/" + lost + ".pgm, pose/" + lost + ".txt exist), and " + layout.split("train")
                + " line 2 lists it", e.getMessage());
    }
}
