package org.activeseg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class CurvePlotTest {

    private static CurvePlot samplePlot(OptionalDouble target) {
        RunReport run = SampleRuns.twoStrategies();
        return CurvePlot.of(run.title(), LearningCurves.of(run.rounds()), target, 0.95);
    }

    @Test
    void pngDecodesAtTheDeclaredSizeAndShowsTheSeriesColours() throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(samplePlot(OptionalDouble.of(0.57)).png()));
        assertNotNull(img, "ImageIO could not decode the PNG");
        assertEquals(CurvePlot.WIDTH, img.getWidth());
        assertEquals(CurvePlot.HEIGHT, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                colours.add(img.getRGB(x, y) & 0xffffff);
            }
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(colours.contains(CurvePlot.colour(i).getRGB() & 0xffffff), "no pixel of series colour " + i);
        }
        assertFalse(colours.contains(CurvePlot.colour(2).getRGB() & 0xffffff), "a third series colour with two strategies");
    }

    @Test
    void svgIsWellFormedXmlWithOneLinePerStrategyABandAndTheTargetLine() throws Exception {
        String svg = samplePlot(OptionalDouble.of(0.57)).svg();
        Document doc = parse(svg);
        assertEquals("svg", doc.getDocumentElement().getTagName());

        // series lines are stroked 2 px wide in the strategy's colour (legend entries included)
        Set<String> lineColours = new HashSet<>();
        Set<String> dashedColours = new HashSet<>();
        Set<String> translucentFills = new HashSet<>();
        Pattern stroke = Pattern.compile("stroke:(rgb\\(\\d+,\\d+,\\d+\\))");
        Pattern fill = Pattern.compile("fill:(rgb\\(\\d+,\\d+,\\d+\\));fill-opacity");
        for (String tag : List.of("line", "path", "polyline", "polygon")) {
            NodeList nodes = doc.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                String style = ((Element) nodes.item(i)).getAttribute("style");
                Matcher m = stroke.matcher(style);
                if (m.find() && style.contains("stroke-width:2;")) {
                    lineColours.add(m.group(1));
                }
                if (m.find(0) && style.contains("stroke-dasharray")) {
                    dashedColours.add(m.group(1));
                }
                Matcher f = fill.matcher(style);
                if (f.find()) {
                    translucentFills.add(f.group(1));
                }
            }
        }
        assertEquals(Set.of(rgb(CurvePlot.colour(0)), rgb(CurvePlot.colour(1))), lineColours);
        assertTrue(dashedColours.contains(rgb(CurvePlot.TARGET_COLOUR)), "no dashed target line: " + dashedColours);
        assertTrue(translucentFills.containsAll(lineColours), "a spread band per strategy: " + translucentFills);
    }

    @Test
    void svgHasNoTargetLineWhenFullySupervisedMiouIsUnknown() throws Exception {
        String svg = samplePlot(OptionalDouble.empty()).svg();
        parse(svg);
        assertFalse(svg.contains("stroke:" + rgb(CurvePlot.TARGET_COLOUR)), "target line drawn without a target");
    }

    @Test
    void oneSeedDrawsNoBand() throws Exception {
        LearningCurves c = LearningCurves.of(List.of(SampleRuns.record("a", 1, 0, 0.1, 0.3),
                SampleRuns.record("a", 1, 1, 0.2, 0.4)));
        String svg = CurvePlot.of("t", c, OptionalDouble.empty(), 0.95).svg();
        parse(svg);
        assertFalse(svg.contains("fill:" + rgb(CurvePlot.colour(0)) + ";fill-opacity"));
    }

    /** Parses with DOCTYPEs refused: the SVG must not point at an external DTD. */
    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    static String rgb(Color c) {
        return "rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")";
    }
}
