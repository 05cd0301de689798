package org.activeseg.loop.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One track of a run as its {@link RunDatabase} records it: the steps it has finished, and the
 * labels, checkpoints and metrics of its rounds. Get it from {@link RunDatabase#track}. Each method
 * is one transaction of that database; each fails with an IllegalArgumentException naming the
 * tracks there are if this one was never added ({@link RunDatabase#addTrack}).
 *
 * <p>A round finishes LABELLED ({@link #recordLabels}), then TRAINED ({@link #recordCheckpoint}),
 * then EVALUATED ({@link #recordMetrics}); a step that is not the track's {@link #next} one is
 * refused before anything is written, as is a pixel or unit labelled twice.
 */
public final class TrackState {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Track track;
    private final StateConnection db;
    private final Path runDir;

    TrackState(Track track, StateConnection db, Path runDir) {
        this.track = Objects.requireNonNull(track, "track");
        this.db = db;
        this.runDir = runDir;
    }

    /** The track this view reads and writes. */
    public Track track() {
        return track;
    }

    // ---- steps ---------------------------------------------------------------------------------

    /** The last step the track finished; empty before its seed set is labelled. */
    public Optional<StepMark> lastFinished() {
        return db.transaction("lastFinished", false, c -> StepOrder.lastFinished(c, id(c)));
    }

    /** The step the track must record next: {@link StepMark#FIRST}, or the one after {@link #lastFinished}. */
    public StepMark next() {
        return lastFinished().map(StepMark::next).orElse(StepMark.FIRST);
    }

    // ---- labels --------------------------------------------------------------------------------

    /**
     * Records round {@code round}'s labelling in one transaction: the regions given to the oracle
     * (in pick order), the pixels they labelled (ORed into the track's per-frame masks), the
     * per-frame scores the selection came from, and the LABELLED mark. Throws, recording nothing,
     * if (round, LABELLED) is not the track's next step, if any new pixel or any unit (frame,
     * kind, unit) is already labelled in the track, or if the arguments disagree with each other:
     * every region's round must be {@code round}, and per frame the regions' pixel counts must add
     * up to the new pixels of that frame.
     *
     * @param scoringMillisPerFrame scoring time per pool frame; NaN where nothing was scored
     */
    public void recordLabels(int round, List<LabelledRegion> regions, Map<String, BitSet> newPixels,
                             List<FrameScoreRow> scores, double scoringMillisPerFrame) {
        StepMark step = new StepMark(round, Phase.LABELLED);
        String operation = "recordLabels(" + track + ", round " + round + ")";
        LabelChecks.arguments(operation, track, round, regions, newPixels, scores, scoringMillisPerFrame);
        Map<String, BitSet> added = new TreeMap<>();
        newPixels.forEach((frame, bits) -> {
            if (!bits.isEmpty()) {
                added.put(frame, (BitSet) bits.clone());
            }
        });
        db.transaction(operation, true, c -> {
            long trackId = id(c);
            String where = where();
            StepOrder.expect(c, trackId, where, step);
            LabelChecks.unitsNew(where, LabelTables.labelledBefore(c, trackId, regions));
            Map<String, BitSet> merged = LabelChecks.merged(where, round,
                    LabelTables.masks(c, trackId, added.keySet()), added);

            long total = added.values().stream().mapToLong(BitSet::cardinality).sum();
            LabelTables.insertRound(c, trackId, round, regions.size(), total, scoringMillisPerFrame);
            db.faultPoint("recordLabels:round");
            LabelTables.insertRegions(c, trackId, round, regions);
            db.faultPoint("recordLabels:regions");
            LabelTables.upsertMasks(c, trackId, round, merged);
            db.faultPoint("recordLabels:masks");
            LabelTables.insertScores(c, trackId, round, scores);
            db.faultPoint("recordLabels:scores");
            return null;
        });
    }

    /** The track's labelled pixels per frame (copies), frames in order; only frames with labels. */
    public Map<String, BitSet> labelledPixels() {
        return db.transaction("labelledPixels", false, c -> LabelTables.masks(c, id(c)));
    }

    /** Every region of the track, by round, then pick order. */
    public List<LabelledRegion> regions() {
        return db.transaction("regions", false, c -> LabelTables.regions(c, id(c)));
    }

    /** Pixels labelled in the track so far, all frames. */
    public long labelledPixelCount() {
        return db.transaction("labelledPixelCount", false, c -> LabelTables.maskPixels(c, id(c)));
    }

    /** The per-frame scores recorded with the round's labels, in the order given; empty if none. */
    public List<FrameScoreRow> scores(int round) {
        return db.transaction("scores", false, c -> LabelTables.scores(c, id(c), round));
    }

    /** Scoring time per pool frame recorded with a round's labels; NaN where nothing was scored or the round is not LABELLED. */
    public double scoringMillisPerFrame(int round) {
        return db.transaction("scoringMillisPerFrame", false, c -> LabelTables.scoringMillisPerFrame(c, id(c), round));
    }

    // ---- checkpoints ---------------------------------------------------------------------------

    /**
     * Marks round {@code round} TRAINED with the checkpoint it saved. The file must exist and have
     * {@code bytes} bytes (write and fsync it before calling this); a path inside the run directory
     * is stored relative to it, so the directory can move.
     */
    public void recordCheckpoint(int round, Path checkpoint, String sha256, long bytes, double trainingSeconds) {
        StepMark step = new StepMark(round, Phase.TRAINED);
        String operation = "recordCheckpoint(" + track + ", round " + round + ")";
        String hash = sha256.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(hash).matches()) {
            throw new IllegalArgumentException(operation + ": sha256 must be 64 hex digits, got '" + sha256 + "'");
        }
        if (!(trainingSeconds >= 0 && trainingSeconds < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(operation + ": trainingSeconds must be finite >= 0, got " + trainingSeconds);
        }
        Path abs = checkpoint.toAbsolutePath().normalize();
        long size;
        try {
            size = Files.size(abs);
        } catch (IOException e) {
            throw new IllegalArgumentException(operation + ": checkpoint " + abs + " cannot be read: " + e, e);
        }
        if (size != bytes) {
            throw new IllegalArgumentException(operation + ": checkpoint " + abs + " has " + size + " bytes, not " + bytes);
        }
        String stored = CheckpointTable.storedPath(runDir, abs);
        db.transaction(operation, true, c -> {
            long trackId = id(c);
            StepOrder.expect(c, trackId, where(), step);
            CheckpointTable.insert(c, trackId, round, stored, hash, bytes, trainingSeconds);
            db.faultPoint("recordCheckpoint");
            return null;
        });
    }

    /** The checkpoint saved in a round, if that round is TRAINED. */
    public Optional<CheckpointRow> checkpoint(int round) {
        return db.transaction("checkpoint", false, c -> CheckpointTable.of(c, id(c), round, runDir));
    }

    /** The checkpoint of the track's latest TRAINED round. */
    public Optional<CheckpointRow> latestCheckpoint() {
        return db.transaction("latestCheckpoint", false, c -> CheckpointTable.latest(c, id(c), runDir));
    }

    // ---- metrics -------------------------------------------------------------------------------

    /** Marks round {@code round} EVALUATED with its metrics. */
    public void recordMetrics(int round, RoundMetrics m) {
        StepMark step = new StepMark(round, Phase.EVALUATED);
        Objects.requireNonNull(m, "metrics");
        db.transaction("recordMetrics(" + track + ", round " + round + ")", true, c -> {
            long trackId = id(c);
            StepOrder.expect(c, trackId, where(), step);
            MetricsTable.insert(c, trackId, round, m);
            db.faultPoint("recordMetrics");
            return null;
        });
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private long id(Connection c) throws SQLException {
        return TrackTable.id(c, track, db.file());
    }

    /** The track and its database, as messages name them. */
    private String where() {
        return track + " in " + db.file();
    }

    @Override
    public String toString() {
        return where();
    }
}
