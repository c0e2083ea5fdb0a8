package dev.facet.report.chart;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.xy.DefaultIntervalXYDataset;

/**
 * The feature-density histogram of a dictionary: how many concepts fire on a given fraction of
 * tokens, on a log₁₀ axis (the standard sparse-autoencoder health plot: a bump of ultra-sparse
 * concepts or a pile at 0 shows trouble). Dead concepts (frequency 0) have no logarithm; they are
 * counted in the title instead ("… · 12 dead").
 */
public final class DensityHistogramChart {

    /** Label of the x axis. */
    public static final String X_LABEL = "log10 firing density";
    /** Label of the y axis. */
    public static final String Y_LABEL = "concepts";

    private DensityHistogramChart() {
    }

    /**
     * Renders the histogram of {@code log10(f)} over the concepts with {@code f > 0}.
     *
     * @param firingFrequencies per concept, the fraction of tokens on which it fires, each in [0, 1]
     * @param bins number of bins, in [1, 10000]
     */
    public static BufferedImage render(double[] firingFrequencies, int bins, int width, int height) {
        return ChartStyle.render(chart(firingFrequencies, bins), width, height);
    }

    /** The chart {@link #render} draws. */
    static JFreeChart chart(double[] firingFrequencies, int bins) {
        if (bins < 1 || bins > 10_000) {
            throw ConfigException.outOfRange("density histogram bins", bins, "[1, 10000]");
        }
        double[] logs = logFrequencies(firingFrequencies);
        int dead = firingFrequencies.length - logs.length;
        String title = "Firing density · " + firingFrequencies.length + " concepts · " + dead + " dead";
        XYPlot plot;
        if (logs.length == 0) {
            plot = new XYPlot(new DefaultIntervalXYDataset(), new NumberAxis(X_LABEL), new NumberAxis(Y_LABEL),
                    new XYBarRenderer());
            plot.setNoDataMessage(firingFrequencies.length == 0 ? "no concepts" : "every concept is dead");
        } else {
            double lo = Arrays.stream(logs).min().getAsDouble();
            double hi = Arrays.stream(logs).max().getAsDouble();
            if (hi - lo < 1e-9) {
                lo -= 0.5;
                hi += 0.5;
            }
            long[] counts = Histograms.count(logs, lo, hi, bins);
            plot = Histograms.barPlot(lo, hi, counts, X_LABEL, Y_LABEL, Histograms.wantsLogScale(counts));
        }
        JFreeChart chart = new JFreeChart(title, null, plot, false);
        return ChartStyle.apply(chart);
    }

    private static double[] logFrequencies(double[] frequencies) {
        if (frequencies == null) {
            throw new InvalidDataException("firing frequencies: expected one value per concept, found null");
        }
        double[] logs = new double[frequencies.length];
        int alive = 0;
        for (int i = 0; i < frequencies.length; i++) {
            double f = frequencies[i];
            if (!(f >= 0 && f <= 1)) {
                throw new InvalidDataException("firing frequency of concept " + i
                        + ": expected a fraction of tokens in [0, 1], found " + f);
            }
            if (f > 0) {
                logs[alive++] = Math.log10(f);
            }
        }
        return Arrays.copyOf(logs, alive);
    }
}
