package org.activeseg.report;

import java.util.ArrayList;
import java.util.List;

/**
 * rounds.csv: one row per strategy, seed and round, in the order of {@link RunReport#rounds()}, with one
 * IoU column per class named {@code iou_<class name>}. RFC 4180: CRLF line ends, a field quoted (quotes
 * doubled) when it holds a comma, quote, CR or LF. Numbers are written as Java's shortest round-trip
 * decimal ({@link Double#toString}); NaN (class absent, or not measured) is an empty field.
 */
public final class RoundsCsv {
    private RoundsCsv() {}

    public static final List<String> FIXED_COLUMNS = List.of("strategy", "seed", "round", "labelled_pixels",
            "pool_pixels", "labelled_fraction", "regions", "frames_touched", "miou", "pixel_accuracy");
    public static final List<String> COST_COLUMNS = List.of("scoring_ms_per_frame", "training_s", "peak_memory_bytes");

    public static String render(RunReport report) {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(FIXED_COLUMNS);
        for (String c : report.classNames()) {
            header.add("iou_" + c);
        }
        header.addAll(COST_COLUMNS);
        line(sb, header);
        for (RoundRecord r : report.rounds()) {
            List<String> f = new ArrayList<>(header.size());
            f.add(r.strategy());
            f.add(Long.toString(r.seed()));
            f.add(Integer.toString(r.round()));
            f.add(Long.toString(r.labelledPixels()));
            f.add(Long.toString(r.poolPixels()));
            f.add(number(r.labelledFraction()));
            f.add(Long.toString(r.regions()));
            f.add(Integer.toString(r.framesTouched()));
            f.add(number(r.miou()));
            f.add(number(r.pixelAccuracy()));
            for (int c = 0; c < r.classCount(); c++) {
                f.add(number(r.classIou(c)));
            }
            f.add(number(r.scoringMillisPerFrame()));
            f.add(number(r.trainingSeconds()));
            f.add(Long.toString(r.peakMemoryBytes()));
            line(sb, f);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(fields.get(i)));
        }
        sb.append("\r\n");
    }

    /** One field, quoted as RFC 4180 section 2 requires. */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static String number(double d) {
        return Double.isNaN(d) ? "" : Double.toString(d);
    }
}
