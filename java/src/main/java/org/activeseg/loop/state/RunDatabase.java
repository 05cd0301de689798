package org.activeseg.loop.state;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The persistent state of an active-learning run: {@value #FILE_NAME} in the run directory, an
 * SQLite database whose tables {@link StateSchema} documents. A run has tracks (strategy, seed);
 * each track goes through rounds 0, 1, 2, ... (round 0 labels the seed set), and each round
 * through the steps LABELLED, TRAINED, EVALUATED, in that order. A killed run reopens the file
 * and resumes every track at {@link TrackState#next}. This class holds what belongs to the whole
 * run (configuration, meta facts, the list of tracks, every track's metrics); {@link #track} gives
 * the rounds of one track.
 *
 * <p>Every mutation is one SQLite transaction ({@code BEGIN IMMEDIATE}, so the step checks and the
 * writes see the same state): it either commits whole or, on any exception, including an I/O
 * error or a full disk, rolls back and leaves the file at its last committed state. A step that
 * is not the track's next one, a step recorded twice, and a pixel or unit labelled twice are
 * refused before anything is written; the schema's keys and trigger refuse them as well.
 * {@link StateFile} says how the file is created, checked when opened, and made durable.
 *
 * <p>One process at a time should use a run directory: hold a {@link RunLock} first. Within it,
 * threads may share the database and its track views: transactions run one at a time. Failures
 * of SQLite itself are {@link RunStateException}s naming the file and the operation. Call
 * {@link #close} when done.
 */
public final class RunDatabase implements AutoCloseable {
    /** The database's file name in the run directory. */
    public static final String FILE_NAME = "state.db";
    /** The schema version this class writes and reads. */
    public static final int SCHEMA_VERSION = StateSchema.VERSION;

    private final Path runDir;
    private final StateConnection db;

    private RunDatabase(Path runDir, StateConnection db) {
        this.runDir = runDir.toAbsolutePath().normalize();
        this.db = db;
    }

    // ---- opening -------------------------------------------------------------------------------

    /**
     * Creates {@value #FILE_NAME} in {@code runDir} (created if missing) with the run's
     * configuration. Fails if a state database, or a leftover journal of one, is already there.
     * The database is built under a temporary name and renamed into place once its schema and
     * configuration are committed, so a process killed while creating it leaves no
     * {@value #FILE_NAME} (a later create starts afresh) rather than an empty or partial one.
     */
    public static RunDatabase create(Path runDir, String configJson) {
        return new RunDatabase(runDir, StateFile.create(runDir, configJson));
    }

    /**
     * Opens the state database of an existing run. Fails, naming the file, if it is missing, is
     * not an SQLite database, fails {@code PRAGMA integrity_check}, is not an activeseg state
     * database, or has another schema version.
     */
    public static RunDatabase open(Path runDir) {
        return new RunDatabase(runDir, StateFile.open(runDir));
    }

    /** The database file. */
    public Path file() {
        return db.file();
    }

    /** The run directory (absolute). */
    public Path runDir() {
        return runDir;
    }

    // ---- configuration and meta ----------------------------------------------------------------

    /** The configuration JSON the run was created with. */
    public String configJson() {
        return db.transaction("configJson", false, c -> MetaTable.config(c, db.file()));
    }

    /**
     * Replaces the stored configuration (used to extend a run by more rounds: every other setting
     * must stay, which the caller checks).
     */
    public void replaceConfig(String configJson) {
        Objects.requireNonNull(configJson, "configJson");
        db.transaction("replaceConfig", true, c -> {
            MetaTable.replaceConfig(c, configJson, db.file());
            return null;
        });
    }

    /** Records a fact about the run (e.g. its provenance) under {@code key}, replacing an earlier value. */
    public void putMeta(String key, String value) {
        Objects.requireNonNull(value, "value");
        if (MetaTable.OWN_KEYS.contains(key)) {
            throw new IllegalArgumentException("meta key '" + key + "' belongs to the database");
        }
        db.transaction("putMeta", true, c -> {
            MetaTable.put(c, key, value);
            return null;
        });
    }

    /** Every meta row (created_at, config, schema_version, and what {@link #putMeta} recorded), by key. */
    public Map<String, String> meta() {
        return db.transaction("meta", false, MetaTable::all);
    }

    /** When the last step of any track finished (ISO-8601), empty before the first. */
    public Optional<String> lastFinishedAt() {
        return db.transaction("lastFinishedAt", false, StepOrder::lastFinishedAt);
    }

    // ---- tracks --------------------------------------------------------------------------------

    /** Adds a track; fails if it exists. */
    public void addTrack(Track track) {
        Objects.requireNonNull(track, "track");
        db.transaction("addTrack(" + track + ")", true, c -> {
            TrackTable.add(c, track, db.file());
            return null;
        });
    }

    /** All tracks, ordered by strategy, then seed. */
    public List<Track> tracks() {
        return db.transaction("tracks", false, TrackTable::all);
    }

    /**
     * The rounds of one track: its steps, labels, checkpoints and metrics. The track is looked up
     * by each call on the view, so a view may be taken before {@link #addTrack}.
     */
    public TrackState track(Track track) {
        return new TrackState(track, db, runDir);
    }

    /** Every evaluated round of every track, ordered by strategy, seed, round. */
    public List<RoundRow> metrics() {
        return db.transaction("metrics", false, c -> MetricsTable.all(c, db.file()));
    }

    // ---- tests and diagnostics -----------------------------------------------------------------

    /** Tests: called with a named point inside write transactions, to throw there. */
    void faultPoint(Consumer<String> hook) {
        db.onFaultPoint(hook);
    }

    /** Tests and diagnostics: runs {@code PRAGMA <pragma>} and returns its first value. */
    String pragma(String pragma) {
        return db.pragma(pragma);
    }

    /** Closes the database (SQLite folds the WAL back into the file). Idempotent. */
    @Override
    public void close() {
        db.close();
    }
}
