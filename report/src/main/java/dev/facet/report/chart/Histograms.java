package dev.facet.report.chart;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import java.util.Arrays;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.xy.DefaultIntervalXYDataset;

/** A bar plot of precomputed histogram counts over equal-width bins, shared by the histogram charts. */
final class Histograms {

    /** The y axis turns logarithmic when the largest non-zero count exceeds the smallest by this factor. */
    static final double LOG_SPAN = 100;

    private Histograms() {
    }

    /** Counts of {@code values} in {@code bins} equal-width bins over [lo, hi] (the last bin is closed). */
    static long[] count(double[] values, double lo, double hi, int bins) {
        long[] counts = new long[bins];
        double width = (hi - lo) / bins;
        for (double v : values) {
            int bin = (int) Math.floor((v - lo) / width);
            counts[Math.max(0, Math.min(bins - 1, bin))]++;
        }
        return counts;
    }

    /** Whether non-zero {@code counts} span more than two decades. */
    static boolean wantsLogScale(long[] counts) {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long c : counts) {
            if (c > 0) {
                min = Math.min(min, c);
                max = Math.max(max, c);
            }
        }
        return max > 0 && max > LOG_SPAN * min;
    }

    /**
     * A plot with one bar per bin of [lo, hi]; with {@code logY} the y axis is logarithmic and empty
     * bins are left out (they have no height on a log axis).
     */
    static XYPlot barPlot(double lo, double hi, long[] counts, String xLabel, String yLabel, boolean logY) {
        check(lo, hi, counts);
        double width = (hi - lo) / counts.length;
        double base = logY ? 0.5 : 0;
        int n = 0;
        double[][] series = new double[6][counts.length];
        for (int i = 0; i < counts.length; i++) {
            if (logY && counts[i] == 0) {
                continue;
            }
            double start = lo + i * width;
            double[] row = {start + width / 2, start, start + width, counts[i], base, counts[i]};
            for (int k = 0; k < 6; k++) {
                series[k][n] = row[k];
            }
            n++;
        }
        double[][] data = new double[6][];
        for (int k = 0; k < 6; k++) {
            data[k] = Arrays.copyOf(series[k], n);
        }
        DefaultIntervalXYDataset dataset = new DefaultIntervalXYDataset();
        dataset.addSeries(yLabel, data);
        NumberAxis xAxis = new NumberAxis(xLabel);
        xAxis.setAutoRangeIncludesZero(false);
        xAxis.setRange(lo, hi);
        ValueAxis yAxis = logY ? ChartStyle.logAxis(yLabel) : new NumberAxis(yLabel);
        if (logY) {
            long max = Arrays.stream(counts).max().orElse(1);
            yAxis.setRange(base, max * 2.0);
        }
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setUseYInterval(true);
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
        plot.setDomainGridlinesVisible(false);
        return plot;
    }

    private static void check(double lo, double hi, long[] counts) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
            throw ConfigException.outOfRange("histogram range", "[" + lo + ", " + hi + "]", "finite lo < hi");
        }
        if (counts == null || counts.length == 0) {
            throw new InvalidDataException("histogram counts: expected at least one bin, found "
                    + (counts == null ? "null" : "0 bins"));
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new InvalidDataException("histogram counts: expected counts >= 0, found " + counts[i]
                        + " in bin " + i);
            }
        }
    }
}
