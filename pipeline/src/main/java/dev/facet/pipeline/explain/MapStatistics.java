package dev.facet.pipeline.explain;

import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Summary numbers of one attribution map at input resolution: its range, mean, the sum of its positive
 * part and the share of its absolute mass that lies in the image's content window (1 when the image fills
 * the input; below 1 when padding pixels were credited).
 */
final class MapStatistics {
    private MapStatistics() {
    }

    static Map<String, Object> of(FloatMatrix map, InputGeometry geometry) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double positive = 0;
        double mass = 0;
        double inside = 0;
        InputGeometry.Axis x = geometry.horizontal();
        InputGeometry.Axis y = geometry.vertical();
        for (int r = 0; r < map.rows(); r++) {
            boolean rowInside = y.inContent(r + 0.5);
            for (int c = 0; c < map.cols(); c++) {
                double v = map.get(r, c);
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                positive += Math.max(0, v);
                mass += Math.abs(v);
                if (rowInside && x.inContent(c + 0.5)) {
                    inside += Math.abs(v);
                }
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("min", min);
        stats.put("max", max);
        stats.put("mean", sum / ((double) map.rows() * map.cols()));
        stats.put("sum", sum);
        stats.put("positive_sum", positive);
        stats.put("content_mass_fraction", mass > 0 ? inside / mass : 1.0);
        return stats;
    }
}
