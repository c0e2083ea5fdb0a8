package dev.facet.report.chart;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import java.awt.BasicStroke;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training curves of a dictionary learner (loss, L0, dead fraction, R², …) as one chart: curves
 * with the same {@link Curve#panel()} share a subplot, panels are stacked vertically in order of
 * first appearance over a shared x axis (step or epoch). A panel whose values are all positive
 * and span more than two decades gets a logarithmic y axis. NaN and infinite points are skipped,
 * so a curve logged only every few steps or with a diverged value still draws.
 */
public final class TrainingCurves {

    /** Label of the shared x axis. */
    public static final String X_LABEL = "step";
    /** A panel gets a log axis when its largest value exceeds its smallest by more than this factor. */
    static final double LOG_SPAN = 100;

    /**
     * One named curve.
     *
     * @param panel the subplot it is drawn in, also its y-axis label (e.g. "loss")
     * @param name its legend entry (e.g. "train loss")
     * @param x steps or epochs
     * @param y values, same length as {@code x}
     */
    public record Curve(String panel, String name, double[] x, double[] y) {
        public Curve {
            if (panel == null || panel.isBlank() || name == null || name.isBlank()) {
                throw new ConfigException("training curve: expected a non-blank panel and name, found panel '"
                        + panel + "', name '" + name + "'");
            }
            if (x == null || y == null || x.length != y.length) {
                throw new InvalidDataException("training curve '" + name + "': expected x and y of equal length, found "
                        + (x == null ? "null" : x.length) + " and " + (y == null ? "null" : y.length));
            }
        }
    }

    private TrainingCurves() {
    }

    /**
     * Renders {@code curves} into one {@code width × height} image.
     *
     * @throws ConfigException when {@code curves} is null or empty
     */
    public static BufferedImage render(List<Curve> curves, int width, int height) {
        return ChartStyle.render(chart(curves), width, height);
    }

    /** The chart {@link #render} draws. */
    static JFreeChart chart(List<Curve> curves) {
        if (curves == null || curves.isEmpty()) {
            throw new ConfigException("training curves: expected at least one curve, found "
                    + (curves == null ? "null" : "none"));
        }
        Map<String, List<Curve>> panels = new LinkedHashMap<>();
        for (Curve curve : curves) {
            if (curve == null) {
                throw new InvalidDataException("training curves: expected curves, found a null entry");
            }
            panels.computeIfAbsent(curve.panel(), p -> new ArrayList<>()).add(curve);
        }
        NumberAxis xAxis = new NumberAxis(X_LABEL);
        xAxis.setAutoRangeIncludesZero(false);
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        for (Curve curve : curves) {
            for (int i = 0; i < curve.x().length; i++) {
                if (Double.isFinite(curve.x()[i]) && Double.isFinite(curve.y()[i])) {
                    xMin = Math.min(xMin, curve.x()[i]);
                    xMax = Math.max(xMax, curve.x()[i]);
                }
            }
        }
        if (xMin == xMax) {
            xAxis.setRange(xMin - 1, xMax + 1);
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(xAxis);
        plot.setGap(8);
        panels.forEach((panel, members) -> plot.add(subplot(panel, members), 1));
        JFreeChart chart = new JFreeChart(null, null, plot, true);
        return ChartStyle.apply(chart);
    }

    /** Curves with at most this many points also show a marker per point (a single point has no line). */
    private static final int FEW_POINTS = 12;

    /** Relative span below which a panel's values count as constant. */
    private static final double FLAT = 1e-6;

    private static XYPlot subplot(String panel, List<Curve> members) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Curve curve : members) {
            if (dataset.getSeriesIndex(curve.name()) >= 0) {
                throw new InvalidDataException("training curves: panel '" + panel + "' has two curves named '"
                        + curve.name() + "'; expected unique names within a panel");
            }
            XYSeries series = new XYSeries(curve.name(), false, true);
            for (int i = 0; i < curve.x().length; i++) {
                double x = curve.x()[i];
                double y = curve.y()[i];
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    series.add(x, y, false);
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
            dataset.addSeries(series);
        }
        boolean log = min > 0 && max > LOG_SPAN * min;
        ValueAxis yAxis = log ? ChartStyle.logAxis(panel) : new NumberAxis(panel);
        if (yAxis instanceof NumberAxis number) {
            number.setAutoRangeIncludesZero(false);
            if (min <= max && max - min <= FLAT * Math.max(1, Math.abs(max))) {
                // A constant curve (TopK's L0, no dead concepts) gets a readable band around its value.
                double pad = Math.max(Math.abs(max) * 0.1, 0.05);
                number.setRange(min - pad, max + pad);
            }
        }
        boolean fewPoints = members.stream().allMatch(curve -> curve.x().length <= FEW_POINTS);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, fewPoints);
        renderer.setDefaultStroke(new BasicStroke(1.6f));
        renderer.setAutoPopulateSeriesStroke(false);
        return new XYPlot(dataset, null, yAxis, renderer);
    }
}
