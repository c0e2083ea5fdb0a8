package dev.facet.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.report.atlas.AtlasOverview;
import dev.facet.report.chart.DensityHistogramChart;
import dev.facet.report.chart.TrainingCurves;
import dev.facet.report.picture.Png;
import dev.facet.json.StrictJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The atlas overview: metrics from the evaluation's {@code metrics.json} (when there is one; the
 * held-out scores beside the training ones when images were held out), the
 * training curves from the dictionary's {@code provenance.json} (step logs, else epoch logs) and the
 * log₁₀ firing-density histogram.
 */
final class OverviewPictures {
    static final String CURVES = "overview/training-curves.png";
    static final String DENSITY = "overview/density.png";

    private final Path directory;

    OverviewPictures(Path directory) {
        this.directory = directory;
    }

    AtlasOverview overview(String title, String model, String layer, String tokens, String learner, int concepts,
                           int dimension, long images, Path metricsFile, Path dictionaryDirectory,
                           double[] imageFrequencies, Map<String, String> extra) {
        JsonNode metrics = metricsFile == null ? null : read(metricsFile);
        double[] density = imageFrequencies;
        Double r2 = null;
        Double l0 = null;
        Double dead = null;
        AtlasOverview.HeldOut heldOut = null;
        Map<String, String> details = new LinkedHashMap<>();
        if (metrics != null) {
            r2 = number(metrics.path("r2"));
            l0 = number(metrics.path("l0"));
            dead = number(metrics.path("dead_fraction"));
            JsonNode held = metrics.path("held_out");
            if (held.isObject()) {
                heldOut = new AtlasOverview.HeldOut(held.path("rows").asLong(), number(held.path("r2")),
                        number(held.path("l0")), number(held.path("dead_fraction")));
            }
            if (metrics.path("density").isArray() && metrics.path("density").size() == concepts) {
                density = new double[concepts];
                for (int i = 0; i < concepts; i++) {
                    density[i] = metrics.path("density").get(i).asDouble();
                }
            }
            details.put(heldOut == null ? "evaluated rows" : "evaluated training rows", metrics.path("rows").asText());
            if (heldOut != null) {
                details.put("held-out images", metrics.path("holdout").path("held_out_images").asText() + " of "
                        + metrics.path("holdout").path("images").asText() + " (holdout "
                        + metrics.path("holdout").path("fraction").asText() + ")");
            }
            details.put("collinearity", String.format(Locale.ROOT, "%.4f", metrics.path("collinearity").asDouble()));
        } else {
            int deadCount = 0;
            double active = 0;
            for (double f : imageFrequencies) {
                deadCount += f == 0 ? 1 : 0;
                active += f;
            }
            dead = (double) deadCount / imageFrequencies.length;
            l0 = active;
            details.put("L0, dead fraction, firing density", "measured on the report's images (no evaluation given)");
        }
        details.putAll(extra);
        String curves = trainingCurves(dictionaryDirectory);
        Png.write(DensityHistogramChart.render(density, 30, 640, 300), directory.resolve(DENSITY));
        return new AtlasOverview(title, model, layer, tokens, learner, concepts, dimension, images, r2, l0, dead,
                heldOut, curves, DENSITY, details);
    }

    private String trainingCurves(Path dictionaryDirectory) {
        if (dictionaryDirectory == null || !Files.isRegularFile(dictionaryDirectory.resolve("provenance.json"))) {
            return null;
        }
        JsonNode logs = read(dictionaryDirectory.resolve("provenance.json")).path("metrics");
        List<TrainingCurves.Curve> curves = new ArrayList<>();
        JsonNode steps = logs.path("steps");
        if (steps.isArray() && steps.size() >= 2) {
            curves.add(curve("loss", "training loss", steps, "step", "loss"));
            curves.add(curve("L0", "active codes per token", steps, "step", "l0"));
            curves.add(curve("dead fraction", "not fired in the dead window", steps, "step", "windowDeadFraction"));
        } else if (logs.path("epochs").isArray() && logs.path("epochs").size() >= 1) {
            JsonNode epochs = logs.path("epochs");
            curves.add(curve("loss", "epoch loss", epochs, "epoch", "loss"));
            curves.add(curve("R²", "R²", epochs, "epoch", "r2"));
            curves.add(curve("L0", "active codes per token", epochs, "epoch", "l0"));
        } else {
            return null;
        }
        Png.write(TrainingCurves.render(curves, 720, 520), directory.resolve(CURVES));
        return CURVES;
    }

    private static TrainingCurves.Curve curve(String panel, String name, JsonNode logs, String x, String y) {
        double[] xs = new double[logs.size()];
        double[] ys = new double[logs.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = logs.get(i).path(x).asDouble(Double.NaN);
            ys[i] = logs.get(i).path(y).asDouble(Double.NaN);
        }
        return new TrainingCurves.Curve(panel, name, xs, ys);
    }

    private static Double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : null;
    }

    private static JsonNode read(Path file) {
        return StrictJson.readArtifact(file, null);
    }
}
