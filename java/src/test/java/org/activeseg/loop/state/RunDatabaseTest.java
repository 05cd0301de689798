package org.activeseg.loop.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Granularity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDatabaseTest {
    /** Frames are W x H. */
    private static final int W = 8;
    private static final int H = 6;
    private static final int P = W * H;
    private static final String CONFIG = "{\"dataset\": \"synthetic\", \"rounds\": 3}";
    private static final Track ENTROPY_1 = new Track("entropy", 1);
    private static final Track RANDOM_7 = new Track("random", 7);
    private static final Track RANDOM_1 = new Track("random", 1);

    @TempDir
    Path runDir;

    // ---- helpers -------------------------------------------------------------------------------

    private static BitSet range(int from, int to) {
        BitSet b = new BitSet();
        b.set(from, to);
        return b;
    }

    private static BitSet window(int cx, int cy, int r) {
        BitSet b = new BitSet();
        for (int y = Math.max(0, cy - r); y <= Math.min(H - 1, cy + r); y++) {
            for (int x = Math.max(0, cx - r); x <= Math.min(W - 1, cx + r); x++) {
                b.set(y * W + x);
            }
        }
        return b;
    }

    /** The regions of one round and the pixels they label. */
    private static final class Batch {
        final int round;
        final List<LabelledRegion> regions = new ArrayList<>();
        final Map<String, BitSet> pixels = new HashMap<>();
        final List<FrameScoreRow> scores = new ArrayList<>();

        Batch(int round) {
            this.round = round;
        }

        Batch add(String frame, Granularity kind, int unit, int x, int y, int radius, BitSet px) {
            regions.add(new LabelledRegion(frame, kind, unit, x, y, radius, px.cardinality(), round));
            pixels.computeIfAbsent(frame, f -> new BitSet()).or(px);
            return this;
        }

        Batch score(String frame, double score) {
            scores.add(new FrameScoreRow(frame, score));
            return this;
        }

        void record(RunDatabase db, Track track) {
            db.track(track).recordLabels(round, regions, pixels, scores, scores.isEmpty() ? Double.NaN : 2.5);
        }
    }

    /** Round 0: the whole of frame f0. */
    private static Batch seedSet() {
        return new Batch(0).add("f0", Granularity.FRAME, -1, -1, -1, 0, range(0, P));
    }

    /** Round 1: a superpixel, a window and a pixel, with scores (one NaN). */
    private static Batch roundOne() {
        return new Batch(1)
                .add("f1", Granularity.SUPERPIXEL, 3, -1, -1, 0, range(0, 10))
                .add("f2", Granularity.WINDOW, 3 * W + 4, 4, 3, 1, window(4, 3, 1))
                .add("f3", Granularity.PIXEL, 5, 5, 0, 0, range(5, 6))
                .score("f1", 0.75).score("f2", 0.5).score("f3", Double.NaN).score("f0", 0.0);
    }

    private static RoundMetrics metrics(int round) {
        return new RoundMetrics(100L * (round + 1), 4L * P, 0.25 * (round + 1) / 4, 3L * round + 1, round + 1,
                0.3 + 0.1 * round, 0.8, new double[] {0.5, Double.NaN, 1.0 / 3}, round == 0 ? Double.NaN : 2.5,
                12.5 + round, 1L << 30);
    }

    private Path writeCheckpoint(Track track, int round) throws IOException {
        Path file = runDir.resolve("checkpoints").resolve(track.strategy() + "-" + track.seed() + "-r" + round + ".bin");
        Files.createDirectories(file.getParent());
        Files.write(file, (track.strategy() + track.seed() + round).repeat(10).getBytes());
        return file;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private void train(RunDatabase db, Track track, int round) throws IOException {
        Path ckpt = writeCheckpoint(track, round);
        db.track(track).recordCheckpoint(round, ckpt, sha256(ckpt), Files.size(ckpt), 12.5 + round);
    }

    private void completeRound(RunDatabase db, Track track, Batch batch) throws IOException {
        batch.record(db, track);
        train(db, track, batch.round);
        db.track(track).recordMetrics(batch.round, metrics(batch.round));
    }

    /** Two tracks: entropy/1 through round 1 EVALUATED, random/7 through round 0 TRAINED. */
    private RunDatabase populated() throws IOException {
        RunDatabase db = RunDatabase.create(runDir, CONFIG);
        db.addTrack(RANDOM_7);
        db.addTrack(ENTROPY_1);
        completeRound(db, ENTROPY_1, seedSet());
        completeRound(db, ENTROPY_1, roundOne());
        seedSet().record(db, RANDOM_7);
        train(db, RANDOM_7, 0);
        return db;
    }

    private String dump() throws Exception {
        return StateDump.of(runDir.resolve(RunDatabase.FILE_NAME));
    }

    // ---- tests ---------------------------------------------------------------------------------

    @Test
    void everyRecordRoundTrips() throws Exception {
        try (RunDatabase db = populated()) {
            assertEquals(CONFIG, db.configJson());
            assertEquals(List.of(ENTROPY_1, RANDOM_7), db.tracks());
            assertEquals(Optional.of(new StepMark(1, Phase.EVALUATED)), db.track(ENTROPY_1).lastFinished());
            assertEquals(new StepMark(2, Phase.LABELLED), db.track(ENTROPY_1).next());
            assertEquals(Optional.of(new StepMark(0, Phase.TRAINED)), db.track(RANDOM_7).lastFinished());
            assertEquals(new StepMark(0, Phase.EVALUATED), db.track(RANDOM_7).next());

            List<LabelledRegion> expected = new ArrayList<>(seedSet().regions);
            expected.addAll(roundOne().regions);
            assertEquals(expected, db.track(ENTROPY_1).regions());
            assertEquals(seedSet().regions, db.track(RANDOM_7).regions());

            Map<String, BitSet> px = db.track(ENTROPY_1).labelledPixels();
            assertEquals(List.of("f0", "f1", "f2", "f3"), List.copyOf(px.keySet()));
            assertEquals(range(0, P), px.get("f0"));
            assertEquals(range(0, 10), px.get("f1"));
            assertEquals(window(4, 3, 1), px.get("f2"));
            assertEquals(range(5, 6), px.get("f3"));
            assertEquals(P + 10 + 9 + 1, db.track(ENTROPY_1).labelledPixelCount());
            assertEquals(P, db.track(RANDOM_7).labelledPixelCount());

            assertEquals(List.of(), db.track(ENTROPY_1).scores(0));
            List<FrameScoreRow> scores = db.track(ENTROPY_1).scores(1);
            assertEquals(roundOne().scores, scores);
            assertTrue(Double.isNaN(scores.get(2).score()));

            Path ckpt = runDir.resolve("checkpoints/entropy-1-r1.bin");
            CheckpointRow row = db.track(ENTROPY_1).checkpoint(1).orElseThrow();
            assertEquals(new CheckpointRow(1, ckpt.toAbsolutePath().normalize(), sha256(ckpt), Files.size(ckpt), 13.5),
                    row);
            assertEquals(Optional.of(row), db.track(ENTROPY_1).latestCheckpoint());
            assertEquals(0, db.track(ENTROPY_1).checkpoint(0).orElseThrow().round());
            assertEquals(Optional.empty(), db.track(ENTROPY_1).checkpoint(2));
            assertEquals(0, db.track(RANDOM_7).latestCheckpoint().orElseThrow().round());

            assertEquals(List.of(new RoundRow("entropy", 1, 0, metrics(0)), new RoundRow("entropy", 1, 1, metrics(1))),
                    db.metrics());
            assertArrayEquals(new double[] {0.5, Double.NaN, 1.0 / 3}, db.metrics().getFirst().metrics().classIou());

            // The file itself: WAL, FULL, foreign keys, our application id and schema version.
            assertEquals("wal", db.pragma("journal_mode"));
            assertEquals("2", db.pragma("synchronous"));
            assertEquals("1", db.pragma("foreign_keys"));
            assertEquals(Integer.toString(StateSchema.APPLICATION_ID), db.pragma("application_id"));
        }
        Path file = runDir.resolve(RunDatabase.FILE_NAME);
        assertEquals("1", StateDump.query(file, "SELECT value FROM meta WHERE key = 'schema_version'"));
        assertEquals("[0.5, null, 0.3333333333333333]",
                StateDump.query(file, "SELECT class_iou FROM metrics WHERE round = 0"));
        assertEquals("checkpoints/entropy-1-r1.bin", StateDump.query(file, "SELECT path FROM checkpoint WHERE round = 1"));
        assertEquals("10", StateDump.query(file, """
                SELECT m.pixels FROM labelled_mask m JOIN track t ON t.id = m.track_id
                WHERE t.strategy = 'entropy' AND m.frame = 'f1'"""));
    }

    @Test
    void regionsComeFromSelections() {
        var selection = new AcquisitionResult.Selection("f2", Granularity.WINDOW, 3 * W + 4, 4, 3, 1, 9);
        assertEquals(new LabelledRegion("f2", Granularity.WINDOW, 3 * W + 4, 4, 3, 1, 9, 2),
                LabelledRegion.of(selection, 2));
    }

    @Test
    void stepsOutOfOrderAreRefused() throws Exception {
        try (RunDatabase db = RunDatabase.create(runDir, CONFIG)) {
            db.addTrack(ENTROPY_1);
            assertEquals(Optional.empty(), db.track(ENTROPY_1).lastFinished());
            assertEquals(StepMark.FIRST, db.track(ENTROPY_1).next());
            Path ckpt = writeCheckpoint(ENTROPY_1, 0);
            String before = dump();

            var e = assertThrows(IllegalStateException.class,
                    () -> db.track(ENTROPY_1).recordCheckpoint(0, ckpt, sha256(ckpt), Files.size(ckpt), 1));
            assertTrue(e.getMessage().contains("next step is LABELLED of round 0 (nothing recorded yet)"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> db.track(ENTROPY_1).recordMetrics(0, metrics(0)));
            assertThrows(IllegalStateException.class, () -> roundOne().record(db, ENTROPY_1));
            assertEquals(before, dump());

            seedSet().record(db, ENTROPY_1);
            before = dump();
            e = assertThrows(IllegalStateException.class, () -> seedSet().record(db, ENTROPY_1));
            assertTrue(e.getMessage().contains("cannot record LABELLED of round 0; its next step is TRAINED of round 0"),
                    e.getMessage());
            assertThrows(IllegalStateException.class, () -> db.track(ENTROPY_1).recordMetrics(0, metrics(0)));
            assertThrows(IllegalStateException.class, () -> roundOne().record(db, ENTROPY_1));
            assertEquals(before, dump());

            train(db, ENTROPY_1, 0);
            e = assertThrows(IllegalStateException.class, () -> train(db, ENTROPY_1, 0));
            assertTrue(e.getMessage().contains("next step is EVALUATED of round 0 (last finished: TRAINED of round 0)"),
                    e.getMessage());
            assertThrows(IllegalStateException.class, () -> roundOne().record(db, ENTROPY_1));

            db.track(ENTROPY_1).recordMetrics(0, metrics(0));
            assertThrows(IllegalStateException.class, () -> db.track(ENTROPY_1).recordMetrics(0, metrics(0)));
            assertThrows(IllegalStateException.class, () -> new Batch(2)
                    .add("f1", Granularity.PIXEL, 1, 1, 0, 0, range(1, 2)).record(db, ENTROPY_1));
            assertThrows(IllegalStateException.class, () -> train(db, ENTROPY_1, 1));
            roundOne().record(db, ENTROPY_1);
            assertEquals(Optional.of(new StepMark(1, Phase.LABELLED)), db.track(ENTROPY_1).lastFinished());

            var unknown = assertThrows(IllegalArgumentException.class, () -> seedSet().record(db, new Track("margin", 1)));
            assertTrue(unknown.getMessage().contains("track (strategy=margin, seed=1) is not in"), unknown.getMessage());
            assertThrows(IllegalStateException.class, () -> db.addTrack(ENTROPY_1));
        }
    }

    @Test
    void aTrackViewLooksItsTrackUpOnEveryCall() throws Exception {
        try (RunDatabase db = RunDatabase.create(runDir, CONFIG)) {
            TrackState view = db.track(ENTROPY_1);
            assertEquals(ENTROPY_1, view.track());
            var e = assertThrows(IllegalArgumentException.class, view::next);
            assertTrue(e.getMessage().contains("track (strategy=entropy, seed=1) is not in " + db.file() + " (tracks: [])"),
                    e.getMessage());
            db.addTrack(ENTROPY_1);
            assertEquals(StepMark.FIRST, view.next());
            seedSet().record(db, ENTROPY_1);
            assertEquals(Optional.of(StepMark.FIRST), view.lastFinished());
            assertEquals(seedSet().regions, view.regions());
        }
    }

    @Test
    void theSchemaAloneRefusesStepsOutOfOrder() throws Exception {
        try (RunDatabase db = RunDatabase.create(runDir, CONFIG)) {
            db.addTrack(ENTROPY_1);
        }
        Path file = runDir.resolve(RunDatabase.FILE_NAME);
        String insertRound = "INSERT INTO labelled_round VALUES (1, %d, 0, 0, NULL, 'now')";
        var e = assertThrows(java.sql.SQLException.class, () -> StateDump.execute(file, insertRound.formatted(1)));
        assertTrue(e.getMessage().contains("after the previous round was evaluated"), e.getMessage());
        StateDump.execute(file, insertRound.formatted(0));
        assertThrows(java.sql.SQLException.class, () -> StateDump.execute(file, insertRound.formatted(0)));
        assertThrows(java.sql.SQLException.class, () -> StateDump.execute(file,
                "INSERT INTO metrics VALUES (1, 0, 0, 0, 0, 0, 0, 0, 0, '[]', NULL, 0, 0, 'now')"));
    }

    @Test
    void labellingAPixelOrUnitTwiceIsRefusedAndChangesNothing() throws Exception {
        try (RunDatabase db = RunDatabase.create(runDir, CONFIG)) {
            db.addTrack(ENTROPY_1);
            db.addTrack(RANDOM_1);
            completeRound(db, ENTROPY_1, new Batch(0).add("f0", Granularity.SUPERPIXEL, 2, -1, -1, 0, range(0, 10)));
            String before = dump();

            // f1 is new, but pixels 6 and 7 of f0 are labelled already.
            Batch overlap = new Batch(1)
                    .add("f1", Granularity.FRAME, -1, -1, -1, 0, range(0, P))
                    .add("f0", Granularity.WINDOW, 7, 7, 0, 1, window(7, 0, 1));
            var e = assertThrows(IllegalArgumentException.class, () -> overlap.record(db, ENTROPY_1));
            assertTrue(e.getMessage().contains("frame f0 pixel 6 is already labelled (2 of the frame's new pixels are)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("nothing was recorded"), e.getMessage());
            assertEquals(before, dump());

            // The same superpixel again, even with no new pixels.
            Batch sameUnit = new Batch(1).add("f0", Granularity.SUPERPIXEL, 2, -1, -1, 0, new BitSet());
            e = assertThrows(IllegalArgumentException.class, () -> sameUnit.record(db, ENTROPY_1));
            assertTrue(e.getMessage().contains("frame f0 SUPERPIXEL 2 was already labelled in round 0"), e.getMessage());

            // Twice within one round.
            Batch twice = new Batch(1)
                    .add("f1", Granularity.PIXEL, 3, 3, 0, 0, range(3, 4))
                    .add("f1", Granularity.PIXEL, 3, 3, 0, 0, range(3, 4));
            e = assertThrows(IllegalArgumentException.class, () -> twice.record(db, ENTROPY_1));
            assertTrue(e.getMessage().contains("appears twice"), e.getMessage());

            // Pixels that no region accounts for.
            Batch stray = new Batch(1).add("f1", Granularity.PIXEL, 3, 3, 0, 0, range(3, 4));
            stray.pixels.put("f2", range(0, 2));
            e = assertThrows(IllegalArgumentException.class, () -> stray.record(db, ENTROPY_1));
            assertTrue(e.getMessage().contains("frame f2 has 2 new pixels, but its regions add up to 0"), e.getMessage());
            assertEquals(before, dump());

            // Another track may label the same pixels; the refused round still goes through once fixed.
            new Batch(0).add("f0", Granularity.FRAME, -1, -1, -1, 0, range(0, P)).record(db, RANDOM_1);
            new Batch(1).add("f1", Granularity.FRAME, -1, -1, -1, 0, range(0, P))
                    .add("f0", Granularity.WINDOW, 30, 6, 3, 1, window(6, 3, 1)).record(db, ENTROPY_1);
            assertEquals(10 + P + 9, db.track(ENTROPY_1).labelledPixelCount());
        }
    }

    @Test
    void reopeningKeepsEverything() throws Exception {
        List<Object> seen;
        try (RunDatabase db = populated()) {
            seen = everything(db);
        }
        assertFalse(Files.exists(runDir.resolve(RunDatabase.FILE_NAME + "-wal")), "close folds the WAL back");
        try (RunDatabase db = RunDatabase.open(runDir)) {
            assertEquals(seen, everything(db));
            assertEquals("wal", db.pragma("journal_mode"));
            assertEquals("2", db.pragma("synchronous"));
            assertEquals("1", db.pragma("foreign_keys"));
            // The run goes on where it stopped.
            db.track(RANDOM_7).recordMetrics(0, metrics(0));
            completeRound(db, ENTROPY_1, new Batch(2).add("f4", Granularity.FRAME, -1, -1, -1, 0, range(0, P)));
        }
        try (RunDatabase db = RunDatabase.open(runDir)) {
            assertEquals(new StepMark(3, Phase.LABELLED), db.track(ENTROPY_1).next());
            assertEquals(new StepMark(1, Phase.LABELLED), db.track(RANDOM_7).next());
            assertEquals(4, db.metrics().size());
        }
    }

    private static List<Object> everything(RunDatabase db) {
        List<Object> out = new ArrayList<>(List.of(db.configJson(), db.tracks(), db.metrics()));
        for (Track t : db.tracks()) {
            out.addAll(List.of(db.track(t).lastFinished(), db.track(t).regions(),
                    db.track(t).labelledPixels(), db.track(t).labelledPixelCount(),
                    db.track(t).scores(1), db.track(t).latestCheckpoint()));
        }
        return out;
    }

    @Test
    void anExceptionInsideATransactionLeavesNoPartialRows() throws Exception {
        try (RunDatabase db = RunDatabase.create(runDir, CONFIG)) {
            db.addTrack(ENTROPY_1);
            completeRound(db, ENTROPY_1, seedSet());
            for (String point : List.of("recordLabels:round", "recordLabels:regions", "recordLabels:masks",
                    "recordLabels:scores")) {
                String before = dump();
                RuntimeException injected = new RuntimeException("injected at " + point);
                db.faultPoint(p -> {
                    if (p.equals(point)) {
                        throw injected;
                    }
                });
                assertSame(injected, assertThrows(RuntimeException.class, () -> roundOne().record(db, ENTROPY_1)));
                assertEquals(before, dump(), point);
                assertEquals(new StepMark(1, Phase.LABELLED), db.track(ENTROPY_1).next());
            }
            db.faultPoint(p -> {
                throw new IllegalStateException("injected at " + p);
            });
            String before = dump();
            assertThrows(IllegalStateException.class, () -> roundOne().record(db, ENTROPY_1));
            db.faultPoint(p -> {});
            roundOne().record(db, ENTROPY_1);
            String labelled = dump();
            assertFalse(before.equals(labelled));

            db.faultPoint(p -> {
                throw new IllegalStateException("injected at " + p);
            });
            assertThrows(IllegalStateException.class, () -> train(db, ENTROPY_1, 1));
            assertEquals(labelled, dump());
            db.faultPoint(p -> {});
            train(db, ENTROPY_1, 1);
            String trained = dump();
            db.faultPoint(p -> {
                throw new IllegalStateException("injected at " + p);
            });
            assertThrows(IllegalStateException.class, () -> db.track(ENTROPY_1).recordMetrics(1, metrics(1)));
            assertEquals(trained, dump());
            db.faultPoint(p -> {});
            db.track(ENTROPY_1).recordMetrics(1, metrics(1));
            assertEquals(new StepMark(2, Phase.LABELLED), db.track(ENTROPY_1).next());
        }
    }

    @Test
    void aFullDiskMidTransactionLeavesTheLastCommittedState() throws Exception {
        try (RunDatabase db = RunDatabase.create(runDir, CONFIG)) {
            db.addTrack(ENTROPY_1);
            completeRound(db, ENTROPY_1, seedSet());
            String before = dump();
            // The database may not grow: the next big mask hits SQLITE_FULL mid-transaction.
            String pages = db.pragma("page_count");
            assertEquals(pages, db.pragma("max_page_count = " + pages));
            int big = 1 << 20;
            BitSet odd = new BitSet();
            for (int i = 1; i < big; i += 2) {
                odd.set(i);
            }
            Batch huge = new Batch(1).add("f1", Granularity.PIXEL, 3, 3, 0, 0, range(3, 4));
            for (int i = 0; i < 4; i++) {
                huge.add("big" + i, Granularity.FRAME, -1, -1, -1, 0, odd);
            }
            var e = assertThrows(RunStateException.class, () -> huge.record(db, ENTROPY_1));
            assertTrue(e.getMessage().startsWith(runDir.resolve(RunDatabase.FILE_NAME) + ": recordLabels("),
                    e.getMessage());
            assertTrue(e.getMessage().contains("full"), e.getMessage());
            assertEquals(before, dump());
            assertEquals(new StepMark(1, Phase.LABELLED), db.track(ENTROPY_1).next());

            db.pragma("max_page_count = 1000000");
            huge.record(db, ENTROPY_1);
            assertEquals(P + 1 + 4L * (big / 2), db.track(ENTROPY_1).labelledPixelCount());
        }
    }

    @Test
    void createRefusesAnExistingRun() throws Exception {
        RunDatabase.create(runDir, CONFIG).close();
        var e = assertThrows(RunStateException.class, () -> RunDatabase.create(runDir, "{}"));
        assertTrue(e.getMessage().contains(runDir.resolve(RunDatabase.FILE_NAME) + ": create: a state database "
                + "already exists"), e.getMessage());
        try (RunDatabase db = RunDatabase.open(runDir)) {
            assertEquals(CONFIG, db.configJson());
        }
    }

    @Test
    void openNamesTheFileWhenItIsMissingOrNotAStateDatabase() throws Exception {
        Path file = runDir.resolve(RunDatabase.FILE_NAME);
        var e = assertThrows(RunStateException.class, () -> RunDatabase.open(runDir));
        assertEquals(file + ": open: no state database here (a run directory gets one from RunDatabase.create)",
                e.getMessage());
        assertFalse(Files.exists(file), "open must not create the file");

        byte[] noise = new byte[64 * 1024];
        new Random(42).nextBytes(noise);
        Files.write(file, noise);
        e = assertThrows(RunStateException.class, () -> RunDatabase.open(runDir));
        assertTrue(e.getMessage().startsWith(file + ": open: not an SQLite database"), e.getMessage());
        assertEquals(file, e.file());

        Files.write(file, new byte[0]);
        e = assertThrows(RunStateException.class, () -> RunDatabase.open(runDir));
        assertTrue(e.getMessage().startsWith(file + ": open: not an activeseg state database: the file is empty"),
                e.getMessage());

        Files.delete(file);
        StateDump.execute(file, "CREATE TABLE notes (x TEXT)");
        e = assertThrows(RunStateException.class, () -> RunDatabase.open(runDir));
        assertTrue(e.getMessage().startsWith(file + ": open: an SQLite database, but not an activeseg state database"),
                e.getMessage());
    }

    @Test
    void openRefusesAnotherSchemaVersion() throws Exception {
        RunDatabase.create(runDir, CONFIG).close();
        Path file = runDir.resolve(RunDatabase.FILE_NAME);
        StateDump.execute(file, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
        var e = assertThrows(RunStateException.class, () -> RunDatabase.open(runDir));
        assertEquals(file + ": open: schema version 99, but this activeseg reads version 1 only", e.getMessage());
    }

    @Test
    void openRefusesACorruptDatabase() throws Exception {
        populated().close();
        Path file = runDir.resolve(RunDatabase.FILE_NAME);
        int pageSize = Integer.parseInt(StateDump.query(file, "PRAGMA page_size"));
        int regionRoot = Integer.parseInt(StateDump.query(file,
                "SELECT rootpage FROM sqlite_schema WHERE name = 'region'"));
        // Scribble over the region table, which opening does not read: only integrity_check finds it.
        byte[] noise = new byte[pageSize - 8];
        new Random(7).nextBytes(noise);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek((regionRoot - 1L) * pageSize + 8);
            raf.write(noise);
        }
        var e = assertThrows(RunStateException.class, () -> RunDatabase.open(runDir));
        assertTrue(e.getMessage().startsWith(file + ": open: PRAGMA integrity_check failed: "), e.getMessage());
    }

    @Test
    void argumentsAreCheckedAtTheBoundary() throws Exception {
        try (RunDatabase db = RunDatabase.create(runDir, CONFIG)) {
            db.addTrack(ENTROPY_1);
            Batch wrongRound = new Batch(1).add("f0", Granularity.FRAME, -1, -1, -1, 0, range(0, P));
            var e = assertThrows(IllegalArgumentException.class,
                    () -> db.track(ENTROPY_1).recordLabels(0, wrongRound.regions, wrongRound.pixels, List.of(), 1));
            assertTrue(e.getMessage().contains("says round 1"), e.getMessage());
            seedSet().record(db, ENTROPY_1);
            Path ckpt = writeCheckpoint(ENTROPY_1, 0);
            e = assertThrows(IllegalArgumentException.class,
                    () -> db.track(ENTROPY_1).recordCheckpoint(0, ckpt, "abc", Files.size(ckpt), 1));
            assertTrue(e.getMessage().contains("sha256 must be 64 hex digits"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> db.track(ENTROPY_1).recordCheckpoint(0, ckpt, sha256(ckpt), Files.size(ckpt) + 1, 1));
            assertTrue(e.getMessage().contains("bytes, not"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> db.track(ENTROPY_1).recordCheckpoint(0,
                    runDir.resolve("missing.bin"), sha256(ckpt), 1, 1));
            assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new RoundMetrics(1, 1, 1.5, 1, 1, 0.5, 0.5,
                    new double[0], 1, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> new RoundMetrics(1, 1, 0.5, 1, 1, 0.5, 0.5,
                    new double[] {2}, 1, 1, 1));
        }
        RunDatabase closed = RunDatabase.open(runDir);
        closed.close();
        closed.close();
        var e = assertThrows(IllegalStateException.class, closed::tracks);
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }
}
