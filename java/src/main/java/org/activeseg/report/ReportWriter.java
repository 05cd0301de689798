package org.activeseg.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the outputs of a run into a directory: {@value #ROUNDS_CSV}, {@value #RESULTS_JSON},
 * {@value #CURVES_PNG}, {@value #CURVES_SVG} and {@value #REPORT_HTML}.
 *
 * <p>All five are rendered in memory first, so a failure while rendering writes nothing. Each file is then
 * written to a hidden temporary file in the same directory, forced to disk, and moved over the target
 * in one atomic rename: a reader, or a run killed halfway, sees either the old file or the new one,
 * never a part. (A kill between two renames leaves some files new and some old, each one whole.) A
 * temporary file is deleted when its write or move fails.
 */
public final class ReportWriter {
    private ReportWriter() {}

    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);

    public static final String ROUNDS_CSV = "rounds.csv";
    public static final String RESULTS_JSON = "results.json";
    public static final String CURVES_PNG = "curves.png";
    public static final String CURVES_SVG = "curves.svg";
    public static final String REPORT_HTML = "report.html";
    /** Suffix of the temporary files (a leading dot hides them); none survives a finished write. */
    static final String TEMP_SUFFIX = ".tmp";

    /** Writes with {@link ResultsTable#DEFAULT_BUDGETS} and {@link ResultsTable#DEFAULT_TARGET_RATIO}. */
    public static void write(RunReport report, Path dir) throws IOException {
        write(report, dir, ResultsTable.DEFAULT_BUDGETS, ResultsTable.DEFAULT_TARGET_RATIO);
    }

    /**
     * @param budgets labelled fractions in (0, 1] at which the mIoU is reported
     * @param targetRatio share of the fully supervised mIoU for "fraction to reach"
     */
    public static void write(RunReport report, Path dir, List<Double> budgets, double targetRatio) throws IOException {
        LearningCurves curves = LearningCurves.of(report.rounds());
        ResultsTable table = ResultsTable.of(report, curves, budgets, targetRatio);
        CurvePlot plot = CurvePlot.of(report.title(), curves, table.targetMiou(), targetRatio);
        String svgElement = plot.svgElement();

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ROUNDS_CSV, utf8(RoundsCsv.render(report)));
        files.put(RESULTS_JSON, utf8(ResultsJson.render(report, curves, table)));
        files.put(CURVES_PNG, plot.png());
        files.put(CURVES_SVG, utf8(plot.svg()));
        files.put(REPORT_HTML, utf8(HtmlReport.render(report, curves, table, svgElement)));

        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            writeAtomically(dir.resolve(f.getKey()), f.getValue());
        }
    }

    /** Writes {@code content} to {@code target} through a temporary sibling and an atomic rename. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + TEMP_SUFFIX);
        try {
            // CREATE_NEW with default permissions (Files.createTempFile would make the report owner-only)
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                LOG.warn("{}: the file system cannot rename atomically ({}); replacing the file non-atomically",
                        target, e.getMessage());
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
