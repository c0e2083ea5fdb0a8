package dev.facet.report.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

class HistogramChartsTest {

    private static double[] frequencies(int alive, int dead) {
        Random random = new Random(7);
        double[] f = new double[alive + dead];
        for (int i = 0; i < alive; i++) {
            f[i] = Math.pow(10, -1 - 4 * random.nextDouble());
        }
        return f;
    }

    @Test
    void densityHistogramCountsDeadConceptsInTheTitle() {
        double[] f = frequencies(100, 12);
        JFreeChart chart = DensityHistogramChart.chart(f, 20);
        assertTrue(chart.getTitle().getText().endsWith("· 12 dead"), chart.getTitle().getText());
        XYPlot plot = chart.getXYPlot();
        assertEquals(DensityHistogramChart.X_LABEL, plot.getDomainAxis().getLabel());
        assertEquals(DensityHistogramChart.Y_LABEL, plot.getRangeAxis().getLabel());
        assertEquals(100, total(plot.getDataset()), "every live concept is in one bin");
        BufferedImage image = DensityHistogramChart.render(f, 20, 500, 300);
        assertEquals(500, image.getWidth());
        assertEquals(300, image.getHeight());
        assertTrue(ChartImages.barPixels(image) > 500, "bars drawn: " + ChartImages.barPixels(image));
    }

    @Test
    void densityHistogramOfOnlyDeadConceptsIsAnEmptyChart() {
        JFreeChart chart = DensityHistogramChart.chart(new double[5], 10);
        assertTrue(chart.getTitle().getText().endsWith("· 5 dead"), chart.getTitle().getText());
        BufferedImage image = DensityHistogramChart.render(new double[5], 10, 300, 200);
        assertEquals(0, ChartImages.barPixels(image));
        assertTrue(ChartImages.nonWhite(image) > 0, "title and axes are drawn");
        assertEquals(300, DensityHistogramChart.render(new double[0], 10, 300, 200).getWidth());
        assertTrue(ChartImages.barPixels(DensityHistogramChart.render(new double[] {0.01, 0.01}, 10, 300, 200)) > 0,
                "identical frequencies still give a visible bar");
    }

    @Test
    void densityHistogramRejectsBadInput() {
        assertThrows(InvalidDataException.class, () -> DensityHistogramChart.render(null, 10, 100, 100));
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> DensityHistogramChart.render(new double[] {0.1, -0.2}, 10, 100, 100));
        assertTrue(e.getMessage().contains("-0.2"), e.getMessage());
        assertThrows(InvalidDataException.class, () -> DensityHistogramChart.render(new double[] {Double.NaN}, 10, 100, 100));
        assertThrows(ConfigException.class, () -> DensityHistogramChart.render(new double[] {0.1}, 0, 100, 100));
        assertThrows(ConfigException.class, () -> DensityHistogramChart.render(new double[] {0.1}, 10, 100, -1));
    }

    @Test
    void activationHistogramDrawsBars() {
        long[] counts = {50, 40, 30, 20, 10, 5, 2, 1};
        JFreeChart chart = ActivationHistogramChart.chart(0, 4, counts, "concept 7");
        assertEquals("concept 7", chart.getTitle().getText());
        assertInstanceOf(NumberAxis.class, chart.getXYPlot().getRangeAxis());
        assertEquals(158, total(chart.getXYPlot().getDataset()));
        XYDataset dataset = chart.getXYPlot().getDataset();
        assertEquals(0.25, dataset.getXValue(0, 0), 1e-12, "bar centres");
        BufferedImage image = ActivationHistogramChart.render(0, 4, counts, 400, 250, "concept 7");
        assertEquals(400, image.getWidth());
        assertEquals(250, image.getHeight());
        assertTrue(ChartImages.barPixels(image) > 500, "bars drawn: " + ChartImages.barPixels(image));
    }

    @Test
    void activationHistogramSwitchesToLogCountsOverTwoDecades() {
        long[] counts = {100_000, 3_000, 200, 0, 7, 1};
        JFreeChart chart = ActivationHistogramChart.chart(0.1, 9.5, counts, null);
        assertInstanceOf(LogAxis.class, chart.getXYPlot().getRangeAxis());
        assertEquals(5, chart.getXYPlot().getDataset().getItemCount(0), "the empty bin is left out on a log axis");
        BufferedImage image = ActivationHistogramChart.render(0.1, 9.5, counts, 300, 200, null);
        assertTrue(ChartImages.barPixels(image) > 100);
    }

    @Test
    void activationHistogramOfZeroCountsWorks() {
        BufferedImage image = ActivationHistogramChart.render(0, 1, new long[10], 300, 200, "dead concept");
        assertEquals(300, image.getWidth());
        assertTrue(ChartImages.nonWhite(image) > 0);
    }

    @Test
    void activationHistogramRejectsBadInput() {
        ConfigException range = assertThrows(ConfigException.class,
                () -> ActivationHistogramChart.render(2, 1, new long[] {1}, 100, 100, "t"));
        assertTrue(range.getMessage().contains("lo < hi"), range.getMessage());
        assertThrows(ConfigException.class, () -> ActivationHistogramChart.render(0, Double.NaN, new long[] {1}, 100, 100, "t"));
        assertThrows(InvalidDataException.class, () -> ActivationHistogramChart.render(0, 1, new long[0], 100, 100, "t"));
        assertThrows(InvalidDataException.class, () -> ActivationHistogramChart.render(0, 1, null, 100, 100, "t"));
        InvalidDataException negative = assertThrows(InvalidDataException.class,
                () -> ActivationHistogramChart.render(0, 1, new long[] {3, -1}, 100, 100, "t"));
        assertTrue(negative.getMessage().contains("bin 1"), negative.getMessage());
    }

    @Test
    void countingBinsCoversTheClosedRange() {
        assertArrayEquals(new long[] {2, 1, 2}, Histograms.count(new double[] {0, 0.2, 1.5, 2.9, 3}, 0, 3, 3));
    }

    private static long total(XYDataset dataset) {
        long sum = 0;
        for (int i = 0; i < dataset.getItemCount(0); i++) {
            sum += Math.round(dataset.getYValue(0, i));
        }
        return sum;
    }
}
