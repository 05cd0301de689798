package org.activeseg.loop.state;

import java.util.List;

/**
 * The tables of a run's {@code state.db}, schema version {@value #VERSION}. All tables are
 * STRICT (SQLite checks column types); REAL columns that may hold NaN are nullable, since SQLite
 * stores NaN as NULL, and NULL reads back as NaN. Times are ISO-8601 UTC text.
 *
 * <pre>
 * meta              one row per key
 *   key             'schema_version' (this class's VERSION), 'config' (the run's configuration
 *                   JSON as given to RunDatabase.create), 'created_at'
 *   value           text
 *
 * track             one row per (strategy, seed)
 *   id              integer primary key, referenced as track_id below
 *   strategy        acquisition strategy name, non-empty
 *   seed            the track's random seed
 *   added_at        when addTrack ran
 *
 * labelled_round    the LABELLED mark of (track, round); its presence is the mark
 *   track_id, round primary key; round >= 0
 *   regions         regions labelled in this round
 *   new_pixels      pixels added to the labelled set in this round
 *   scoring_ms_per_frame   scoring time per pool frame; NULL where nothing was scored (seed set)
 *   finished_at
 *
 * region            every unit given to the oracle
 *   track_id, round, pick   primary key; pick = position in the round's selection (0-based);
 *                   (track_id, round) references labelled_round
 *   frame           frame id
 *   kind            'FRAME' | 'SUPERPIXEL' | 'WINDOW' | 'PIXEL' (acquisition.Granularity)
 *   unit            superpixel id, flat centre pixel y * W + x, or -1 for a frame
 *   x, y            centre (WINDOW, PIXEL) or -1
 *   radius          window radius, 0 where none
 *   pixels          pixels the unit added to the labelled set (its budget cost)
 *   unique (track_id, frame, kind, unit): no unit is labelled twice in a track
 *
 * labelled_mask     the labelled pixels of a frame in a track, all rounds so far
 *   track_id, frame primary key
 *   pixels          labelled pixels in the mask (its cardinality), > 0
 *   mask            java.util.BitSet.toByteArray(): bit (i % 8) of byte (i / 8) is pixel
 *                   i = y * W + x; trailing zero bytes are dropped
 *   updated_round   the last round that added pixels to it
 *
 * frame_score       the per-frame acquisition scores a round's selection came from
 *   track_id, round, frame  primary key; (track_id, round) references labelled_round
 *   ordinal         position in the list given to recordLabels
 *   score           NULL for NaN
 *
 * checkpoint        the TRAINED mark of (track, round); references labelled_round
 *   track_id, round primary key
 *   path            relative to the run directory when inside it, else absolute
 *   sha256          64 lower-case hex digits
 *   bytes           file size
 *   training_seconds
 *   finished_at
 *
 * metrics           the EVALUATED mark of (track, round); references checkpoint
 *   track_id, round primary key
 *   labelled_pixels, pool_pixels, labelled_fraction, regions, frames_touched,
 *   miou, pixel_accuracy    as RoundMetrics
 *   class_iou       JSON array of per-class IoU; null where RoundMetrics has NaN (absent class)
 *   scoring_ms_per_frame    NULL for NaN
 *   training_seconds, peak_memory_bytes
 *   finished_at
 * </pre>
 *
 * Order is kept by the schema as well as by RunDatabase: the foreign keys make TRAINED need
 * LABELLED and EVALUATED need TRAINED of the same round, the primary keys forbid a step twice,
 * and the trigger {@code labelled_round_in_order} lets round r be labelled only as a track's
 * first step (r = 0) or after round r - 1 was evaluated. The file's {@code application_id}
 * header field is {@link #APPLICATION_ID}.
 */
final class StateSchema {
    private StateSchema() {}

    /** Bump with every change to the tables below; RunDatabase.open refuses other versions. */
    static final int VERSION = 1;

    /** "ASEG": marks the file as an activeseg state database (SQLite header offset 68). */
    static final int APPLICATION_ID = 0x41534547;

    static final List<String> DDL = List.of("""
            CREATE TABLE meta (
              key   TEXT PRIMARY KEY NOT NULL,
              value TEXT NOT NULL
            ) STRICT""", """
            CREATE TABLE track (
              id       INTEGER PRIMARY KEY,
              strategy TEXT NOT NULL CHECK (length(strategy) > 0),
              seed     INTEGER NOT NULL,
              added_at TEXT NOT NULL,
              UNIQUE (strategy, seed)
            ) STRICT""", """
            CREATE TABLE labelled_round (
              track_id             INTEGER NOT NULL REFERENCES track (id),
              round                INTEGER NOT NULL CHECK (round >= 0),
              regions              INTEGER NOT NULL CHECK (regions >= 0),
              new_pixels           INTEGER NOT NULL CHECK (new_pixels >= 0),
              scoring_ms_per_frame REAL,
              finished_at          TEXT NOT NULL,
              PRIMARY KEY (track_id, round)
            ) STRICT""", """
            CREATE TABLE region (
              track_id INTEGER NOT NULL,
              round    INTEGER NOT NULL,
              pick     INTEGER NOT NULL CHECK (pick >= 0),
              frame    TEXT NOT NULL,
              kind     TEXT NOT NULL CHECK (kind IN ('FRAME', 'SUPERPIXEL', 'WINDOW', 'PIXEL')),
              unit     INTEGER NOT NULL,
              x        INTEGER NOT NULL,
              y        INTEGER NOT NULL,
              radius   INTEGER NOT NULL CHECK (radius >= 0),
              pixels   INTEGER NOT NULL CHECK (pixels >= 0),
              PRIMARY KEY (track_id, round, pick),
              UNIQUE (track_id, frame, kind, unit),
              FOREIGN KEY (track_id, round) REFERENCES labelled_round (track_id, round)
            ) STRICT""", """
            CREATE TABLE labelled_mask (
              track_id      INTEGER NOT NULL REFERENCES track (id),
              frame         TEXT NOT NULL,
              pixels        INTEGER NOT NULL CHECK (pixels > 0),
              mask          BLOB NOT NULL,
              updated_round INTEGER NOT NULL,
              PRIMARY KEY (track_id, frame)
            ) STRICT""", """
            CREATE TABLE frame_score (
              track_id INTEGER NOT NULL,
              round    INTEGER NOT NULL,
              frame    TEXT NOT NULL,
              ordinal  INTEGER NOT NULL,
              score    REAL,
              PRIMARY KEY (track_id, round, frame),
              FOREIGN KEY (track_id, round) REFERENCES labelled_round (track_id, round)
            ) STRICT""", """
            CREATE TABLE checkpoint (
              track_id         INTEGER NOT NULL,
              round            INTEGER NOT NULL,
              path             TEXT NOT NULL,
              sha256           TEXT NOT NULL CHECK (length(sha256) = 64),
              bytes            INTEGER NOT NULL CHECK (bytes >= 0),
              training_seconds REAL NOT NULL,
              finished_at      TEXT NOT NULL,
              PRIMARY KEY (track_id, round),
              FOREIGN KEY (track_id, round) REFERENCES labelled_round (track_id, round)
            ) STRICT""", """
            CREATE TABLE metrics (
              track_id             INTEGER NOT NULL,
              round                INTEGER NOT NULL,
              labelled_pixels      INTEGER NOT NULL,
              pool_pixels          INTEGER NOT NULL,
              labelled_fraction    REAL NOT NULL,
              regions              INTEGER NOT NULL,
              frames_touched       INTEGER NOT NULL,
              miou                 REAL NOT NULL,
              pixel_accuracy       REAL NOT NULL,
              class_iou            TEXT NOT NULL,
              scoring_ms_per_frame REAL,
              training_seconds     REAL NOT NULL,
              peak_memory_bytes    INTEGER NOT NULL,
              finished_at          TEXT NOT NULL,
              PRIMARY KEY (track_id, round),
              FOREIGN KEY (track_id, round) REFERENCES checkpoint (track_id, round)
            ) STRICT""", """
            CREATE TRIGGER labelled_round_in_order BEFORE INSERT ON labelled_round
            WHEN NOT ((NEW.round = 0 AND NOT EXISTS (SELECT 1 FROM labelled_round WHERE track_id = NEW.track_id))
                      OR EXISTS (SELECT 1 FROM metrics WHERE track_id = NEW.track_id AND round = NEW.round - 1))
            BEGIN
              SELECT RAISE(ABORT, 'labelled_round: a round is labelled first (round 0) or after the previous round was evaluated');
            END""");
}
