package org.activeseg.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.scannet.ScanNetReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic dataset written to disk reads back through the ScanNet reader exactly as generated. */
class SyntheticDatasetWriterTest {

    private static final SyntheticConfig SMALL = SyntheticConfig.defaults().withScenes(3, 3).withSize(160, 120).withSeed(5);

    @Test
    void writtenDatasetReadsBackExactly(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("synth");
        SyntheticDatasetWriter.Summary s = new SyntheticDatasetWriter(SMALL, -1).write(dir);
        assertEquals(9, s.frames());
        assertTrue(s.meanSuperpixels() >= 8, "SEEDS at 160x120 (ViewAL density gives 12): " + s.meanSuperpixels());

        SyntheticDataset mem = new SyntheticGenerator(SMALL).generate();
        Dataset disk = ScanNetReader.open(dir);
        assertEquals(mem.scenes(), disk.scenes());
        assertEquals(mem.splits(), disk.splits());
        for (Frame want : mem.frames()) {
            Frame got = disk.frame(want.id());
            assertEquals(want.width(), got.width());
            assertEquals(want.intrinsics(), got.intrinsics(), want.id());
            assertEquals(want.pose(), got.pose(), want.id());
            assertArrayEquals(want.depth(), got.depth(), want.id());
            assertArrayEquals(want.labels(), got.labels(), want.id());
            assertArrayEquals(want.rgb(), got.rgb(), want.id() + " (colour is lossless PNG)");
            assertTrue(got.hasSuperpixels(), want.id());
        }
    }

    @Test
    void noSuperpixelsWhenAskedAndNoPartialOutputOnError(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("plain");
        new SyntheticDatasetWriter(SMALL.withScenes(1, 2), 0).write(dir);
        Dataset disk = ScanNetReader.open(dir);
        assertFalse(disk.frame(disk.frameIds().get(0)).hasSuperpixels());

        Path busy = tmp.resolve("busy");
        Files.createDirectories(busy);
        Files.writeString(busy.resolve("keep.txt"), "user data");
        assertThrows(IOException.class, () -> new SyntheticDatasetWriter(SMALL.withScenes(1, 2), 0).write(busy));
        assertEquals("user data", Files.readString(busy.resolve("keep.txt")), "an existing dataset is never overwritten");
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDatasetWriter(SMALL, -2));
    }
}
