package org.activeseg.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path tmp;

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void writesTheFiveOutputsAndNoTemporaryFile() throws Exception {
        Path dir = tmp.resolve("out/nested");
        ReportWriter.write(SampleRuns.twoStrategies(), dir);
        assertEquals(new TreeSet<>(List.of("curves.png", "curves.svg", "report.html", "results.json", "rounds.csv")),
                names(dir));
        for (String f : names(dir)) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        Json.parse(Files.readString(dir.resolve("results.json")));
        CurvePlotTest.parse(Files.readString(dir.resolve("curves.svg")));
        assertTrue(Files.readString(dir.resolve("report.html")).startsWith("<!DOCTYPE html>"));
    }

    @Test
    void rewritingReplacesEachFileWhole() throws Exception {
        ReportWriter.write(SampleRuns.twoStrategies(), tmp);
        Files.writeString(tmp.resolve("rounds.csv"), "x".repeat(100_000));
        ReportWriter.write(SampleRuns.twoStrategies(), tmp);
        assertEquals(RoundsCsv.render(SampleRuns.twoStrategies()), Files.readString(tmp.resolve("rounds.csv")));
        assertEquals(5, names(tmp).size());
    }

    @Test
    void aFailedMoveLeavesNoTemporaryFileAndTheOldTarget() throws Exception {
        // a non-empty directory where the file should go: the rename fails after the temp file is written
        Path blocked = tmp.resolve("report.html");
        Files.createDirectories(blocked.resolve("inside"));
        assertThrows(IOException.class, () -> ReportWriter.writeAtomically(blocked, "new".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Set.of("report.html"), names(tmp));
        assertTrue(Files.isDirectory(blocked.resolve("inside")));

        assertThrows(IOException.class, () -> ReportWriter.write(SampleRuns.twoStrategies(), tmp));
        List<String> temps = new ArrayList<>();
        for (String n : names(tmp)) {
            if (n.endsWith(ReportWriter.TEMP_SUFFIX) || n.startsWith(".")) {
                temps.add(n);
            }
        }
        assertEquals(List.of(), temps);
    }

    @Test
    void writeAtomicallyReplacesContentExactly() throws Exception {
        Path f = tmp.resolve("a.bin");
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6});
        ReportWriter.writeAtomically(f, new byte[] {9});
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(f));
        assertEquals(Set.of("a.bin"), names(tmp));
    }

    @Test
    void invalidRecordsWriteNothing() {
        RunReport bad = new RunReport("t", SampleRuns.CLASSES, List.of(SampleRuns.record("a", 1, 0, 0.1, 0.3),
                SampleRuns.record("a", 1, 0, 0.1, 0.3)), 0.5, List.of(), Map.of());
        Path dir = tmp.resolve("never");
        assertThrows(IllegalArgumentException.class, () -> ReportWriter.write(bad, dir));
        assertFalse(Files.exists(dir), "rendering failed before any file or directory was made");
    }
}
