package dev.facet.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The region acceptance of every registered attribution method (docs/algorithms.md#region-acceptance):
 * on {@link CubicBackbone}, whose score depends only on the pixels of a known region of a
 * non-square image, the share of positive attribution mass inside the region,
 * {@code Σ_{p ∈ R} max(0, a_p) / Σ_p max(0, a_p)}, is at least 90 %; for Sobol and RISE, whose
 * maps are smooth at the scale of their mask cells, within half a cell and one cell of the region
 * (see {@link #cases()}), and for RISE on its map less its floor.
 */
class RegionAcceptanceTest {
    private static final RunContext CONTEXT = RunContext.builder().setOutputDirectory(Path.of("target")).build();
    private static final Objective SCORE = Objective.channel("score", 0);
    /** A cell of a 7 × 7 grid on the 112 × 168 image. */
    private static final int CELL_ROWS = 16;
    private static final int CELL_COLUMNS = 24;

    /**
     * 112 × 168 image; with a 7 × 7 grid a cell is 16 × 24 pixels; the region, rows [16, 64) and
     * columns [24, 96), is cell rows and columns 1 to 3, and its edges lie on the default occlusion stride (4). Pixels
     * two cells or more from the region (rows from 96 or columns from 144) are far from it.
     */
    private static CubicBackbone backbone() {
        return new CubicBackbone(112, 168, 16, 64, 24, 96);
    }

    /**
     * One method: its registered id, the settings it is created with, whether its map is measured
     * less its floor, and the margin (pixels, rows and columns) by which the region is grown.
     */
    record Case(String id, Map<String, Object> settings, boolean lessFloor, int marginRows, int marginColumns) {
        static Case strict(String id, Map<String, Object> settings) {
            return new Case(id, settings, false, 0, 0);
        }

        @Override
        public String toString() {
            return id + (settings.isEmpty() ? "" : " " + settings) + (lessFloor ? " less floor" : "")
                    + (marginRows > 0 ? " within " + marginRows + "x" + marginColumns + " px" : "");
        }
    }

    /**
     * Every registered method. Occlusion and the gradient methods are held to the region itself.
     * Sobol's s × s indices are upsampled bicubically, which spreads a cell's index half a cell
     * past it, so Sobol is held to the region grown by half a cell. RISE's map is the mean score
     * over the masks that keep a pixel, so it carries E[f] at every pixel, the floor, which the
     * method does not subtract (neither do the paper and Xplique); and its masks are smooth at the
     * scale of a cell. RISE is held to its map less the floor, within one cell of the region.
     */
    static Stream<Case> cases() {
        return Stream.of(
                Case.strict("occlusion", Map.of()),
                new Case("rise", Map.of(), true, CELL_ROWS, CELL_COLUMNS),
                new Case("sobol", Map.of("grid", 7), false, CELL_ROWS / 2, CELL_COLUMNS / 2),
                Case.strict("saliency", Map.of()),
                Case.strict("gradient-input", Map.of()),
                Case.strict("integrated-gradients", Map.of()),
                Case.strict("smoothgrad", Map.of()),
                Case.strict("smoothgrad", Map.of("statistic", "variance")));
    }

    @Test
    void theCasesCoverEveryRegisteredMethod() {
        Set<String> registered = new AttributionPlugin().attributions().stream().map(AttributionFactory::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(registered, cases().map(Case::id).collect(Collectors.toCollection(TreeSet::new)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void putsTheMassInTheRegion(Case method) {
        CubicBackbone backbone = backbone();
        AttributionFactory factory = new AttributionPlugin().attributions().stream()
                .filter(f -> f.id().equals(method.id())).findFirst().orElseThrow();
        Tensor maps = factory.create(ConfigValues.of("test", method.settings()))
                .explain(backbone, backbone.images(1), SCORE, CONTEXT);
        double floor = method.lessFloor() ? farMean(backbone, maps, 2 * CELL_ROWS, 2 * CELL_COLUMNS) : 0;
        double share = positiveShareInside(backbone, maps, floor, method.marginRows(), method.marginColumns());
        System.out.printf("region acceptance: %s: %.4f (on the region itself %.4f, of the map as it is %.4f)%n",
                method, share, positiveShareInside(backbone, maps, floor, 0, 0),
                positiveShareInside(backbone, maps, 0, 0, 0));
        assertTrue(share >= 0.9, method + ": positive mass in the region " + share);
    }

    /**
     * Share of the positive mass of {@code maps[0] − floor} in the region grown by {@code rows} rows
     * and {@code columns} columns on each side.
     */
    static double positiveShareInside(CubicBackbone backbone, Tensor maps, double floor, int rows, int columns) {
        double inside = 0;
        double total = 0;
        for (int y = 0; y < backbone.height; y++) {
            for (int x = 0; x < backbone.width; x++) {
                double v = Math.max(0, maps.get(0, y, x) - floor);
                total += v;
                if (y >= backbone.top - rows && y < backbone.bottom + rows && x >= backbone.left - columns
                        && x < backbone.right + columns) {
                    inside += v;
                }
            }
        }
        return inside / total;
    }

    /**
     * The floor: the mean of {@code maps[0]} over the pixels at least {@code rows} rows or
     * {@code columns} columns from the region, where neither the score nor, for masks smooth at the
     * scale of half that distance, the masks of the region's pixels reach.
     */
    static double farMean(CubicBackbone backbone, Tensor maps, int rows, int columns) {
        double sum = 0;
        int count = 0;
        for (int y = 0; y < backbone.height; y++) {
            for (int x = 0; x < backbone.width; x++) {
                boolean near = y >= backbone.top - rows && y < backbone.bottom + rows
                        && x >= backbone.left - columns && x < backbone.right + columns;
                if (!near) {
                    sum += maps.get(0, y, x);
                    count++;
                }
            }
        }
        return sum / count;
    }
}
