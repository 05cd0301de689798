package org.activeseg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The learning-curve figure: mIoU (%) against labelled fraction (%), one line per strategy through the
 * mean of its seeds, with a translucent band of +/- one sample standard deviation across seeds (drawn
 * only where some round has a spread), and a dashed horizontal line at the target (95 % of the fully
 * supervised mIoU) when that is known. Drawn by XChart; SVG through VectorGraphics2D, which writes text
 * as glyph outlines, so the SVG needs no fonts. Strategy i gets {@link #colour(int)}.
 */
public final class CurvePlot {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    /** Line colours (Tableau 10 without its grey, which the target line uses). */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0xbcbd22),
        new Color(0x17becf)};
    static final Color TARGET_COLOUR = new Color(0x555555);
    private static final int BAND_ALPHA = 56;

    /** The XML prolog and the SVG 1.1 DOCTYPE (which points at an external DTD) that VectorGraphics2D writes. */
    private static final Pattern SVG_PREAMBLE = Pattern.compile("\\A\\s*(<\\?xml[^>]*\\?>\\s*)?(<!DOCTYPE[^>]*>\\s*)?");

    private final XYChart chart;

    private CurvePlot(XYChart chart) {
        this.chart = chart;
    }

    /** Colour of the i-th strategy's line (cycling after nine). */
    public static Color colour(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /**
     * @param target the mIoU the dashed line marks (empty: no line)
     * @param targetRatio its share of the fully supervised mIoU, for the legend
     */
    public static CurvePlot of(String title, LearningCurves curves, OptionalDouble target, double targetRatio) {
        HeadlessAwt.ensure();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("labelled fraction (%)").yAxisTitle("mIoU (%)").build();
        var st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(Color.GRAY);
        st.setPlotGridLinesColor(new Color(0xdddddd));
        // solid: VectorGraphics2D writes a dashed grid line as one outline per dash (hundreds of kB of SVG)
        st.setPlotGridLinesStroke(new BasicStroke(1f));
        st.setLegendPosition(Styler.LegendPosition.InsideSE);
        st.setLegendBorderColor(Color.LIGHT_GRAY);
        st.setChartTitleBoxVisible(false);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        st.setXAxisDecimalPattern("0.##");
        st.setYAxisDecimalPattern("0.#");
        st.setMarkerSize(6);

        List<String> strategies = curves.strategies();
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < strategies.size(); i++) {
            List<LearningCurves.Point> c = curves.curve(strategies.get(i));
            int n = c.size();
            double[] x = new double[n];
            double[] y = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            boolean spread = false;
            for (int k = 0; k < n; k++) {
                LearningCurves.Point p = c.get(k);
                x[k] = 100 * p.meanFraction();
                y[k] = 100 * p.meanMiou();
                lo[k] = 100 * (p.meanMiou() - p.stdMiou());
                hi[k] = 100 * (p.meanMiou() + p.stdMiou());
                spread |= p.stdMiou() > 0;
                xMin = Math.min(xMin, x[k]);
                xMax = Math.max(xMax, x[k]);
            }
            Color colour = colour(i);
            if (spread && n > 1) {
                // the band: upper edge left to right, lower edge back, closed as one polygon
                double[] bx = new double[2 * n];
                double[] by = new double[2 * n];
                for (int k = 0; k < n; k++) {
                    bx[k] = x[k];
                    by[k] = hi[k];
                    bx[2 * n - 1 - k] = x[k];
                    by[2 * n - 1 - k] = lo[k];
                }
                XYSeries band = chart.addSeries("band of series " + i + " (not in legend)", bx, by);
                band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                band.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), BAND_ALPHA));
                band.setLineStyle(SeriesLines.NONE);
                band.setMarker(SeriesMarkers.NONE);
                band.setShowInLegend(false);
            }
            XYSeries line = chart.addSeries(legendName(strategies.get(i), curves.seeds(strategies.get(i)).size()), x, y);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(colour);
            line.setMarkerColor(colour);
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        if (target.isPresent() && !strategies.isEmpty()) {
            double t = 100 * target.getAsDouble();
            XYSeries line = chart.addSeries(String.format(Locale.ROOT, "%.0f %% of fully supervised (%.1f)",
                    100 * targetRatio, t), new double[] {xMin, xMax}, new double[] {t, t});
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(TARGET_COLOUR);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
        }
        return new CurvePlot(chart);
    }

    private static String legendName(String strategy, int seeds) {
        return strategy + " (" + seeds + (seeds == 1 ? " seed)" : " seeds)");
    }

    /** The figure as PNG, {@link #WIDTH} x {@link #HEIGHT}. */
    public byte[] png() throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /** The figure as a standalone SVG document, without the external-DTD DOCTYPE. */
    public String svg() throws IOException {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n" + svgElement();
    }

    /** The SVG element alone (no prolog), for inlining into HTML. */
    public String svgElement() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return SVG_PREAMBLE.matcher(out.toString(StandardCharsets.UTF_8)).replaceFirst("");
    }
}
