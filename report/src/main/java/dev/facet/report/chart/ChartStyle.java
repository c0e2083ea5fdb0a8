package dev.facet.report.chart;

import dev.facet.report.picture.Fonts;
import dev.facet.spi.ConfigException;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.ui.RectangleInsets;

/** The white theme shared by Facet's charts, and their rendering to images. */
final class ChartStyle {

    /** Series colours: matplotlib's "tab10" qualitative palette. */
    private static final Paint[] SERIES = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    /** Colour of histogram bars: the first series colour, which the theme gives the single series. */
    static final Color BAR = (Color) SERIES[0];
    private static final Color GRID = new Color(0xdddddd);
    private static final Color TEXT = new Color(0x222222);
    private static final int MAX_SIZE = 16384;

    private ChartStyle() {
    }

    /** Applies the theme (white background, light grid, DejaVu Sans, flat bars, anti-aliasing). */
    static JFreeChart apply(JFreeChart chart) {
        StandardChartTheme theme = new StandardChartTheme("facet");
        theme.setExtraLargeFont(Fonts.sans(Font.BOLD, 15));
        theme.setLargeFont(Fonts.sans(Font.BOLD, 13));
        theme.setRegularFont(Fonts.sans(Font.PLAIN, 12));
        theme.setSmallFont(Fonts.sans(Font.PLAIN, 10));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setLegendBackgroundPaint(Color.WHITE);
        theme.setPlotOutlinePaint(GRID);
        theme.setDomainGridlinePaint(GRID);
        theme.setRangeGridlinePaint(GRID);
        theme.setTitlePaint(TEXT);
        theme.setSubtitlePaint(TEXT);
        theme.setAxisLabelPaint(TEXT);
        theme.setTickLabelPaint(TEXT);
        theme.setLegendItemPaint(TEXT);
        theme.setAxisOffset(RectangleInsets.ZERO_INSETS);
        theme.setShadowVisible(false);
        theme.setXYBarPainter(new StandardXYBarPainter());
        theme.setDrawingSupplier(new DefaultDrawingSupplier(SERIES, DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE, DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        theme.apply(chart);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart;
    }

    /** A base-10 log axis with ticks at whole powers of ten (10⁰, 10¹, …). */
    static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return axis;
    }

    /** {@code chart} drawn on a white {@code width × height} {@link BufferedImage#TYPE_INT_RGB} image. */
    static BufferedImage render(JFreeChart chart, int width, int height) {
        requireSize("chart width", width);
        requireSize("chart height", height);
        return chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
    }

    private static void requireSize(String field, int value) {
        if (value < 1 || value > MAX_SIZE) {
            throw ConfigException.outOfRange(field, value, "[1, " + MAX_SIZE + "]");
        }
    }
}
