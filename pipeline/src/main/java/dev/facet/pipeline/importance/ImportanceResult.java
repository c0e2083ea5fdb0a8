package dev.facet.pipeline.importance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.spi.FacetException;
import dev.facet.spi.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Concept importance for the chosen classes, written as {@code importance.json}
 * (docs/formats.md#concept-importance).
 *
 * @param hookPoint  the hook point edited
 * @param membership how an image's class was decided: {@value #BY_LABEL} or {@value #BY_PREDICTION}
 * @param computed   the scores computed
 * @param request    what was asked
 * @param classes    one result per chosen class, in the order chosen
 */
public record ImportanceResult(String hookPoint, String membership, Set<ImportanceScore> computed,
                               ImportanceRequest request, List<ClassResult> classes) {
    /** The image's label gives its class. */
    public static final String BY_LABEL = "label";
    /** The model's prediction gives its class. */
    public static final String BY_PREDICTION = "prediction";
    /** The {@code format} of the JSON document. */
    public static final String FORMAT = "facet-importance";
    private static final ObjectMapper JSON = new ObjectMapper();

    public ImportanceResult {
        computed = Set.copyOf(computed);
        classes = List.copyOf(classes);
    }

    /** The score that ranks concepts: Sobol when computed, else ablation, else gradient × concept. */
    public ImportanceScore primary() {
        return ImageImportance.primary(computed);
    }

    /** The document of docs/formats.md#concept-importance. */
    public Map<String, Object> toMap() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", 1);
        root.put("hook_point", hookPoint);
        root.put("membership", membership);
        root.put("ranked_by", primary().id());
        root.put("scores", ordered(computed).stream().map(ImportanceScore::id).toList());
        if (request.settings().scores().contains(ImportanceScore.GRADIENT) && !computed.contains(ImportanceScore.GRADIENT)) {
            root.put("omitted", Map.of("gradient", "the backbone cannot differentiate a resumed pass (no RESUME_GRADIENTS)"));
        }
        root.put("settings", request.toMap());
        List<Object> list = new ArrayList<>();
        for (ClassResult result : classes) {
            list.add(classMap(result));
        }
        root.put("classes", list);
        return root;
    }

    /** Writes {@link #toMap()} as pretty JSON to {@code file}, atomically, creating its folder (NaN as {@code null}). */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toMap()));
        } catch (IOException e) {
            throw new FacetException("Cannot write " + file + ": " + e, e);
        }
    }

    private Map<String, Object> classMap(ClassResult result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("index", result.index());
        map.put("name", result.name());
        map.put("images", result.images().size());
        map.put("mean_score", finite(result.meanScore()));
        ImportanceScore primary = primary();
        double[] ranking = result.mean(primary);
        double total = 0;
        for (double value : ranking) {
            total += Math.abs(value);
        }
        List<Object> concepts = new ArrayList<>();
        for (int concept : result.ranking(primary)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("concept", concept);
            entry.put("share", total == 0 ? 0.0 : ranking[concept] / total);
            for (ImportanceScore score : ordered(computed)) {
                entry.put(score.id(), result.mean(score)[concept]);
            }
            entry.put("top_images", result.topImages(concept, primary, request.topImages()));
            concepts.add(entry);
        }
        map.put("concepts", concepts);
        List<Object> images = new ArrayList<>();
        for (int i = 0; i < result.images().size(); i++) {
            ImageImportance image = result.images().get(i);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", result.ids().get(i));
            entry.put("score", image.score());
            entry.put("height", image.height());
            entry.put("width", image.width());
            List<Double> cells = new ArrayList<>();
            for (float value : image.map()) {
                cells.add((double) value);
            }
            entry.put("map", cells);
            images.add(entry);
        }
        map.put("image_maps", images);
        return map;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static List<ImportanceScore> ordered(Set<ImportanceScore> scores) {
        return new ArrayList<>(scores.isEmpty() ? EnumSet.noneOf(ImportanceScore.class) : EnumSet.copyOf(scores));
    }
}
