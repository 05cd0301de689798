package org.activeseg.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * mIoU against each annotation cost the run records (labelled pixels, regions or clicks, frames
 * touched) as small inline SVG charts, one line per strategy through its rounds (means across seeds).
 * The labelled fraction has the main learning-curve plot; these show whether a strategy that wins
 * per pixel also wins per click or per frame an annotator opens.
 */
final class CostCurves {
    private CostCurves() {}

    /** A cost axis: its title and how to read it off a record. */
    record Axis(String title, ToDoubleFunction<RoundRecord> value) {}

    static final List<Axis> AXES = List.of(
            new Axis("labelled pixels", r -> r.labelledPixels()),
            new Axis("regions (clicks)", r -> r.regions()),
            new Axis("frames touched", r -> r.framesTouched()));

    private static final String[] COLOURS = {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
        "#f0e442", "#000000"};
    private static final int W = 340;
    private static final int H = 230;
    private static final int LEFT = 48;
    private static final int BOTTOM = 36;
    private static final int TOP = 12;
    private static final int RIGHT = 12;

    static void render(StringBuilder h, RunReport report) {
        Map<String, TreeMap<Integer, List<RoundRecord>>> byStrategy = new LinkedHashMap<>();
        for (RoundRecord r : report.rounds()) {
            byStrategy.computeIfAbsent(r.strategy(), k -> new TreeMap<>()).computeIfAbsent(r.round(),
                    k -> new ArrayList<>()).add(r);
        }
        if (byStrategy.isEmpty()) {
            return;
        }
        h.append("<h2>mIoU against each annotation cost</h2>\n<div class=\"costs\">\n");
        for (Axis axis : AXES) {
            chart(h, axis, byStrategy);
        }
        h.append("</div>\n<p>");
        int i = 0;
        for (String s : byStrategy.keySet()) {
            h.append("<span class=\"swatch\" style=\"background:").append(COLOURS[i++ % COLOURS.length])
                    .append("\"></span>").append(HtmlReport.escape(s));
        }
        h.append("</p>\n<p class=\"note\">Each point is a round: the mean cost and mean mIoU across seeds. Regions"
                + " count what the strategy selects (frames, superpixels, windows or pixels).</p>\n");
    }

    private static void chart(StringBuilder h, Axis axis, Map<String, TreeMap<Integer, List<RoundRecord>>> data) {
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        double maxX = 0;
        double maxY = 0;
        for (Map.Entry<String, TreeMap<Integer, List<RoundRecord>>> e : data.entrySet()) {
            List<double[]> pts = new ArrayList<>();
            for (List<RoundRecord> group : e.getValue().values()) {
                double x = group.stream().mapToDouble(axis.value()).average().orElse(0);
                double y = group.stream().mapToDouble(RoundRecord::miou).average().orElse(0);
                pts.add(new double[] {x, y});
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
            }
            lines.put(e.getKey(), pts);
        }
        maxX = maxX > 0 ? maxX : 1;
        maxY = maxY > 0 ? Math.min(1, maxY * 1.1) : 1;
        double pw = W - LEFT - RIGHT;
        double ph = H - TOP - BOTTOM;
        h.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"mIoU against %s\">", W, H, W, H,
                HtmlReport.escape(axis.title())));
        h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\""
                + " stroke=\"#999\"/>", LEFT, TOP, pw, ph));
        for (int t = 0; t <= 4; t++) {
            double y = TOP + ph - t * ph / 4;
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">"
                    + "%.0f</text>", LEFT - 4, y + 3, 100 * maxY * t / 4));
            double x = LEFT + t * pw / 4;
            h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">"
                    + "%s</text>", x, TOP + (int) ph + 13, compact(maxX * t / 4)));
        }
        h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s"
                + "</text>", LEFT + pw / 2, H - 6, HtmlReport.escape(axis.title())));
        h.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 12 %.1f)\">mIoU (%%)</text>", TOP + ph / 2, TOP + ph / 2));
        int i = 0;
        for (Map.Entry<String, List<double[]>> e : lines.entrySet()) {
            String colour = COLOURS[i++ % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : e.getValue()) {
                double x = LEFT + p[0] / maxX * pw;
                double y = TOP + ph - p[1] / maxY * ph;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                h.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>", x, y,
                        colour));
            }
            h.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colour).append("\" points=\"")
                    .append(pts.toString().strip()).append("\"><title>").append(HtmlReport.escape(e.getKey()))
                    .append("</title></polyline>");
        }
        h.append("</svg>\n");
    }

    private static String compact(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.1f", v);
    }
}
