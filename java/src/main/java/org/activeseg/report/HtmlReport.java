package org.activeseg.report;

import java.io.IOException;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * report.html: one self-contained page (no external file, script, font or URL): title, the results
 * table (with the fully supervised model as a row and the area under each curve), the learning curves
 * (the SVG inlined), mIoU against every cost axis, the per-round tables, the per-class IoU heatmap,
 * every round's selection next to the ground truth (PNG as base64 data URIs, small frames upscaled),
 * the provenance and the configuration. Every piece of text from the run (title, strategy names,
 * frame ids, class names, configuration) is HTML-escaped.
 */
public final class HtmlReport {
    private HtmlReport() {}

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;\
            padding:0 1em;color:#222}
            h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;margin:.5em 0;font-size:.92em}
            th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}
            th{background:#f3f3f3}td.s,th.s{text-align:left}
            .curves svg{max-width:100%;height:auto}
            figure{display:inline-block;margin:.5em;vertical-align:top}
            figure img{max-width:480px;height:auto;image-rendering:pixelated;border:1px solid #ccc;margin-right:4px}
            figcaption{font-size:.85em;max-width:660px}
            .wide{overflow-x:auto}table.heat td{min-width:2.2em}
            th.v{vertical-align:bottom;height:8em;white-space:nowrap}th.v span{writing-mode:vertical-rl;transform:rotate(180deg)}
            .costs svg{margin:.3em}
            .swatch{display:inline-block;width:1em;height:1em;vertical-align:middle;border:1px solid #888;\
            margin:0 .3em 0 1em}
            .note{color:#555;font-size:.9em}pre{margin:0;white-space:pre-wrap}
            """;

    /**
     * @param curvesSvg the learning-curve SVG element (from {@link CurvePlot#svgElement()}), inlined as is
     */
    public static String render(RunReport report, LearningCurves curves, ResultsTable table, String curvesSvg)
            throws IOException {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(report.title())).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(escape(report.title())).append("</h1>\n");
        h.append("<p>Fully supervised mIoU: ").append(Double.isNaN(report.fullySupervisedMiou()) ? "unknown"
                : pct(report.fullySupervisedMiou()));
        table.targetMiou().ifPresent(t -> h.append("; target ").append(ratio(table.targetRatio()))
                .append(" of it: ").append(pct(t)));
        h.append(". Strategies: ").append(table.rows().size()).append(", round records: ")
                .append(report.rounds().size()).append(".</p>\n");

        results(h, report, curves, table);
        h.append("<h2>Learning curves</h2>\n<div class=\"curves\">\n").append(curvesSvg).append("\n</div>\n")
                .append("<p class=\"note\">Lines: mean mIoU across seeds per round, at the mean labelled fraction; "
                        + "shaded: &plusmn; one sample standard deviation across seeds");
        if (table.targetMiou().isPresent()) {
            h.append("; dashed: ").append(ratio(table.targetRatio())).append(" of the fully supervised mIoU");
        }
        h.append(".</p>\n");
        CostCurves.render(h, report);
        perRound(h, report, curves);
        ClassIouHeatmap.render(h, report);
        overlays(h, report);
        provenance(h, report.provenance());
        configuration(h, report.configuration());
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void results(StringBuilder h, RunReport report, LearningCurves curves, ResultsTable table) {
        h.append("<h2>Results</h2>\n<table>\n<tr><th class=\"s\">strategy</th><th>seeds</th><th>labelled fraction to reach ")
                .append(ratio(table.targetRatio())).append(" of full</th>");
        for (double b : table.budgets()) {
            h.append("<th>mIoU at ").append(pct(b)).append(" labelled</th>");
        }
        h.append("<th>mIoU at last round</th><th>area under the curve</th></tr>\n");
        if (!Double.isNaN(report.fullySupervisedMiou())) {
            h.append("<tr><td class=\"s\">fully supervised (every training pixel)</td><td>1</td><td>&ndash;</td>");
            for (double b : table.budgets()) {
                h.append("<td>&ndash;</td>");
            }
            h.append("<td>").append(String.format(Locale.ROOT, "%.1f", 100 * report.fullySupervisedMiou()))
                    .append(" at 100 %</td><td>&ndash;</td></tr>\n");
        }
        for (ResultsTable.Row row : table.rows()) {
            h.append("<tr><td class=\"s\">").append(escape(row.strategy())).append("</td><td>")
                    .append(row.seeds().size()).append("</td><td>").append(reach(table, row)).append("</td>");
            for (Optional<LearningCurves.AtBudget> at : row.atBudgets()) {
                h.append("<td>").append(at.map(a -> meanStd(a.meanMiou(), a.stdMiou(), a.seeds())
                        + (a.seeds() < row.seeds().size() ? " (" + a.seeds() + " seeds)" : "")).orElse("outside measured range"))
                        .append("</td>");
            }
            LearningCurves.Point last = row.lastCommon();
            h.append("<td>").append(meanStd(last.meanMiou(), last.stdMiou(), last.seeds())).append(" at ")
                    .append(pct(last.meanFraction())).append(" (round ").append(last.round()).append(")</td><td>")
                    .append(decimal(100 * curves.normalisedArea(row.strategy()), 1)).append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"note\">mIoU in % as mean &plusmn; sample standard deviation across seeds (n/a"
                + " with one seed). Fraction to reach: where the mean curve first reaches the target (linear between"
                + " rounds); in brackets the range over the seeds' own curves. Area under the curve: the mean curve's"
                + " mIoU (%) averaged over the labelled-fraction range it spans (trapezoids between rounds).</p>\n");
    }

    private static String reach(ResultsTable table, ResultsTable.Row row) {
        if (table.targetMiou().isEmpty()) {
            return "unknown (no fully supervised mIoU)";
        }
        if (row.fractionToTarget().isEmpty()) {
            return "not reached";
        }
        StringBuilder s = new StringBuilder(pct(row.fractionToTarget().getAsDouble()));
        Collection<OptionalDouble> perSeed = row.fractionToTargetPerSeed().values();
        double[] reached = perSeed.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble)
                .sorted().toArray();
        if (perSeed.size() > 1) {
            s.append(" (");
            if (reached.length > 0) {
                s.append(pct(reached[0])).append("&ndash;").append(pct(reached[reached.length - 1])).append(", ");
            }
            s.append(reached.length).append('/').append(perSeed.size()).append(" seeds reach it)");
        }
        return s.toString();
    }

    private static void perRound(StringBuilder h, RunReport report, LearningCurves curves) {
        h.append("<h2>Rounds</h2>\n<table>\n<tr><th class=\"s\">strategy</th><th>round</th><th>seeds</th>"
                + "<th>labelled fraction (mean)</th><th>mIoU (%) mean &plusmn; std</th><th>min</th><th>max</th></tr>\n");
        for (String s : curves.strategies()) {
            for (LearningCurves.Point p : curves.curve(s)) {
                h.append("<tr><td class=\"s\">").append(escape(s)).append("</td><td>").append(p.round()).append("</td><td>")
                        .append(p.seeds()).append("</td><td>").append(pct(p.meanFraction())).append("</td><td>")
                        .append(meanStd(p.meanMiou(), p.stdMiou(), p.seeds())).append("</td><td>").append(pct(p.minMiou()))
                        .append("</td><td>").append(pct(p.maxMiou())).append("</td></tr>\n");
            }
        }
        h.append("</table>\n<details><summary>Every round of every seed (").append(report.rounds().size())
                .append(" rows)</summary>\n<table>\n<tr><th class=\"s\">strategy</th><th>seed</th><th>round</th>"
                        + "<th>labelled pixels</th><th>labelled fraction</th><th>regions</th><th>frames touched</th>"
                        + "<th>mIoU</th><th>pixel accuracy</th><th>scoring ms / frame</th><th>training s</th>"
                        + "<th>peak memory MiB</th></tr>\n");
        for (RoundRecord r : report.rounds()) {
            h.append("<tr><td class=\"s\">").append(escape(r.strategy())).append("</td><td>").append(r.seed())
                    .append("</td><td>").append(r.round()).append("</td><td>").append(r.labelledPixels())
                    .append("</td><td>").append(pct(r.labelledFraction())).append("</td><td>").append(r.regions())
                    .append("</td><td>").append(r.framesTouched()).append("</td><td>").append(pct(r.miou()))
                    .append("</td><td>").append(pct(r.pixelAccuracy())).append("</td><td>")
                    .append(decimal(r.scoringMillisPerFrame(), 2)).append("</td><td>").append(decimal(r.trainingSeconds(), 1))
                    .append("</td><td>").append(r.peakMemoryBytes() == 0 ? "&ndash;"
                            : decimal(r.peakMemoryBytes() / (1024.0 * 1024.0), 1))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n</details>\n");
    }

    private static void overlays(StringBuilder h, RunReport report) throws IOException {
        if (report.overlays().isEmpty()) {
            return;
        }
        h.append("<h2>Selected regions</h2>\n<p>").append(swatch(OverlayImage.LABELLED)).append("labelled before the round")
                .append(swatch(OverlayImage.SELECTED)).append("selected in the round; beside it the ground truth (one colour"
                        + " per class, black: ignore), the prediction of the model that made the selection (the previous"
                        + " round's) and its uncertainty (softmax entropy / ln C, white 0 to dark red 1). Every round of"
                        + " each strategy's first seed, on the frame where it labelled most.</p>\n");
        for (Overlay o : report.overlays()) {
            int selected = o.selectedThisRound().cardinality();
            int before = o.labelledBefore().cardinality();
            String caption = o.strategy() + ", seed " + o.seed() + ", round " + o.round() + ": frame " + o.frameId();
            int k = OverlayImage.scale(o.width());
            h.append("<figure><img alt=\"").append(escape(caption)).append("\" width=\"").append(k * o.width())
                    .append("\" height=\"").append(k * o.height()).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(OverlayImage.displayPng(o))).append("\">");
            panel(h, o, k, "ground truth of frame ", OverlayImage.labelsPng(o));
            String model = o.model() == null ? "" : " of the round " + o.model().round() + " model";
            panel(h, o, k, "prediction" + model + " on frame ", OverlayImage.predictionPng(o));
            panel(h, o, k, "uncertainty" + model + " on frame ", OverlayImage.uncertaintyPng(o));
            h.append("\n<figcaption>")
                    .append(escape(caption)).append("<br>").append(before).append(" px labelled before, ")
                    .append(selected).append(" px selected (")
                    .append(decimal(100.0 * selected / ((long) o.width() * o.height()), 2))
                    .append(" % of the frame)</figcaption></figure>\n");
        }
    }

    private static void panel(StringBuilder h, Overlay o, int k, String alt, Optional<byte[]> png) {
        png.ifPresent(bytes -> h.append("<img alt=\"").append(escape(alt + o.frameId())).append("\" width=\"")
                .append(k * o.width()).append("\" height=\"").append(k * o.height())
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(bytes)).append("\">"));
    }

    private static String swatch(java.awt.Color c) {
        return String.format(Locale.ROOT, "<span class=\"swatch\" style=\"background:#%02x%02x%02x\"></span>",
                c.getRed(), c.getGreen(), c.getBlue());
    }

    private static void provenance(StringBuilder h, Map<String, Object> provenance) {
        if (provenance.isEmpty()) {
            return;
        }
        h.append("<h2>Provenance</h2>\n<table>\n");
        for (Map.Entry<String, Object> e : provenance.entrySet()) {
            h.append("<tr><th class=\"s\">").append(escape(e.getKey())).append("</th><td class=\"s\">")
                    .append(escape(String.valueOf(e.getValue()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void configuration(StringBuilder h, Map<String, Object> configuration) {
        h.append("<h2>Configuration</h2>\n");
        if (configuration.isEmpty()) {
            h.append("<p class=\"note\">none recorded</p>\n");
            return;
        }
        h.append("<table>\n");
        for (Map.Entry<String, Object> e : configuration.entrySet()) {
            Object v = e.getValue();
            String text = v instanceof CharSequence || v instanceof Number || v instanceof Boolean || v == null
                    ? String.valueOf(v) : Json.write(v).strip();
            h.append("<tr><th class=\"s\">").append(escape(e.getKey())).append("</th><td class=\"s\"><pre>")
                    .append(escape(text)).append("</pre></td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A fraction in [0, 1] as a percentage: two decimals below 10 %, one above. */
    static String pct(double fraction) {
        double p = 100 * fraction;
        return String.format(Locale.ROOT, p < 10 ? "%.2f %%" : "%.1f %%", p);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * r);
    }

    /** Mean &plusmn; standard deviation in %; "n/a" for the deviation of a single seed, which has none. */
    static String meanStd(double mean, double std, int seeds) {
        return seeds < 2 ? String.format(Locale.ROOT, "%.1f &plusmn; n/a", 100 * mean)
                : String.format(Locale.ROOT, "%.1f &plusmn; %.2f", 100 * mean, 100 * std);
    }

    private static String decimal(double v, int digits) {
        return Double.isNaN(v) ? "&ndash;" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
