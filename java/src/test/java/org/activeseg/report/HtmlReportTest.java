package org.activeseg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static String render(RunReport run) throws Exception {
        LearningCurves curves = LearningCurves.of(run.rounds());
        ResultsTable table = ResultsTable.of(run, curves, ResultsTable.DEFAULT_BUDGETS, 0.95);
        CurvePlot plot = CurvePlot.of(run.title(), curves, table.targetMiou(), 0.95);
        return HtmlReport.render(run, curves, table, plot.svgElement());
    }

    @Test
    void escapesMarkupCharacters() {
        assertEquals("&lt;b&gt; &amp; &quot;q&quot; &#39;s&#39;", HtmlReport.escape("<b> & \"q\" 's'"));
        assertEquals("plain ünïcode", HtmlReport.escape("plain ünïcode"));
        assertEquals("&amp;amp;", HtmlReport.escape("&amp;"), "already-escaped text is escaped again");
    }

    @Test
    void escapesEveryPieceOfRunTextAndRunsNoScript() throws Exception {
        String html = render(SampleRuns.twoStrategies());
        assertFalse(html.contains("<script"), "a strategy name injected a script element");
        assertFalse(html.contains("frame<7>"));
        assertFalse(html.contains("synthetic <rooms>"));
        assertFalse(html.contains("Run <1>"));
        assertTrue(html.contains(HtmlReport.escape(SampleRuns.HOSTILE)));
        assertTrue(html.contains("<title>Run &lt;1&gt; &amp; &quot;friends&quot;</title>"));
        assertTrue(html.contains("scene0000_00/frame&lt;7&gt;"));
        assertTrue(html.contains("synthetic &lt;rooms&gt;"));
    }

    @Test
    void isSelfContained() throws Exception {
        String html = render(SampleRuns.twoStrategies());
        assertFalse(Pattern.compile("(?i)<(link|script|iframe|object|embed)\\b").matcher(html).find());
        assertFalse(Pattern.compile("(?i)\\b(src|href)\\s*=\\s*\"(?!data:)").matcher(html).find(),
                "a src or href that is not a data URI");
        assertFalse(Pattern.compile("(?i)url\\(\\s*['\"]?\\s*[^#'\"\\s]").matcher(html).find(), "a url() that is not a fragment");
        assertFalse(html.contains("<!DOCTYPE svg"), "the SVG DOCTYPE points at an external DTD");
        assertEquals(1 + CostCurves.AXES.size(), count(html, "<svg"), "the curves, and one chart per cost axis");

        // every embedded image decodes as a PNG of the overlay's size
        Matcher m = Pattern.compile("<img [^>]*width=\"(\\d+)\" height=\"(\\d+)\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")
                .matcher(html);
        int images = 0;
        while (m.find()) {
            var img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(3))));
            assertNotNull(img);
            assertEquals(Integer.parseInt(m.group(1)), img.getWidth());
            assertEquals(Integer.parseInt(m.group(2)), img.getHeight());
            images++;
        }
        assertEquals(1, images);
    }

    @Test
    void showsTheResultsTableWithNotReachedAndBudgets() throws Exception {
        String html = render(SampleRuns.twoStrategies());
        int table = html.indexOf("<h2>Results</h2>");
        int end = html.indexOf("</table>", table);
        String results = html.substring(table, end);
        assertTrue(results.contains("<th>mIoU at 5.00 % labelled</th><th>mIoU at 10.0 % labelled</th>"
                + "<th>mIoU at 20.0 % labelled</th>"), results);
        assertTrue(results.contains("<tr><td class=\"s\">random</td><td>2</td><td>not reached</td>"
                + "<td>41.0 &plusmn; 1.41</td><td>46.0 &plusmn; 1.41</td><td>52.0 &plusmn; 2.83</td>"), results);
        // mean curve: 9.29 %; seeds reach it at 8.75 % to 10.0 %
        assertTrue(results.contains("<td>3</td><td>9.29 % (8.75 %&ndash;10.0 %, 3/3 seeds reach it)</td>"), results);
        assertTrue(html.contains("labelled before the round") && html.contains("selected in the round"), "legend");
    }

    @Test
    void saysWhenTheFullySupervisedMiouIsUnknown() throws Exception {
        RunReport s = SampleRuns.twoStrategies();
        String html = render(new RunReport(s.title(), s.classNames(), s.rounds(), Double.NaN, List.of(), s.configuration()));
        assertTrue(html.contains("unknown (no fully supervised mIoU)"));
        assertFalse(html.contains("not reached"));
        assertFalse(html.contains("Selected regions"), "no overlay section without overlays");
        assertTrue(ResultsTable.of(s, LearningCurves.of(s.rounds()), List.of(), 0.95).targetMiou()
                .equals(OptionalDouble.of(0.95 * 0.6)));
    }

    @Test
    void hasWhatResearchersExpect() throws Exception {
        RunReport s = SampleRuns.twoStrategies();
        java.util.Map<String, Object> provenance = new java.util.LinkedHashMap<>();
        provenance.put("command_line", "activeseg run --out <dir>");
        provenance.put("wall time", "3 min 02 s");
        String html = render(new RunReport(s.title(), s.classNames(), s.rounds(), s.fullySupervisedMiou(), s.overlays(),
                s.configuration(), provenance));
        String results = html.substring(html.indexOf("<h2>Results</h2>"), html.indexOf("</table>", html.indexOf("<h2>Results")));
        assertTrue(results.contains("<tr><td class=\"s\">fully supervised (every training pixel)</td><td>1</td>"), results);
        assertTrue(results.contains("60.0 at 100 %"), results);
        // random's mean curve: (1 %, 31), (5 %, 41), (10 %, 46), (20 %, 52): trapezoids / 19 % = 44.8
        double area = (0.04 * (0.31 + 0.41) / 2 + 0.05 * (0.41 + 0.46) / 2 + 0.10 * (0.46 + 0.52) / 2) / 0.19;
        assertTrue(results.contains(String.format(java.util.Locale.ROOT, "<td>%.1f</td></tr>", 100 * area)), results);

        String heat = html.substring(html.indexOf("<h2>Per-class IoU</h2>"), html.indexOf("</table>", html.indexOf("<h2>Per-class IoU")));
        assertTrue(heat.contains("<span>wall</span>") && heat.contains("<span>floor</span>"), heat);
        assertFalse(heat.contains("chair"), "a class absent from the test split gets no column: " + heat);
        assertEquals(2 * 4, count(heat, "<tr><td class=\"s\">"), "a row per strategy and round");

        assertTrue(html.contains("aria-label=\"mIoU against regions (clicks)\"") && html.contains(
                "aria-label=\"mIoU against frames touched\"") && html.contains("aria-label=\"mIoU against labelled pixels\""));
        assertTrue(html.contains("<h2>Provenance</h2>") && html.contains("activeseg run --out &lt;dir&gt;")
                && html.contains("3 min 02 s"), "provenance");
    }

    @Test
    void oneSeedShowsNoSpreadAndSmallFramesAreUpscaledBesideTheirGroundTruth() throws Exception {
        RunReport s = SampleRuns.twoStrategies();
        List<RoundRecord> oneSeed = s.rounds().stream().filter(r -> r.seed() == 1).toList();
        Overlay o = SampleRuns.overlay();
        byte[] labels = new byte[o.width() * o.height()];
        labels[3] = (byte) 255;
        Overlay withTruth = new Overlay(o.strategy(), o.seed(), o.round(), o.frameId(), o.width(), o.height(), o.rgb(),
                o.labelledBefore(), o.selectedThisRound(), labels);
        String html = render(new RunReport(s.title(), s.classNames(), oneSeed, s.fullySupervisedMiou(), List.of(withTruth),
                s.configuration()));
        assertTrue(html.contains("&plusmn; n/a"), "one seed has no spread");
        assertFalse(html.contains("&plusmn; 0.00"), "no fake zero spread");
        int k = OverlayImage.scale(o.width());
        assertEquals(8, k, "a 4-pixel-wide frame is shown 8 times larger");
        Matcher m = Pattern.compile("<img [^>]*width=\"(\\d+)\" height=\"(\\d+)\" src=\"data:image/png;base64,"
                + "([A-Za-z0-9+/=]+)\"").matcher(html);
        int images = 0;
        while (m.find()) {
            var img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(3))));
            assertEquals(k * o.width(), img.getWidth());
            assertEquals(k * o.height(), img.getHeight());
            images++;
        }
        assertEquals(2, images, "the selection and the ground truth side by side");
        assertTrue(html.contains("alt=\"ground truth of frame scene0000_00/frame&lt;7&gt;\""), "ground-truth image");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
