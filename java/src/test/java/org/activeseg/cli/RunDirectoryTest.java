package org.activeseg.cli;

import static org.activeseg.cli.RunCommandTest.TINY;
import static org.activeseg.cli.RunCommandTest.args;
import static org.activeseg.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.activeseg.cli.RunCommandTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code run} may do to a directory: it writes only into a new or empty directory (or an
 * existing run with --resume), and a start that fails before its run exists leaves the disk as it
 * found it: no lock file, no state database, no directory it created.
 */
@Timeout(300)
class RunDirectoryTest {
    @TempDir
    Path tmp;

    private static List<String> with(List<String> base, String option, String value) {
        List<String> a = new ArrayList<>(base);
        int i = a.indexOf(option);
        if (i >= 0) {
            a.set(i + 1, value);
        } else {
            a.addAll(List.of(option, value));
        }
        return a;
    }

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aNonEmptyDirectoryThatIsNotARunIsRefusedAndLeftUntouched() throws Exception {
        Path data = tmp.resolve("some-dataset");
        Files.createDirectories(data.resolve("color"));
        Files.writeString(data.resolve("notes.txt"), "mine\n");
        List<String> before = tree(data);
        Result r = cli(args("--out", data, TINY));
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("--out " + data.toAbsolutePath() + " is not empty and holds no run (it has color,"
                + " notes.txt): give a new or empty directory"), r.err());
        assertEquals(before, tree(data));

        Files.writeString(tmp.resolve("file"), "x");
        Result file = cli(args("--out", tmp.resolve("file"), TINY));
        assertEquals(1, file.exit());
        assertTrue(file.err().contains("is a file, not a directory"), file.err());
    }

    @Test
    void aBudgetThePoolCannotHoldIsRefusedBeforeAnyWork() throws Exception {
        Path dir = tmp.resolve("huge");
        Result huge = cli(args("--out", dir, with(TINY, "--budget", "99999999")));
        assertEquals(1, huge.exit(), huge.out());
        assertTrue(huge.err().contains("--budget 99999999 is 99999999 pixels per round, more than the"), huge.err());
        assertFalse(Files.exists(dir), "nothing is generated, trained or written");

        // Per round it fits, over the rounds it does not: 10 % seed set + 3 x 40 % > 100 %.
        Result rounds = cli(args("--out", dir, with(with(TINY, "--budget", "40%"), "--rounds", "3")));
        assertEquals(1, rounds.exit(), rounds.out());
        assertTrue(rounds.err().contains("x --rounds 3 = "), rounds.err());
        assertTrue(rounds.err().contains("lower --budget or --rounds"), rounds.err());
        assertFalse(Files.exists(dir));

        Result all = cli(args("--out", dir, with(TINY, "--initial", "1")));
        assertEquals(1, all.exit());
        assertTrue(all.err().contains("labels all 8 training frames, so no pool is left for --rounds 2"), all.err());
        assertFalse(Files.exists(dir));

        // The same on a dataset on disk (sizes from its image headers), and a holdout that leaves nothing.
        Path data = tmp.resolve("data");
        assertEquals(0, cli("generate", "--out", data.toString(), "--scenes", "3", "--frames", "3", "--size", "64x48")
                .exit());
        Result onDisk = cli(args("--out", dir, List.of("--dataset", data.toString(), "--budget", "99999999",
                "--backend", "java")));
        assertEquals(1, onDisk.exit());
        assertTrue(onDisk.err().contains("more than the"), onDisk.err());
        assertFalse(Files.exists(dir));
    }

    @Test
    void failedStartsLeaveNothingBehind() throws Exception {
        Path missing = tmp.resolve("missing");
        Result resumeMissing = cli("run", "--resume", missing.toString());
        assertEquals(1, resumeMissing.exit());
        assertTrue(resumeMissing.err().contains(missing.toAbsolutePath() + " holds no run to resume"), resumeMissing.err());
        assertFalse(Files.exists(missing), "--resume must not create the directory");

        Path notARun = Files.createDirectories(tmp.resolve("not-a-run"));
        assertEquals(1, cli("run", "--resume", notARun.toString()).exit());
        assertEquals(List.of(""), tree(notARun), "no .lock in a directory that holds no run");

        Path nested = tmp.resolve("a").resolve("b").resolve("run");
        Result unknown = cli(args("--out", nested, with(TINY, "--strategy", "entropy,magic")));
        assertEquals(1, unknown.exit());
        assertFalse(Files.exists(tmp.resolve("a")), "no directory of a failed start remains");

        // A dataset without ground truth fails the start: the empty --out directory stays empty.
        Path data = tmp.resolve("unlabelled");
        assertEquals(0, cli("generate", "--out", data.toString(), "--scenes", "3", "--frames", "2", "--size", "64x48")
                .exit());
        try (Stream<Path> labels = Files.list(data.resolve("label"))) {
            for (Path p : labels.toList()) {
                Files.delete(p);
            }
        }
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Result noLabels = cli(args("--out", empty, List.of("--dataset", data.toString(), "--backend", "java")));
        assertEquals(1, noLabels.exit());
        assertTrue(noLabels.err().contains("has no labels"), noLabels.err());
        assertEquals(List.of(""), tree(empty));
    }

    @Test
    void resumeRefusesOptionsThatWouldChangeTheRunAndAddsRoundsWhenAsked() throws Exception {
        List<String> oneRound = with(with(TINY, "--strategy", "random"), "--rounds", "1");
        Path extended = tmp.resolve("extended");
        assertEquals(0, cli(args("--out", extended, oneRound)).exit());

        Result budget = cli("run", "--resume", extended.toString(), "--budget", "5%", "--steps", "3", "--seed", "7");
        assertEquals(1, budget.exit(), budget.out());
        assertTrue(budget.err().contains("--budget (budget 5%, stored 2%), --steps (steps 3, stored 6) cannot change it"
                + " (only --rounds N, to add rounds); stored: {"), budget.err());
        assertTrue(budget.err().contains("\"budget\": \"2%\""), budget.err());
        Result fewer = cli("run", "--resume", extended.toString(), "--rounds", "0");
        assertEquals(1, fewer.exit());
        assertTrue(fewer.err().contains("--rounds 0 is fewer than the run's 1 rounds"), fewer.err());

        // Two rounds by extension end exactly where a two-round run ends; repeating the original options is fine.
        List<String> again = new ArrayList<>(List.of("run", "--resume", extended.toString()));
        again.addAll(with(oneRound, "--rounds", "2"));
        Result more = cli(again.toArray(String[]::new));
        assertEquals(0, more.exit(), more.err());
        Path direct = tmp.resolve("direct");
        assertEquals(0, cli(args("--out", direct, with(oneRound, "--rounds", "2"))).exit());
        RunCommandTest.assertSameState(direct, extended);
    }
}
