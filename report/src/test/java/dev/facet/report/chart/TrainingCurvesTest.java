package dev.facet.report.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.report.chart.TrainingCurves.Curve;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

class TrainingCurvesTest {

    private static double[] steps(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 10;
        }
        return x;
    }

    private static List<Curve> curves() {
        int n = 50;
        double[] loss = new double[n];
        double[] val = new double[n];
        double[] l0 = new double[n];
        double[] r2 = new double[n];
        for (int i = 0; i < n; i++) {
            loss[i] = 10 * Math.pow(0.85, i); // spans more than two decades
            val[i] = 1.2 * loss[i];
            l0[i] = 200 - 3 * i;
            r2[i] = i % 7 == 3 ? Double.NaN : 1 - Math.exp(-i / 10.0);
        }
        r2[11] = Double.POSITIVE_INFINITY;
        return List.of(new Curve("loss", "train loss", steps(n), loss), new Curve("L0", "L0", steps(n), l0),
                new Curve("loss", "validation loss", steps(n), val), new Curve("R²", "R²", steps(n), r2));
    }

    @Test
    void rendersTheRequestedSizeWithContent() {
        BufferedImage image = TrainingCurves.render(curves(), 640, 720);
        assertEquals(640, image.getWidth());
        assertEquals(720, image.getHeight());
        assertTrue(ChartImages.nonWhite(image) > 2000, "non-white pixels: " + ChartImages.nonWhite(image));
    }

    @Test
    void panelsAreStackedInOrderWithAutomaticLogScale() {
        JFreeChart chart = TrainingCurves.chart(curves());
        CombinedDomainXYPlot plot = assertInstanceOf(CombinedDomainXYPlot.class, chart.getPlot());
        List<XYPlot> panels = plot.getSubplots();
        assertEquals(3, panels.size());
        assertEquals("loss", panels.get(0).getRangeAxis().getLabel());
        assertEquals(2, panels.get(0).getDataset().getSeriesCount(), "train and validation loss share a panel");
        assertInstanceOf(LogAxis.class, panels.get(0).getRangeAxis());
        assertInstanceOf(NumberAxis.class, panels.get(1).getRangeAxis());
        assertEquals("R²", panels.get(2).getRangeAxis().getLabel());
        // 50 points, 7 NaN (i % 7 == 3) and one infinity are skipped.
        assertEquals(50 - 7 - 1, panels.get(2).getDataset().getItemCount(0));
        assertEquals(TrainingCurves.X_LABEL, plot.getDomainAxis().getLabel());
    }

    @Test
    void aConstantPanelGetsABandAroundItsValue() {
        double[] steps = {10, 20, 30};
        JFreeChart chart = TrainingCurves.chart(List.of(
                new TrainingCurves.Curve("L0", "active codes", steps, new double[] {4, 4, 4}),
                new TrainingCurves.Curve("dead fraction", "dead", steps, new double[] {0, 0, 0})));
        List<XYPlot> panels = ((CombinedDomainXYPlot) chart.getPlot()).getSubplots();
        NumberAxis l0 = (NumberAxis) panels.get(0).getRangeAxis();
        assertEquals(3.6, l0.getLowerBound(), 1e-9);
        assertEquals(4.4, l0.getUpperBound(), 1e-9);
        NumberAxis dead = (NumberAxis) panels.get(1).getRangeAxis();
        assertEquals(-0.05, dead.getLowerBound(), 1e-9);
        assertEquals(0.05, dead.getUpperBound(), 1e-9);
    }

    @Test
    void aSinglePointGetsAnXRangeAndAMarker() {
        JFreeChart chart = TrainingCurves.chart(List.of(
                new TrainingCurves.Curve("loss", "epoch loss", new double[] {1}, new double[] {1.34})));
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) chart.getPlot();
        assertEquals(0, plot.getDomainAxis().getLowerBound(), 1e-9);
        assertEquals(2, plot.getDomainAxis().getUpperBound(), 1e-9);
        var renderer = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) plot.getSubplots().get(0).getRenderer();
        assertTrue(renderer.getDefaultShapesVisible(), "a lone point is drawn as a marker");
        assertTrue(ChartImages.nonWhite(TrainingCurves.render(List.of(
                new TrainingCurves.Curve("loss", "epoch loss", new double[] {1}, new double[] {1.34})), 300, 200)) > 0);
    }

    @Test
    void curvesWithOnlyNonFinitePointsStillRender() {
        Curve empty = new Curve("loss", "diverged", new double[] {1, 2}, new double[] {Double.NaN, Double.NaN});
        BufferedImage image = TrainingCurves.render(List.of(empty), 200, 150);
        assertEquals(200, image.getWidth());
        assertTrue(ChartImages.nonWhite(image) > 0);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(ConfigException.class, () -> TrainingCurves.render(List.of(), 100, 100));
        assertThrows(ConfigException.class, () -> TrainingCurves.render(null, 100, 100));
        assertThrows(ConfigException.class, () -> TrainingCurves.render(curves(), 0, 100));
        InvalidDataException lengths = assertThrows(InvalidDataException.class,
                () -> new Curve("loss", "train", new double[3], new double[2]));
        assertTrue(lengths.getMessage().contains("3") && lengths.getMessage().contains("2"), lengths.getMessage());
        assertThrows(ConfigException.class, () -> new Curve(" ", "train", new double[0], new double[0]));
        Curve a = new Curve("loss", "train", new double[] {1}, new double[] {1});
        assertThrows(InvalidDataException.class, () -> TrainingCurves.render(List.of(a, a), 100, 100));
    }
}
