package org.activeseg.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-class IoU per round as an HTML table coloured as a heatmap: one row per (strategy, round), the
 * mean across seeds, one column per class present in the test split (a class whose IoU is NaN in
 * every record is left out). White is 0, dark blue 1; a cell's number stays readable on both.
 */
final class ClassIouHeatmap {
    private ClassIouHeatmap() {}

    static void render(StringBuilder h, RunReport report) {
        List<String> names = report.classNames();
        boolean[] present = new boolean[names.size()];
        Map<String, List<RoundRecord>> rows = new LinkedHashMap<>();
        for (RoundRecord r : report.rounds()) {
            rows.computeIfAbsent(r.strategy() + "\u0000" + r.round(), k -> new ArrayList<>()).add(r);
            for (int c = 0; c < present.length; c++) {
                present[c] |= !Double.isNaN(r.classIou(c));
            }
        }
        h.append("<h2>Per-class IoU</h2>\n<p class=\"note\">IoU (%) on the test split per strategy and round, the mean"
                + " across seeds; classes absent from the test split are left out.</p>\n<div class=\"wide\"><table"
                + " class=\"heat\">\n<tr><th class=\"s\">strategy</th><th>round</th>");
        for (int c = 0; c < names.size(); c++) {
            if (present[c]) {
                h.append("<th class=\"v\"><span>").append(HtmlReport.escape(names.get(c))).append("</span></th>");
            }
        }
        h.append("</tr>\n");
        for (List<RoundRecord> group : rows.values()) {
            RoundRecord first = group.getFirst();
            h.append("<tr><td class=\"s\">").append(HtmlReport.escape(first.strategy())).append("</td><td>")
                    .append(first.round()).append("</td>");
            for (int c = 0; c < names.size(); c++) {
                if (!present[c]) {
                    continue;
                }
                double sum = 0;
                int n = 0;
                for (RoundRecord r : group) {
                    if (!Double.isNaN(r.classIou(c))) {
                        sum += r.classIou(c);
                        n++;
                    }
                }
                if (n == 0) {
                    h.append("<td>&ndash;</td>");
                    continue;
                }
                double v = sum / n;
                h.append(String.format(Locale.ROOT, "<td style=\"background:%s;color:%s\">%.0f</td>", colour(v),
                        v > 0.55 ? "#fff" : "#222", 100 * v));
            }
            h.append("</tr>\n");
        }
        h.append("</table></div>\n");
    }

    /** White (0) to dark blue (1), linear in each channel. */
    static String colour(double v) {
        double t = Math.max(0, Math.min(1, v));
        int r = (int) Math.round(255 + t * (8 - 255));
        int g = (int) Math.round(255 + t * (48 - 255));
        int b = (int) Math.round(255 + t * (107 - 255));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }
}
