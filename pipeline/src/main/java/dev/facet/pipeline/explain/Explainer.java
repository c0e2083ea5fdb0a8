package dev.facet.pipeline.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.attribution.IntegratedGradients;
import dev.facet.attribution.fidelity.CausalFidelity;
import dev.facet.attribution.fidelity.CausalSettings;
import dev.facet.attribution.fidelity.MuFidelity;
import dev.facet.attribution.fidelity.MuFidelitySettings;
import dev.facet.extractors.images.ImageItem;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.UnreadableImageException;
import dev.facet.extractors.store.Npy;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.report.picture.Colormap;
import dev.facet.report.picture.MapInterpolation;
import dev.facet.report.picture.PlacedMap;
import dev.facet.report.picture.Pictures;
import dev.facet.report.picture.Png;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.io.AtomicFiles;
import dev.facet.spi.io.StagedDirectory;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Explains images with one attribution method and writes, per image, the overlay of the map on the
 * original image ({@link MapInterpolation#place} inverts the preprocessing, so the map lies where the
 * image is for every resize mode), the raw map at input resolution as float32 {@code .npy} (h, w), and
 * one {@code scores.json} with each image's target score, map statistics, the completeness gap of
 * integrated gradients and, when asked, the fidelity metrics (deletion and insertion AUC, MuFidelity;
 * docs/algorithms.md#fidelity-metrics). The directory is published whole ({@link StagedDirectory}): a
 * failure leaves the older output or none. See docs/usage.md#explaining-predictions.
 */
public final class Explainer {
    /** The file every explanation directory holds. */
    public static final String SCORES = "scores.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String method;
    private final Attribution attribution;
    private final Backbone backbone;
    private final boolean fidelity;
    private final Colormap colormap;
    private final ImagePreprocessor preprocessor;
    private final InputSpec input;

    /**
     * @param method      the attribution's id, for the records
     * @param attribution the attribution, already checked against the backbone's capabilities
     * @param fidelity    whether to score each map by deletion, insertion and MuFidelity
     * @param colormap    the overlay's colours
     */
    public Explainer(String method, Attribution attribution, Backbone backbone, boolean fidelity, Colormap colormap) {
        this.method = Objects.requireNonNull(method, "method");
        this.attribution = Objects.requireNonNull(attribution, "attribution");
        this.backbone = Objects.requireNonNull(backbone, "backbone");
        this.fidelity = fidelity;
        this.colormap = Objects.requireNonNull(colormap, "colormap");
        this.input = backbone.info().input();
        this.preprocessor = new ImagePreprocessor(input);
    }

    /**
     * One image to explain.
     *
     * @param id     the image's id, also the stem of its files
     * @param image  where to load it from
     * @param target what to explain on it
     */
    public record Job(String id, ImageItem image, ResolvedTarget target) {
    }

    /**
     * What was written.
     *
     * @param directory the published directory
     * @param explained images explained
     * @param skipped   images that could not be read
     * @param seconds   wall time
     */
    public record Summary(Path directory, int explained, int skipped, double seconds) {
    }

    /**
     * Explains every job and publishes {@code directory} with the results.
     *
     * @param field      where the directory was given, for messages (e.g. {@code "facet explain --out"})
     * @param provenance settings and sources recorded in {@code scores.json}
     * @throws InvalidDataException when no image could be read
     */
    public Summary write(List<Job> jobs, Path directory, String field, Map<String, Object> provenance,
            RunContext context) {
        long started = System.nanoTime();
        try (StagedDirectory staged = StagedDirectory.begin(directory, field, "an explanation directory", SCORES)) {
            List<Map<String, Object>> images = new ArrayList<>();
            List<Map<String, Object>> skipped = new ArrayList<>();
            try (ProgressTask task = context.progress().start("explain", jobs.size(), "images")) {
                for (int i = 0; i < jobs.size(); i++) {
                    context.cancellation().throwIfCancelled("explain");
                    Job job = jobs.get(i);
                    BufferedImage image;
                    try {
                        image = job.image().load();
                    } catch (UnreadableImageException e) {
                        skipped.add(Map.of("id", job.id(), "reason", e.getMessage()));
                        task.advance(1);
                        continue;
                    }
                    images.add(explain(job, image, stem(i, job.id()), staged.staging(), context));
                    task.advance(1);
                }
            }
            if (images.isEmpty()) {
                throw new InvalidDataException("No image could be explained: " + (skipped.isEmpty() ? "none was given"
                        : skipped.size() + " could not be read, e.g. " + skipped.get(0).get("reason")));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("format", "facet-explanations");
            document.put("version", 1);
            document.put("method", method);
            document.put("fidelity", fidelity);
            document.put("provenance", provenance);
            document.put("seed", context.seed());
            document.put("seconds", seconds);
            document.put("images", images);
            document.put("skipped", skipped);
            writeJson(staged.staging().resolve(SCORES), document);
            staged.publish();
            return new Summary(staged.target(), images.size(), skipped.size(), seconds);
        }
    }

    private Map<String, Object> explain(Job job, BufferedImage image, String stem, Path out, RunContext context) {
        InputGeometry geometry = preprocessor.geometry(image.getWidth(), image.getHeight());
        Tensor pixels = new Tensor(input.batchShape(1), preprocessor.preprocess(image));
        Objective objective = job.target().objective(geometry);
        double score = objective.scores(backbone.forward(pixels, List.of(objective.hookPoint()))
                .get(objective.hookPoint()))[0];
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", job.id());
        entry.put("target", job.target().description());
        entry.put("width", image.getWidth());
        entry.put("height", image.getHeight());
        entry.put("score", score);
        Tensor map;
        if (attribution instanceof IntegratedGradients integrated) {
            IntegratedGradients.Result result = integrated.attribute(backbone, pixels, objective, context);
            map = result.maps();
            double gap = result.completenessGap()[0];
            double change = result.scoreChange()[0];
            Map<String, Object> completeness = new LinkedHashMap<>();
            completeness.put("gap", gap);
            completeness.put("score_change", change);
            // null when the image scores as its baseline: the gap has nothing to be relative to
            completeness.put("relative_gap", change != 0 ? Math.abs(gap) / Math.abs(change) : null);
            entry.put("completeness", completeness);
        } else {
            map = attribution.explain(backbone, pixels, objective, context);
        }
        FloatMatrix values = requireMap(map, job.id());
        entry.put("map_statistics", MapStatistics.of(values, geometry));
        if (fidelity) {
            entry.put("fidelity", fidelity(pixels, map, objective, context));
        }
        Path npy = out.resolve(stem + ".npy");
        Npy.write(npy, values, StoreDtype.FLOAT32);
        Path png = out.resolve(stem + ".png");
        Png.write(overlay(image, values, geometry), png);
        entry.put("overlay", png.getFileName().toString());
        entry.put("map", npy.getFileName().toString());
        return entry;
    }

    /** The positive part of the map drawn on the original image, scaled to its own maximum. */
    private BufferedImage overlay(BufferedImage image, FloatMatrix values, InputGeometry geometry) {
        float[] positive = values.data().clone();
        for (int i = 0; i < positive.length; i++) {
            positive[i] = Math.max(0f, positive[i]);
        }
        PlacedMap placed = MapInterpolation.BILINEAR.place(new FloatMatrix(values.rows(), values.cols(), positive),
                geometry, image.getWidth(), image.getHeight());
        return Pictures.overlay(image, placed, colormap, 0);
    }

    private Map<String, Object> fidelity(Tensor pixels, Tensor map, Objective objective, RunContext context) {
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("deletion_auc", new CausalFidelity(CausalFidelity.Mode.DELETION, CausalSettings.defaults())
                .evaluate(backbone, pixels, map, objective, context).auc()[0]);
        scores.put("insertion_auc", new CausalFidelity(CausalFidelity.Mode.INSERTION, CausalSettings.defaults())
                .evaluate(backbone, pixels, map, objective, context).auc()[0]);
        scores.put("mu_fidelity", new MuFidelity(MuFidelitySettings.defaults())
                .evaluate(backbone, pixels, map, objective, context).correlations()[0]);
        return scores;
    }

    private FloatMatrix requireMap(Tensor map, String id) {
        if (map.data().length != input.height() * input.width()) {
            throw new InvalidDataException("Attribution '" + method + "' returned a map of shape " + map + " for " + id
                    + "; expected (1, " + input.height() + ", " + input.width() + ")");
        }
        for (float v : map.data()) {
            if (!Float.isFinite(v)) {
                throw new InvalidDataException("Attribution '" + method + "' returned " + v + " for " + id);
            }
        }
        return new FloatMatrix(input.height(), input.width(), map.data().clone());
    }

    /** A file stem from the image's position and the last part of its id: {@code 0003-dress}. */
    static String stem(int index, String id) {
        String name = id.substring(Math.max(id.lastIndexOf('/'), id.lastIndexOf('#')) + 1);
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        name = name.replaceAll("[^A-Za-z0-9_-]+", "_");
        if (name.length() > 60) {
            name = name.substring(0, 60);
        }
        return String.format(Locale.ROOT, "%04d-%s", index, name);
    }

    private static void writeJson(Path file, Object document) {
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
        } catch (IOException e) {
            throw new FacetException("Cannot write " + file + ": " + e, e);
        }
    }
}
