package org.activeseg.loop.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.activeseg.acquisition.Granularity;
import org.activeseg.report.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent state of an active-learning run: {@value #FILE_NAME} in the run directory, an
 * SQLite database whose tables {@link StateSchema} documents. A run has tracks (strategy, seed);
 * each track goes through rounds 0, 1, 2, ... (round 0 labels the seed set), and each round
 * through the steps LABELLED, TRAINED, EVALUATED, in that order. A killed run reopens the file
 * and resumes every track at {@link #next}.
 *
 * <p>Every mutation is one SQLite transaction ({@code BEGIN IMMEDIATE}, so the step checks and the
 * writes see the same state): it either commits whole or, on any exception, including an I/O
 * error or a full disk, rolls back and leaves the file at its last committed state. A step that
 * is not the track's next one, a step recorded twice, and a pixel or unit labelled twice are
 * refused before anything is written; the schema's keys and trigger refuse them as well.
 *
 * <p>Durability: {@code journal_mode=WAL} (readers such as a report tool do not block the loop)
 * and {@code synchronous=FULL}. In WAL mode NORMAL already survives a killed process and keeps
 * the file consistent, but an OS crash or power loss may drop the last commits; FULL syncs the
 * WAL at every commit, so a step once recorded stays recorded. The loop commits a few times per
 * round, each after seconds to minutes of scoring or training, so the extra fsync costs nothing
 * measurable, while losing a LABELLED mark would make the resumed run select that round again,
 * possibly differently from what was already reported. {@code foreign_keys} is on.
 *
 * <p>One process at a time should use a run directory: hold a {@link RunLock} first. Methods are
 * synchronized; failures of SQLite itself are {@link RunStateException}s naming the file and the
 * operation. Call {@link #close} when done.
 */
public final class RunDatabase implements AutoCloseable {
    /** The database's file name in the run directory. */
    public static final String FILE_NAME = "state.db";
    /** The schema version this class writes and reads. */
    public static final int SCHEMA_VERSION = StateSchema.VERSION;

    private static final Logger LOG = LoggerFactory.getLogger(RunDatabase.class);
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** SQLITE_OPEN_READWRITE without SQLITE_OPEN_CREATE: open never creates a file. */
    private static final String OPEN_READWRITE = "2";

    private final Path runDir;
    private final Path file;
    private final Connection connection;
    private Consumer<String> faultPoint = point -> {};
    private boolean closed;

    private RunDatabase(Path runDir, Path file, Connection connection) {
        this.runDir = runDir.toAbsolutePath().normalize();
        this.file = file;
        this.connection = connection;
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
        Objects.requireNonNull(configJson, "configJson");
        Path file = runDir.resolve(FILE_NAME);
        for (String suffix : List.of("", "-wal", "-journal")) {
            Path p = runDir.resolve(FILE_NAME + suffix);
            if (Files.exists(p)) {
                throw new RunStateException(file, "create", (suffix.isEmpty() ? "a state database already exists"
                        : "a leftover " + p.getFileName() + " exists")
                        + "; resume that run with RunDatabase.open or choose another run directory");
            }
        }
        Path building = runDir.resolve(FILE_NAME + ".creating");
        try {
            Files.createDirectories(runDir);
            deleteDatabaseFiles(building);
            Files.createFile(building);
        } catch (IOException e) {
            throw new RunStateException(file, "create", e.toString(), e);
        }
        Connection c = null;
        try {
            c = connect(building, "create");
            configure(c, building);
            RunDatabase db = new RunDatabase(runDir, building, c);
            String now = Instant.now().toString();
            db.transaction("create schema", true, con -> {
                try (Statement s = con.createStatement()) {
                    for (String ddl : StateSchema.DDL) {
                        s.execute(ddl);
                    }
                    s.execute("PRAGMA application_id = " + StateSchema.APPLICATION_ID);
                }
                try (PreparedStatement ps = con.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)")) {
                    for (String[] kv : new String[][] {{"schema_version", Integer.toString(StateSchema.VERSION)},
                            {"config", configJson}, {"created_at", now}}) {
                        ps.setString(1, kv[0]);
                        ps.setString(2, kv[1]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
            c.close(); // checkpoints the WAL into the file and removes it
            c = null;
            if (Files.exists(runDir.resolve(building.getFileName() + "-wal"))) {
                throw new RunStateException(file, "create", "the new database's write-ahead log was not checkpointed");
            }
            try (FileChannel ch = FileChannel.open(building, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(building, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new RunStateException(file, "create", "a state database already exists (created concurrently)", e);
            }
            return open(runDir);
        } catch (SQLException | IOException | RuntimeException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            try {
                deleteDatabaseFiles(building);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof RuntimeException r ? r : new RunStateException(file, "create", e.getMessage(), e);
        }
    }

    private static void deleteDatabaseFiles(Path db) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
    }

    /**
     * Opens the state database of an existing run. Fails, naming the file, if it is missing, is
     * not an SQLite database, fails {@code PRAGMA integrity_check}, is not an activeseg state
     * database, or has another schema version.
     */
    public static RunDatabase open(Path runDir) {
        Path file = runDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new RunStateException(file, "open", Files.exists(file) ? "not a regular file"
                    : "no state database here (a run directory gets one from RunDatabase.create)");
        }
        checkHeader(file);
        Connection c = connect(file, "open");
        try {
            verify(c, file);
            configure(c, file);
            return new RunDatabase(runDir, file, c);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof SQLException s
                    ? new RunStateException(file, "open", "not a readable SQLite database: " + s.getMessage(), s)
                    : (RuntimeException) e;
        }
    }

    private static void checkHeader(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(100);
        } catch (IOException e) {
            throw new RunStateException(file, "open", "cannot read: " + e, e);
        }
        if (head.length == 0) {
            throw new RunStateException(file, "open", "not an activeseg state database: the file is empty");
        }
        if (head.length < 100 || !Arrays.equals(head, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length)) {
            throw new RunStateException(file, "open", "not an SQLite database (no SQLite header); was it overwritten "
                    + "or truncated? A run directory's state.db is written only by activeseg");
        }
    }

    private static Connection connect(Path file, String operation) {
        Properties p = new Properties();
        p.setProperty("open_mode", OPEN_READWRITE);
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
        } catch (SQLException e) {
            throw new RunStateException(file, operation, "cannot open: " + e.getMessage(), e);
        }
    }

    private static void verify(Connection c, Path file) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                for (String line : rs.getString(1).split("\n")) {
                    if (!line.isBlank() && !line.startsWith("*** in database")) {
                        problems.add(line.strip());
                    }
                }
            }
        }
        if (!problems.equals(List.of("ok"))) {
            throw new RunStateException(file, "open", "PRAGMA integrity_check failed: "
                    + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                    + (problems.size() > 5 ? "; ... (" + problems.size() + " problems)" : ""));
        }
        long appId = queryLong(c, "PRAGMA application_id");
        if (appId != StateSchema.APPLICATION_ID) {
            throw new RunStateException(file, "open", "an SQLite database, but not an activeseg state database "
                    + "(application_id 0x" + Long.toHexString(appId) + ", expected 0x"
                    + Integer.toHexString(StateSchema.APPLICATION_ID) + ")");
        }
        String version;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            version = rs.next() ? rs.getString(1) : null;
        }
        if (!Integer.toString(StateSchema.VERSION).equals(version)) {
            throw new RunStateException(file, "open", "schema version " + version + ", but this activeseg reads "
                    + "version " + StateSchema.VERSION + " only");
        }
    }

    private static void configure(Connection c, Path file) throws SQLException {
        String mode;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
            mode = rs.next() ? rs.getString(1) : "?";
        }
        if (!"wal".equalsIgnoreCase(mode)) {
            LOG.warn("{}: SQLite could not switch to WAL journaling (the file system may lack shared memory); "
                    + "using journal_mode={}, as crash-safe but readers wait for writers", file, mode);
        }
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("PRAGMA busy_timeout = 10000");
        }
        if (queryLong(c, "PRAGMA foreign_keys") != 1) {
            throw new RunStateException(file, "open", "this SQLite build cannot enforce foreign keys");
        }
    }

    private static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The run directory (absolute). */
    public Path runDir() {
        return runDir;
    }

    /** The configuration JSON the run was created with. */
    public String configJson() {
        return transaction("configJson", false, c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'config'")) {
                if (!rs.next()) {
                    throw new RunStateException(file, "configJson", "meta has no 'config' row");
                }
                return rs.getString(1);
            }
        });
    }

    /**
     * Replaces the stored configuration (used to extend a run by more rounds: every other setting
     * must stay, which the caller checks).
     */
    public void replaceConfig(String configJson) {
        Objects.requireNonNull(configJson, "configJson");
        transaction("replaceConfig", true, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE meta SET value = ? WHERE key = 'config'")) {
                ps.setString(1, configJson);
                if (ps.executeUpdate() != 1) {
                    throw new RunStateException(file, "replaceConfig", "meta has no 'config' row");
                }
            }
            return null;
        });
    }

    /** Meta keys the database itself owns; {@link #putMeta} refuses them. */
    private static final Set<String> OWN_META = Set.of("schema_version", "config", "created_at");

    /** Records a fact about the run (e.g. its provenance) under {@code key}, replacing an earlier value. */
    public void putMeta(String key, String value) {
        Objects.requireNonNull(value, "value");
        if (OWN_META.contains(key)) {
            throw new IllegalArgumentException("meta key '" + key + "' belongs to the database");
        }
        transaction("putMeta", true, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, value);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Every meta row (created_at, config, schema_version, and what {@link #putMeta} recorded), by key. */
    public Map<String, String> meta() {
        return transaction("meta", false, c -> {
            Map<String, String> m = new TreeMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT key, value FROM meta")) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getString(2));
                }
            }
            return m;
        });
    }

    /** When the last step of any track finished (ISO-8601), empty before the first. */
    public Optional<String> lastFinishedAt() {
        return transaction("lastFinishedAt", false, c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT max(t) FROM (SELECT max(finished_at) AS t FROM labelled_round UNION ALL"
                            + " SELECT max(finished_at) FROM checkpoint UNION ALL SELECT max(finished_at) FROM metrics)")) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    // ---- tracks and steps ----------------------------------------------------------------------

    /** Adds a track; fails if it exists. */
    public void addTrack(String strategy, long seed) {
        Track track = new Track(strategy, seed);
        transaction("addTrack(" + track + ")", true, c -> {
            if (findTrack(c, strategy, seed) != null) {
                throw new IllegalStateException(track + " is already in " + file);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO track (strategy, seed, added_at) VALUES (?, ?, ?)")) {
                ps.setString(1, strategy);
                ps.setLong(2, seed);
                ps.setString(3, Instant.now().toString());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** All tracks, ordered by strategy, then seed. */
    public List<Track> tracks() {
        return transaction("tracks", false, this::tracks);
    }

    private List<Track> tracks(Connection c) throws SQLException {
        List<Track> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT strategy, seed FROM track ORDER BY strategy, seed")) {
            while (rs.next()) {
                out.add(new Track(rs.getString(1), rs.getLong(2)));
            }
        }
        return List.copyOf(out);
    }

    /** The last step the track finished; empty before its seed set is labelled. */
    public Optional<StepMark> lastFinished(String strategy, long seed) {
        return transaction("lastFinished", false, c -> lastFinished(c, trackId(c, strategy, seed)));
    }

    /** The step the track must record next: {@link StepMark#FIRST}, or the one after {@link #lastFinished}. */
    public StepMark next(String strategy, long seed) {
        return lastFinished(strategy, seed).map(StepMark::next).orElse(StepMark.FIRST);
    }

    private static Optional<StepMark> lastFinished(Connection c, long trackId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT lr.round,
                       EXISTS (SELECT 1 FROM checkpoint k WHERE k.track_id = lr.track_id AND k.round = lr.round),
                       EXISTS (SELECT 1 FROM metrics m WHERE m.track_id = lr.track_id AND m.round = lr.round)
                FROM labelled_round lr WHERE lr.track_id = ? ORDER BY lr.round DESC LIMIT 1""")) {
            ps.setLong(1, trackId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Phase phase = rs.getBoolean(3) ? Phase.EVALUATED : rs.getBoolean(2) ? Phase.TRAINED : Phase.LABELLED;
                return Optional.of(new StepMark(rs.getInt(1), phase));
            }
        }
    }

    private void expectStep(Connection c, long trackId, Track track, StepMark step) throws SQLException {
        Optional<StepMark> last = lastFinished(c, trackId);
        StepMark next = last.map(StepMark::next).orElse(StepMark.FIRST);
        if (!next.equals(step)) {
            throw new IllegalStateException(track + " in " + file + ": cannot record " + step + "; its next step is "
                    + next + last.map(l -> " (last finished: " + l + ")").orElse(" (nothing recorded yet)"));
        }
    }

    // ---- labels --------------------------------------------------------------------------------

    /**
     * Records round {@code round}'s labelling of a track in one transaction: the regions given to
     * the oracle (in pick order), the pixels they labelled (ORed into the track's per-frame masks),
     * the per-frame scores the selection came from, and the LABELLED mark. Throws, recording
     * nothing, if (round, LABELLED) is not the track's next step, if any new pixel or any unit
     * (frame, kind, unit) is already labelled in the track, or if the arguments disagree with each
     * other: every region's round must be {@code round}, and per frame the regions' pixel counts
     * must add up to the new pixels of that frame.
     *
     * @param scoringMillisPerFrame scoring time per pool frame; NaN where nothing was scored
     */
    public void recordLabels(String strategy, long seed, int round, List<LabelledRegion> regions,
                             Map<String, BitSet> newPixels, List<FrameScoreRow> scores, double scoringMillisPerFrame) {
        Track track = new Track(strategy, seed);
        StepMark step = new StepMark(round, Phase.LABELLED);
        String operation = "recordLabels(" + track + ", round " + round + ")";
        checkLabels(track, round, regions, newPixels, scores);
        if (!(Double.isNaN(scoringMillisPerFrame) || scoringMillisPerFrame >= 0
                && scoringMillisPerFrame < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(operation + ": scoringMillisPerFrame must be NaN or finite >= 0, got "
                    + scoringMillisPerFrame);
        }
        Map<String, BitSet> added = new TreeMap<>();
        newPixels.forEach((frame, bits) -> {
            if (!bits.isEmpty()) {
                added.put(frame, (BitSet) bits.clone());
            }
        });
        transaction(operation, true, c -> {
            long trackId = trackId(c, strategy, seed);
            expectStep(c, trackId, track, step);
            checkUnitsNew(c, trackId, track, regions);
            Map<String, BitSet> merged = mergeMasks(c, trackId, track, round, added);

            long total = added.values().stream().mapToLong(BitSet::cardinality).sum();
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO labelled_round (track_id, round, regions, new_pixels, scoring_ms_per_frame, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                ps.setLong(1, trackId);
                ps.setInt(2, round);
                ps.setInt(3, regions.size());
                ps.setLong(4, total);
                setReal(ps, 5, scoringMillisPerFrame);
                ps.setString(6, Instant.now().toString());
                ps.executeUpdate();
            }
            faultPoint.accept("recordLabels:round");

            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO region (track_id, round, pick, frame, kind, unit, x, y, radius, pixels)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < regions.size(); i++) {
                    LabelledRegion r = regions.get(i);
                    ps.setLong(1, trackId);
                    ps.setInt(2, round);
                    ps.setInt(3, i);
                    ps.setString(4, r.frame());
                    ps.setString(5, r.kind().name());
                    ps.setInt(6, r.unit());
                    ps.setInt(7, r.x());
                    ps.setInt(8, r.y());
                    ps.setInt(9, r.radius());
                    ps.setLong(10, r.pixels());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            faultPoint.accept("recordLabels:regions");

            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO labelled_mask (track_id, frame, pixels, mask, updated_round) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (track_id, frame) DO UPDATE
                    SET pixels = excluded.pixels, mask = excluded.mask, updated_round = excluded.updated_round""")) {
                for (Map.Entry<String, BitSet> e : merged.entrySet()) {
                    ps.setLong(1, trackId);
                    ps.setString(2, e.getKey());
                    ps.setLong(3, e.getValue().cardinality());
                    ps.setBytes(4, e.getValue().toByteArray());
                    ps.setInt(5, round);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            faultPoint.accept("recordLabels:masks");

            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO frame_score (track_id, round, frame, ordinal, score) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < scores.size(); i++) {
                    ps.setLong(1, trackId);
                    ps.setInt(2, round);
                    ps.setString(3, scores.get(i).frame());
                    ps.setInt(4, i);
                    setReal(ps, 5, scores.get(i).score());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            faultPoint.accept("recordLabels:scores");
            return null;
        });
    }

    /** Argument checks that need no database. */
    private static void checkLabels(Track track, int round, List<LabelledRegion> regions,
                                    Map<String, BitSet> newPixels, List<FrameScoreRow> scores) {
        String where = track + ", round " + round;
        Map<String, Long> regionPixels = new HashMap<>();
        Set<String> units = new HashSet<>();
        for (LabelledRegion r : regions) {
            if (r.round() != round) {
                throw new IllegalArgumentException(where + ": a region of frame " + r.frame() + " says round " + r.round());
            }
            if (!units.add(r.frame() + '\0' + r.kind() + '\0' + r.unit())) {
                throw new IllegalArgumentException(where + ": frame " + r.frame() + " " + r.kind() + " " + r.unit()
                        + " appears twice in the regions");
            }
            regionPixels.merge(r.frame(), r.pixels(), Long::sum);
        }
        Set<String> frames = new TreeSet<>(regionPixels.keySet());
        for (Map.Entry<String, BitSet> e : newPixels.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(where + ": newPixels has a null frame id or mask (frame "
                        + e.getKey() + ")");
            }
            frames.add(e.getKey());
        }
        for (String frame : frames) {
            BitSet bits = newPixels.get(frame);
            long have = bits == null ? 0 : bits.cardinality();
            long claimed = regionPixels.getOrDefault(frame, 0L);
            if (have != claimed) {
                throw new IllegalArgumentException(where + ": frame " + frame + " has " + have + " new pixels, but its "
                        + "regions add up to " + claimed + " (a region's pixels are those it adds to the labelled set)");
            }
        }
        Set<String> scored = new HashSet<>();
        for (FrameScoreRow s : scores) {
            if (!scored.add(s.frame())) {
                throw new IllegalArgumentException(where + ": frame " + s.frame() + " is scored twice");
            }
        }
    }

    private void checkUnitsNew(Connection c, long trackId, Track track, List<LabelledRegion> regions)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT round FROM region WHERE track_id = ? AND frame = ? AND kind = ? AND unit = ?")) {
            for (LabelledRegion r : regions) {
                ps.setLong(1, trackId);
                ps.setString(2, r.frame());
                ps.setString(3, r.kind().name());
                ps.setInt(4, r.unit());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new IllegalArgumentException(track + " in " + file + ", round " + r.round() + ": frame "
                                + r.frame() + " " + r.kind() + " " + r.unit() + " was already labelled in round "
                                + rs.getInt(1) + "; nothing was recorded");
                    }
                }
            }
        }
    }

    /** The track's masks of the touched frames with the new pixels ORed in; throws on any overlap. */
    private Map<String, BitSet> mergeMasks(Connection c, long trackId, Track track, int round,
                                           Map<String, BitSet> added) throws SQLException {
        Map<String, BitSet> merged = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT mask FROM labelled_mask WHERE track_id = ? AND frame = ?")) {
            for (Map.Entry<String, BitSet> e : added.entrySet()) {
                ps.setLong(1, trackId);
                ps.setString(2, e.getKey());
                BitSet mask;
                try (ResultSet rs = ps.executeQuery()) {
                    mask = rs.next() ? BitSet.valueOf(rs.getBytes(1)) : new BitSet();
                }
                if (mask.intersects(e.getValue())) {
                    BitSet both = (BitSet) mask.clone();
                    both.and(e.getValue());
                    throw new IllegalArgumentException(track + " in " + file + ", round " + round + ": frame "
                            + e.getKey() + " pixel " + both.nextSetBit(0) + " is already labelled (" + both.cardinality()
                            + " of the frame's new pixels are); nothing was recorded");
                }
                mask.or(e.getValue());
                merged.put(e.getKey(), mask);
            }
        }
        return merged;
    }

    /** The track's labelled pixels per frame (copies), frames in order; only frames with labels. */
    public Map<String, BitSet> labelledPixels(String strategy, long seed) {
        return transaction("labelledPixels", false, c -> {
            long trackId = trackId(c, strategy, seed);
            Map<String, BitSet> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT frame, mask FROM labelled_mask WHERE track_id = ? ORDER BY frame")) {
                ps.setLong(1, trackId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), BitSet.valueOf(rs.getBytes(2)));
                    }
                }
            }
            return Collections.unmodifiableMap(out);
        });
    }

    /** Every region of the track, by round, then pick order. */
    public List<LabelledRegion> regions(String strategy, long seed) {
        return transaction("regions", false, c -> {
            long trackId = trackId(c, strategy, seed);
            List<LabelledRegion> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT frame, kind, unit, x, y, radius, pixels, round FROM region
                    WHERE track_id = ? ORDER BY round, pick""")) {
                ps.setLong(1, trackId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new LabelledRegion(rs.getString(1), Granularity.valueOf(rs.getString(2)), rs.getInt(3),
                                rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getLong(7), rs.getInt(8)));
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    /** Pixels labelled in the track so far, all frames. */
    public long labelledPixelCount(String strategy, long seed) {
        return transaction("labelledPixelCount", false, c -> {
            long trackId = trackId(c, strategy, seed);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT coalesce(sum(pixels), 0) FROM labelled_mask WHERE track_id = ?")) {
                ps.setLong(1, trackId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The per-frame scores recorded with the round's labels, in the order given; empty if none. */
    public List<FrameScoreRow> scores(String strategy, long seed, int round) {
        return transaction("scores", false, c -> {
            long trackId = trackId(c, strategy, seed);
            List<FrameScoreRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT frame, score FROM frame_score WHERE track_id = ? AND round = ? ORDER BY ordinal")) {
                ps.setLong(1, trackId);
                ps.setInt(2, round);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new FrameScoreRow(rs.getString(1), getReal(rs, 2)));
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    // ---- checkpoints ---------------------------------------------------------------------------

    /**
     * Marks round {@code round} of a track TRAINED with the checkpoint it saved. The file must exist
     * and have {@code bytes} bytes (write and fsync it before calling this); a path inside the run
     * directory is stored relative to it, so the directory can move.
     */
    public void recordCheckpoint(String strategy, long seed, int round, Path checkpoint, String sha256, long bytes,
                                 double trainingSeconds) {
        Track track = new Track(strategy, seed);
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
        String stored = (abs.startsWith(runDir) ? runDir.relativize(abs) : abs).toString();
        transaction(operation, true, c -> {
            long trackId = trackId(c, strategy, seed);
            expectStep(c, trackId, track, step);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO checkpoint (track_id, round, path, sha256, bytes, training_seconds, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setLong(1, trackId);
                ps.setInt(2, round);
                ps.setString(3, stored);
                ps.setString(4, hash);
                ps.setLong(5, bytes);
                ps.setDouble(6, trainingSeconds);
                ps.setString(7, Instant.now().toString());
                ps.executeUpdate();
            }
            faultPoint.accept("recordCheckpoint");
            return null;
        });
    }

    /** Scoring time per pool frame recorded with a round's labels; NaN where nothing was scored or the round is not LABELLED. */
    public double scoringMillisPerFrame(String strategy, long seed, int round) {
        return transaction("scoringMillisPerFrame", false, c -> {
            long trackId = trackId(c, strategy, seed);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT scoring_ms_per_frame FROM labelled_round WHERE track_id = ? AND round = ?")) {
                ps.setLong(1, trackId);
                ps.setInt(2, round);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? getReal(rs, 1) : Double.NaN;
                }
            }
        });
    }

    /** The checkpoint saved in a round, if that round is TRAINED. */
    public Optional<CheckpointRow> checkpoint(String strategy, long seed, int round) {
        return checkpointWhere("checkpoint", strategy, seed, "AND round = ?", round);
    }

    /** The checkpoint of the track's latest TRAINED round. */
    public Optional<CheckpointRow> latestCheckpoint(String strategy, long seed) {
        return checkpointWhere("latestCheckpoint", strategy, seed, "", -1);
    }

    private Optional<CheckpointRow> checkpointWhere(String operation, String strategy, long seed, String filter,
                                                    int round) {
        return transaction(operation, false, c -> {
            long trackId = trackId(c, strategy, seed);
            try (PreparedStatement ps = c.prepareStatement("SELECT round, path, sha256, bytes, training_seconds "
                    + "FROM checkpoint WHERE track_id = ? " + filter + " ORDER BY round DESC LIMIT 1")) {
                ps.setLong(1, trackId);
                if (!filter.isEmpty()) {
                    ps.setInt(2, round);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new CheckpointRow(rs.getInt(1), runDir.resolve(rs.getString(2)).normalize(),
                            rs.getString(3), rs.getLong(4), rs.getDouble(5)));
                }
            }
        });
    }

    // ---- metrics -------------------------------------------------------------------------------

    /** Marks round {@code round} of a track EVALUATED with its metrics. */
    public void recordMetrics(String strategy, long seed, int round, RoundMetrics m) {
        Track track = new Track(strategy, seed);
        StepMark step = new StepMark(round, Phase.EVALUATED);
        Objects.requireNonNull(m, "metrics");
        transaction("recordMetrics(" + track + ", round " + round + ")", true, c -> {
            long trackId = trackId(c, strategy, seed);
            expectStep(c, trackId, track, step);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO metrics (track_id, round, labelled_pixels, pool_pixels, labelled_fraction, regions,
                                         frames_touched, miou, pixel_accuracy, class_iou, scoring_ms_per_frame,
                                         training_seconds, peak_memory_bytes, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setLong(1, trackId);
                ps.setInt(2, round);
                ps.setLong(3, m.labelledPixels());
                ps.setLong(4, m.poolPixels());
                ps.setDouble(5, m.labelledFraction());
                ps.setLong(6, m.regions());
                ps.setInt(7, m.framesTouched());
                ps.setDouble(8, m.miou());
                ps.setDouble(9, m.pixelAccuracy());
                ps.setString(10, Json.write(m.classIou()).strip());
                setReal(ps, 11, m.scoringMillisPerFrame());
                ps.setDouble(12, m.trainingSeconds());
                ps.setLong(13, m.peakMemoryBytes());
                ps.setString(14, Instant.now().toString());
                ps.executeUpdate();
            }
            faultPoint.accept("recordMetrics");
            return null;
        });
    }

    /** Every evaluated round of every track, ordered by strategy, seed, round. */
    public List<RoundRow> metrics() {
        return transaction("metrics", false, c -> {
            List<RoundRow> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT t.strategy, t.seed, m.round, m.labelled_pixels, m.pool_pixels, m.labelled_fraction,
                           m.regions, m.frames_touched, m.miou, m.pixel_accuracy, m.class_iou,
                           m.scoring_ms_per_frame, m.training_seconds, m.peak_memory_bytes
                    FROM metrics m JOIN track t ON t.id = m.track_id
                    ORDER BY t.strategy, t.seed, m.round""")) {
                while (rs.next()) {
                    RoundMetrics m = new RoundMetrics(rs.getLong(4), rs.getLong(5), rs.getDouble(6), rs.getLong(7),
                            rs.getInt(8), rs.getDouble(9), rs.getDouble(10), parseClassIou(rs.getString(11)),
                            getReal(rs, 12), rs.getDouble(13), rs.getLong(14));
                    out.add(new RoundRow(rs.getString(1), rs.getLong(2), rs.getInt(3), m));
                }
            }
            return List.copyOf(out);
        });
    }

    /** Parses the JSON array that {@link Json#write} makes of a double[] (null = NaN). */
    private double[] parseClassIou(String json) {
        String s = json.strip();
        if (s.length() < 2 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']') {
            throw new RunStateException(file, "metrics", "class_iou is not a JSON array: " + json);
        }
        String body = s.substring(1, s.length() - 1).strip();
        if (body.isEmpty()) {
            return new double[0];
        }
        String[] parts = body.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            try {
                out[i] = p.equals("null") ? Double.NaN : Double.parseDouble(p);
            } catch (NumberFormatException e) {
                throw new RunStateException(file, "metrics", "class_iou entry " + i + " is not a number: " + p, e);
            }
        }
        return out;
    }

    // ---- plumbing ------------------------------------------------------------------------------

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: BEGIN IMMEDIATE (takes the write lock now) for writes,
     * BEGIN for reads (one consistent snapshot). Any exception rolls everything back.
     */
    private synchronized <T> T transaction(String operation, boolean write, SqlWork<T> work) {
        if (closed) {
            throw new IllegalStateException(file + " is closed (" + operation + ")");
        }
        try (Statement s = connection.createStatement()) {
            s.execute(write ? "BEGIN IMMEDIATE" : "BEGIN");
        } catch (SQLException e) {
            throw new RunStateException(file, operation, e.getMessage(), e);
        }
        try {
            T result = work.run(connection);
            try (Statement s = connection.createStatement()) {
                s.execute("COMMIT");
            }
            return result;
        } catch (SQLException e) {
            RunStateException failure = new RunStateException(file, operation, e.getMessage(), e);
            rollback(failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            rollback(e);
            throw e;
        }
    }

    private void rollback(Throwable cause) {
        try (Statement s = connection.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite rolls back by itself after some I/O errors; then there is nothing left to undo.
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                cause.addSuppressed(e);
            }
        }
    }

    private long trackId(Connection c, String strategy, long seed) throws SQLException {
        Long id = findTrack(c, strategy, seed);
        if (id == null) {
            throw new IllegalArgumentException(new Track(strategy, seed) + " is not in " + file + " (tracks: "
                    + tracks(c) + "); add it with addTrack");
        }
        return id;
    }

    private static Long findTrack(Connection c, String strategy, long seed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM track WHERE strategy = ? AND seed = ?")) {
            ps.setString(1, strategy);
            ps.setLong(2, seed);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** Binds a double, NaN as NULL (SQLite has no NaN). */
    private static void setReal(PreparedStatement ps, int index, double v) throws SQLException {
        if (Double.isNaN(v)) {
            ps.setNull(index, Types.REAL);
        } else {
            ps.setDouble(index, v);
        }
    }

    private static double getReal(ResultSet rs, int index) throws SQLException {
        double v = rs.getDouble(index);
        return rs.wasNull() ? Double.NaN : v;
    }

    /** Tests: called with a named point inside write transactions, to throw there. */
    void faultPoint(Consumer<String> hook) {
        this.faultPoint = Objects.requireNonNull(hook);
    }

    /** Tests and diagnostics: runs {@code PRAGMA <pragma>} and returns its first value. */
    synchronized String pragma(String pragma) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new RunStateException(file, "PRAGMA " + pragma, e.getMessage(), e);
        }
    }

    /** Closes the database (SQLite folds the WAL back into the file). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw new RunStateException(file, "close", e.getMessage(), e);
        }
    }
}
