package org.activeseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.activeseg.acquisition.Granularity;
import org.activeseg.loop.RunConfig;
import org.activeseg.loop.state.CheckpointRow;
import org.activeseg.loop.state.LabelledRegion;
import org.activeseg.loop.state.RoundMetrics;
import org.activeseg.loop.state.RoundRow;
import org.activeseg.loop.state.RunDatabase;
import org.activeseg.loop.state.Track;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code activeseg run}: a tiny run end to end, its invariants (budgets, monotone labelled sets,
 * the oracle's regions adding up), reproducibility, and a run killed with SIGKILL at random
 * moments and resumed until it finishes, which must end in exactly the state of an uninterrupted
 * run (timings aside).
 */
@Timeout(600)
class RunCommandTest {
    /** Small enough for seconds per run on two cores, big enough for every step kind to happen. */
    static final List<String> TINY = List.of("--scenes", "4", "--frames", "4", "--size", "64x48",
            "--strategy", "random,entropy,ripu-ra", "--rounds", "2", "--steps", "6", "--width", "8", "--batch", "4",
            "--mc-samples", "2", "--budget", "2%", "--backend", "java", "--seed", "7");

    static final int MAX_KILLS = 10;
    static final int MIN_KILLS = 3;

    @TempDir
    Path tmp;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process p : children) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    record Result(int exit, String out, String err) {}

    static Result cli(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static String[] args(String first, Path dir, List<String> rest) {
        List<String> a = new ArrayList<>(List.of("run", first, dir.toString()));
        a.addAll(rest);
        return a.toArray(String[]::new);
    }

    @Test
    void tinyRunRecordsEveryRoundWithinBudgetAndWritesTheReport() throws Exception {
        Path dir = tmp.resolve("run");
        Result r = cli(args("--out", dir, TINY));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("report: " + dir.toAbsolutePath().resolve("report.html")), r.out());
        for (String f : List.of("state.db", "rounds.csv", "results.json", "curves.png", "curves.svg", "report.html")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        try (RunDatabase db = RunDatabase.open(dir)) {
            RunConfig config = RunConfig.fromJson(db.configJson());
            assertEquals(List.of("random", "entropy", "ripu-ra"), config.strategies());
            List<RoundRow> rows = db.metrics();
            assertEquals(1 + 3 * 3, rows.size(), "full supervision + 3 strategies x rounds 0..2");
            long pool = rows.get(0).metrics().poolPixels();
            long budget = config.budgetPixels(pool);
            for (String s : config.strategies()) {
                List<RoundMetrics> m = rows.stream().filter(x -> x.strategy().equals(s)).map(RoundRow::metrics).toList();
                List<LabelledRegion> regions = db.track(new Track(s, 0)).regions();
                Map<String, BitSet> masks = db.track(new Track(s, 0)).labelledPixels();
                long maskPixels = masks.values().stream().mapToLong(BitSet::cardinality).sum();
                assertEquals(m.get(2).labelledPixels(), maskPixels, s);
                assertEquals(maskPixels, regions.stream().mapToLong(LabelledRegion::pixels).sum(),
                        s + ": the regions' pixels add up to the labelled set");
                for (int round = 1; round <= 2; round++) {
                    long added = m.get(round).labelledPixels() - m.get(round - 1).labelledPixels();
                    assertTrue(added > 0, s + " round " + round + " labels something");
                    final int rr = round;
                    boolean wholeFrames = regions.stream().filter(x -> x.round() == rr)
                            .allMatch(x -> x.kind() == Granularity.FRAME);
                    if (!wholeFrames) {
                        assertTrue(added <= budget, s + " round " + round + ": " + added + " px > budget " + budget);
                    }
                    assertTrue(m.get(round).miou() >= 0 && m.get(round).miou() <= 1);
                }
            }
            // The seed set is the same frames for every strategy with the same seed.
            assertEquals(db.track(new Track("random", 0)).regions().stream().filter(x -> x.round() == 0).toList(),
                    db.track(new Track("entropy", 0)).regions().stream().filter(x -> x.round() == 0).toList());
            assertEquals(1.0, rows.stream().filter(x -> x.strategy().equals(RunConfig.FULL)).findFirst().orElseThrow()
                    .metrics().labelledFraction());
            assertEquals(Granularity.WINDOW, db.track(new Track("ripu-ra", 0)).regions().stream()
                    .filter(x -> x.round() == 1).findFirst().orElseThrow().kind(), "RIPU-RA labels regions, not frames");
        }
        String csv = Files.readString(dir.resolve("rounds.csv"));
        assertEquals(1 + 9, csv.lines().count(), "a header and the strategies' rounds: " + csv);

        Result again = cli(args("--out", dir, TINY));
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("already holds a run; continue it with --resume"), again.err());

        Result report = cli("report", dir.toString());
        assertEquals(0, report.exit(), report.err());
    }

    @Test
    void killedAtRandomMomentsAndResumedEndsWhereAnUninterruptedRunEnds() throws Exception {
        assertKilledAndResumedEndsAsUninterrupted(TINY, 2026);
    }

    /**
     * TINY with random and entropy trained supervised, with RIPU's losses and with U2PL on the unlabelled
     * pixels, each round continuing the previous one's model (U2PL's teacher and bank with it).
     */
    static final List<String> TINY_SEMI = List.of("--scenes", "4", "--frames", "4", "--size", "64x48",
            "--strategy", "random,entropy", "--semi", "none,ripu,u2pl", "--continue-model", "--rounds", "2", "--steps", "6", "--width", "8", "--batch", "4",
            "--mc-samples", "2", "--budget", "2%", "--backend", "java", "--seed", "7");

    @Test
    void aSemiSupervisedRunKilledAndResumedEndsWhereAnUninterruptedRunEnds() throws Exception {
        assertKilledAndResumedEndsAsUninterrupted(TINY_SEMI, 2027);
        try (RunDatabase db = RunDatabase.open(tmp.resolve("reference"))) {
            assertEquals(List.of("none", "ripu", "u2pl"), RunConfig.fromJson(db.configJson()).semi());
            Track supervised = new Track("entropy", 0);
            Track semi = new Track("entropy+ripu", 0);
            Track u2pl = new Track("entropy+u2pl", 0);
            assertEquals(java.util.Set.of(new Track(RunConfig.FULL, 0), new Track("random", 0), new Track("random+ripu", 0),
                    new Track("random+u2pl", 0), supervised, semi, u2pl), java.util.Set.copyOf(db.tracks()));
            float[] emaBefore = null;
            float[] bankBefore = null;
            for (int round = 0; round <= 2; round++) {
                Path file = tmp.resolve("reference").resolve(db.track(u2pl).checkpoint(round).orElseThrow().path());
                float[] ema = org.activeseg.model.train.Checkpoint.read(file).tensor("u2pl.ema").data();
                assertEquals(1f, ema[1], "round " + round + ": the teacher took part");
                float[] bank = org.activeseg.model.train.Checkpoint.read(file).tensor("u2pl.bank.count").data();
                if (emaBefore != null) {
                    // each round's teacher restarts as its student (EMA steps count this round's only);
                    // the memory bank continues with the model
                    assertTrue(ema[0] >= 1 && ema[0] <= 6, "round " + round + ": EMA steps " + ema[0]
                            + " (at most the round's 6 steps; round before: " + emaBefore[0] + ")");
                    float before = 0;
                    float now = 0;
                    for (int k = 0; k < bank.length; k++) {
                        before += bankBefore[k];
                        now += bank[k];
                    }
                    assertTrue(now >= before, "round " + round + " continues the bank: " + before + " -> " + now + " keys");
                }
                emaBefore = ema;
                bankBefore = bank;
                assertNotEquals(db.track(semi).checkpoint(round).orElseThrow().sha256(),
                        db.track(u2pl).checkpoint(round).orElseThrow().sha256());
            }
            assertEquals("entropy", semi.method());
            assertEquals("ripu", semi.semi());
            assertEquals(db.track(supervised).regions().stream().filter(r -> r.round() == 0).toList(),
                    db.track(semi).regions().stream().filter(r -> r.round() == 0).toList(), "the same seed set");
            for (int round = 0; round <= 2; round++) {
                assertNotEquals(db.track(supervised).checkpoint(round).orElseThrow().sha256(),
                        db.track(semi).checkpoint(round).orElseThrow().sha256(),
                        "round " + round + ": the semi-supervised model is its own, not the supervised one");
            }
        }
        Result changed = cli(args("--resume", tmp.resolve("reference"), List.of("--semi", "ripu")));
        assertEquals(1, changed.exit());
        assertTrue(changed.err().contains("--semi (semi [ripu], stored [none, ripu, u2pl])"), changed.err());
    }

    private void assertKilledAndResumedEndsAsUninterrupted(List<String> options, long seed) throws Exception {
        Path reference = tmp.resolve("reference");
        long started = System.nanoTime();
        Process whole = child(args("--out", reference, options));
        assertTrue(whole.waitFor(300, TimeUnit.SECONDS), "uninterrupted run timed out");
        long wholeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(0, whole.exitValue(), stderr(whole));

        // A resumed start has less left to do than the first, so a random delay may outlast it and a sequence may end
        // with fewer than MIN_KILLS kills. Such a sequence is still compared with the reference, then a new one starts
        // afresh in its own directory with delays half as long.
        SplittableRandom rng = new SplittableRandom(seed);
        int kills = 0;
        for (int attempt = 0; attempt < 3 && kills < MIN_KILLS; attempt++) {
            Path killed = tmp.resolve("killed-" + attempt);
            long bound = Math.clamp(wholeMillis / (2L << attempt), 600, 3600);
            kills = killAndResume(killed, options, rng, bound);
            System.out.printf("kill sequence %d: %d kills, delays 400-%d ms, uninterrupted run %d ms%n",
                    attempt, kills, 400 + bound, wholeMillis);
            assertSameState(reference, killed);
        }
        assertTrue(kills >= MIN_KILLS, "only " + kills + " kills in the last of 3 sequences: the test did not interrupt the run");
    }

    /**
     * Starts the run into {@code killed} and kills it after a random 0.4 s to 0.4 s + {@code bound} (JVM start-up,
     * dataset generation, database creation, labelling, training, checkpoint writes and evaluation all take part of
     * that window), up to MAX_KILLS times; the start after that runs to the end. Returns the number of kills.
     */
    private int killAndResume(Path killed, List<String> options, SplittableRandom rng, long bound) throws Exception {
        int kills = 0;
        while (true) {
            // The first start may be killed before its database exists; it is then started afresh with --out.
            boolean resume = Files.exists(killed.resolve(RunDatabase.FILE_NAME));
            Process p = child(args(resume ? "--resume" : "--out", killed, options));
            long delay = kills < MAX_KILLS ? 400 + rng.nextLong(bound) : TimeUnit.SECONDS.toMillis(300);
            if (p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                assertEquals(0, p.exitValue(), "start " + (kills + 1) + " failed: " + stderr(p));
                return kills;
            }
            assertTrue(kills < MAX_KILLS, "the last start did not finish in 300 s");
            p.destroyForcibly().waitFor();
            kills++;
        }
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnotherSeedSet() throws Exception {
        List<String> small = new ArrayList<>(TINY);
        small.set(small.indexOf("random,entropy,ripu-ra"), "random");
        small.set(small.indexOf("--rounds") + 1, "1");
        assertEquals(0, cli(args("--out", tmp.resolve("a"), small)).exit());
        assertEquals(0, cli(args("--out", tmp.resolve("b"), small)).exit());
        assertSameState(tmp.resolve("a"), tmp.resolve("b"));
    }

    @Test
    void aSharedRoundZeroModelIsTheOneTheTrackWouldHaveTrained() throws Exception {
        List<String> alone = new ArrayList<>(TINY);
        alone.set(alone.indexOf("random,entropy,ripu-ra"), "entropy");
        alone.set(alone.indexOf("--rounds") + 1, "0");
        alone.add("--no-full");
        List<String> shared = new ArrayList<>(alone);
        shared.set(shared.indexOf("entropy"), "random,entropy,learning-loss");
        assertEquals(0, cli(args("--out", tmp.resolve("alone"), alone)).exit());
        Result r = cli(args("--out", tmp.resolve("shared"), shared));
        assertEquals(0, r.exit(), r.err());
        try (RunDatabase a = RunDatabase.open(tmp.resolve("alone")); RunDatabase b = RunDatabase.open(tmp.resolve("shared"))) {
            CheckpointRow trained = a.track(new Track("entropy", 0)).checkpoint(0).orElseThrow();
            CheckpointRow copied = b.track(new Track("entropy", 0)).checkpoint(0).orElseThrow();
            CheckpointRow donor = b.track(new Track("random", 0)).checkpoint(0).orElseThrow();
            CheckpointRow ownModule = b.track(new Track("learning-loss", 0)).checkpoint(0).orElseThrow();
            assertEquals(trained.sha256(), copied.sha256(), "the copy is what training would have written");
            assertEquals(donor.sha256(), copied.sha256());
            assertNotEquals(donor.path(), copied.path(), "each track has its own file");
            assertEquals(copied.sha256(), RunCommandTest.sha256(tmp.resolve("shared").resolve(copied.path())));
            assertNotEquals(donor.sha256(), ownModule.sha256(), "learning loss trains its module with the network");
            assertEquals(a.metrics().getFirst().metrics().miou(), b.metrics().stream()
                    .filter(x -> x.strategy().equals("entropy")).findFirst().orElseThrow().metrics().miou());
        }
    }

    @Test
    void aBudgetInRegionsLabelsExactlyThatManyRegionsPerRound() throws Exception {
        List<String> a = new ArrayList<>(TINY);
        a.set(a.indexOf("random,entropy,ripu-ra"), "entropy,ripu-ra");
        a.set(a.indexOf("--rounds") + 1, "1");
        a.set(a.indexOf("--budget") + 1, "5r");
        a.add("--no-full");
        Path dir = tmp.resolve("regions");
        Result r = cli(args("--out", dir, a));
        assertEquals(0, r.exit(), r.err());
        try (RunDatabase db = RunDatabase.open(dir)) {
            for (String s : List.of("entropy", "ripu-ra")) {
                List<LabelledRegion> round1 = db.track(new Track(s, 0)).regions().stream()
                        .filter(x -> x.round() == 1).toList();
                assertEquals(5, round1.size(), s + ": " + round1);
            }
            assertTrue(db.track(new Track("entropy", 0)).regions().stream().filter(x -> x.round() == 1)
                    .allMatch(x -> x.kind() == Granularity.FRAME));
        }
    }

    @Test
    void aSecondRunOnTheSameDirectoryIsRefusedWhileTheFirstHoldsIt() throws Exception {
        Path dir = tmp.resolve("busy");
        List<String> slow = new ArrayList<>(TINY);
        slow.set(slow.indexOf("--steps") + 1, "2000");
        Process first = child(args("--out", dir, slow));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(dir.resolve(RunDatabase.FILE_NAME))) {
            assertTrue(first.isAlive(), "the first run ended early: " + stderr(first));
            assertTrue(System.nanoTime() < deadline, "the first run never created its database");
            Thread.sleep(100);
        }
        Result second = cli("run", "--resume", dir.toString());
        assertEquals(1, second.exit());
        assertTrue(second.err().contains("is in use by pid " + first.pid()), second.err());
        assertTrue(first.isAlive(), "the refused second run must not disturb the first");
        first.destroyForcibly().waitFor();
    }

    @Test
    void badInputIsAClearErrorThatNamesTheValue() throws Exception {
        Result unknown = cli(args("--out", tmp.resolve("u"), List.of("--strategy", "entropy,magic")));
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("unknown strategy 'magic'; known strategies:"), unknown.err());
        assertFalse(Files.exists(tmp.resolve("u").resolve(RunDatabase.FILE_NAME)));

        Result nothing = cli("run", "--resume", tmp.toString());
        assertEquals(1, nothing.exit());
        assertTrue(nothing.err().contains(tmp.toAbsolutePath() + " holds no run to resume"), nothing.err());

        Result both = cli("run");
        assertEquals(1, both.exit());
        assertTrue(both.err().contains("give either --out DIR (a new run) or --resume DIR"), both.err());

        Result semi = cli(args("--out", tmp.resolve("s"), List.of("--semi", "none,magic")));
        assertEquals(1, semi.exit());
        assertTrue(semi.err().contains("unknown --semi mode 'magic'; known modes: none, ripu, u2pl"), semi.err());
        assertFalse(Files.exists(tmp.resolve("s")), "a refused start leaves nothing behind");
        Result u2plAllLabelled = cli(args("--out", tmp.resolve("s"), List.of("--semi", "u2pl", "--initial", "1")));
        assertEquals(1, u2plAllLabelled.exit());
        assertTrue(u2plAllLabelled.err().contains("--initial 1 labels every training frame in round 0, so there are none"),
                u2plAllLabelled.err());
        Result twice = cli(args("--out", tmp.resolve("s"), List.of("--semi", "ripu,ripu")));
        assertEquals(1, twice.exit());
        assertTrue(twice.err().contains("a --semi mode is named twice"), twice.err());
        Result allLabelled = cli(args("--out", tmp.resolve("s"), List.of("--semi", "none,ripu", "--initial", "1")));
        assertEquals(1, allLabelled.exit());
        assertTrue(allLabelled.err().contains("--initial 1 labels every training frame in round 0, so there are none"),
                allLabelled.err());
        assertFalse(Files.exists(tmp.resolve("s")), "a refused start leaves nothing behind");

        Result budget = cli(args("--out", tmp.resolve("b"), List.of("--budget", "lots")));
        assertEquals(1, budget.exit());
        assertTrue(budget.err().contains("got 'lots'"), budget.err());

        // A dataset whose training frames have no ground truth: the oracle cannot label them.
        Path data = tmp.resolve("unlabelled");
        assertEquals(0, cli("generate", "--out", data.toString(), "--scenes", "4", "--frames", "2", "--size", "64x48")
                .exit());
        try (Stream<Path> labels = Files.list(data.resolve("label"))) {
            for (Path p : labels.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(data.resolve("label"));
        Result noLabels = cli(args("--out", tmp.resolve("n"), List.of("--dataset", data.toString(), "--backend", "java")));
        assertEquals(1, noLabels.exit());
        assertTrue(noLabels.err().contains("has no labels"), noLabels.err());
    }

    // ------------------------------------------------------------------ helpers

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }

    /** Everything a run decides (labels, scores, metrics, checkpoints' bytes) is equal; timings are not compared. */
    static void assertSameState(Path a, Path b) throws IOException {
        try (RunDatabase x = RunDatabase.open(a); RunDatabase y = RunDatabase.open(b)) {
            assertEquals(x.configJson(), y.configJson());
            List<Track> tracks = x.tracks();
            assertEquals(tracks, y.tracks());
            for (Track t : tracks) {
                assertEquals(x.track(t).regions(), y.track(t).regions(), t.toString());
                for (int round = 0; round <= 2; round++) {
                    assertEquals(x.track(t).scores(round), y.track(t).scores(round),
                            t + " round " + round);
                    assertEquals(x.track(t).checkpoint(round).map(CheckpointRow::sha256),
                            y.track(t).checkpoint(round).map(CheckpointRow::sha256), t + " round " + round);
                }
            }
            List<RoundRow> mx = x.metrics();
            List<RoundRow> my = y.metrics();
            assertEquals(mx.size(), my.size());
            for (int i = 0; i < mx.size(); i++) {
                RoundMetrics p = mx.get(i).metrics();
                RoundMetrics q = my.get(i).metrics();
                String where = mx.get(i).strategy() + " round " + mx.get(i).round();
                assertEquals(mx.get(i).strategy(), my.get(i).strategy());
                assertEquals(p.labelledPixels(), q.labelledPixels(), where);
                assertEquals(p.regions(), q.regions(), where);
                assertEquals(p.framesTouched(), q.framesTouched(), where);
                assertEquals(p.miou(), q.miou(), where);
                assertEquals(p.pixelAccuracy(), q.pixelAccuracy(), where);
                assertArrayEquals(p.classIou(), q.classIou(), where);
            }
        }
        assertTrue(Files.size(b.resolve("results.json")) > 0, "the resumed run wrote its results");
    }

    private Process child(String[] args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow(
                () -> new AssertionError("cannot tell which java runs this test"));
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-Dactiveseg.progress=false", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "child", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile()).start();
        children.add(p);
        logs.put(p, log);
        return p;
    }

    private final Map<Process, Path> logs = new java.util.HashMap<>();

    private String stderr(Process p) throws IOException {
        return Files.readString(logs.get(p), StandardCharsets.UTF_8);
    }
}
