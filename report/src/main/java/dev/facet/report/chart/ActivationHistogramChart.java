package dev.facet.report.chart;

import java.awt.image.BufferedImage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

/**
 * The histogram of one concept's non-zero activations, from bin counts computed elsewhere (e.g.
 * while streaming the activation store). The count axis turns logarithmic when non-zero counts
 * span more than two decades, so the long tail of strong activations stays visible.
 */
public final class ActivationHistogramChart {

    /** Label of the x axis. */
    public static final String X_LABEL = "activation";
    /** Label of the y axis. */
    public static final String Y_LABEL = "tokens";

    private ActivationHistogramChart() {
    }

    /**
     * Renders {@code counts} as bars over equal-width bins of [lo, hi].
     *
     * @param lo lower edge of the first bin, finite, below {@code hi}
     * @param hi upper edge of the last bin
     * @param counts per bin, each {@code >= 0}, at least one bin; all zeros draws an empty histogram
     * @param title chart title, or {@code null} for none
     */
    public static BufferedImage render(double lo, double hi, long[] counts, int width, int height, String title) {
        return ChartStyle.render(chart(lo, hi, counts, title), width, height);
    }

    /** The chart {@link #render} draws. */
    static JFreeChart chart(double lo, double hi, long[] counts, String title) {
        boolean logY = counts != null && Histograms.wantsLogScale(counts);
        XYPlot plot = Histograms.barPlot(lo, hi, counts, X_LABEL, Y_LABEL, logY);
        return ChartStyle.apply(new JFreeChart(title, null, plot, false));
    }
}
