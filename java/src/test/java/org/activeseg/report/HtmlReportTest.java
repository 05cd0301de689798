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
        assertEquals(1, count(html, "<svg"), "the curves are inlined once");

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

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
