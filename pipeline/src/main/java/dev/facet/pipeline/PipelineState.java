package dev.facet.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.json.StrictJson;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which stages of a pipeline's output directory are complete, and for which configuration
 * ({@code pipeline-state.json}, written atomically after every change). A rerun skips a complete
 * stage whose fingerprint is unchanged, resumes an unfinished one, and refuses to mix an
 * activation store or dictionary made under another configuration into the run.
 */
final class PipelineState {

    static final String FILE = "pipeline-state.json";
    /** Fingerprints are built from unordered maps; sorted keys make the file the same in every run. */
    private static final ObjectMapper JSON = StrictJson.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final Path file;
    private final Map<String, StageRecord> stages;

    private PipelineState(Path file, Map<String, StageRecord> stages) {
        this.file = file;
        this.stages = stages;
    }

    record StageRecord(Map<String, Object> fingerprint, boolean complete, String finishedAt, double seconds) {
    }

    static PipelineState load(Path output) {
        Path file = output.resolve(FILE);
        Map<String, StageRecord> stages = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            try {
                var root = JSON.readTree(file.toFile());
                for (var entry : (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) root.path("stages")::fields) {
                    var node = entry.getValue();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> fingerprint = JSON.convertValue(node.path("fingerprint"), Map.class);
                    stages.put(entry.getKey(), new StageRecord(fingerprint, node.path("complete").asBoolean(false),
                            node.path("finished_at").asText(null), node.path("seconds").asDouble(0)));
                }
            } catch (IOException | IllegalArgumentException e) {
                String cause = e instanceof IOException io ? StrictJson.describe(io) : e.getMessage();
                throw new CorruptArtifactException(file, "cannot be read (" + cause
                        + "); expected the pipeline state written by facet run. Delete it to start the run over");
            }
        }
        return new PipelineState(file, stages);
    }

    /** Whether {@code stage} completed with this fingerprint. */
    boolean complete(PipelineConfig.Stage stage, Map<String, Object> fingerprint) {
        StageRecord record = stages.get(stage.id());
        return record != null && record.complete() && normalised(record.fingerprint()).equals(normalised(fingerprint));
    }

    /**
     * Refuses to resume or redo a stage over an artifact made with a different configuration;
     * only stages that are cheap to redo and overwrite ({@code evaluate}, {@code report}) may change.
     */
    void requireCompatible(PipelineConfig.Stage stage, Map<String, Object> fingerprint, Path artifact) {
        StageRecord record = stages.get(stage.id());
        if (record == null || normalised(record.fingerprint()).equals(normalised(fingerprint))) {
            return;
        }
        if (stage == PipelineConfig.Stage.EXTRACT || stage == PipelineConfig.Stage.TRAIN) {
            throw new ConfigException("Pipeline output " + file.getParent() + ": its " + stage.id() + " stage (" + artifact
                    + ") was made with a different configuration (" + difference(record.fingerprint(), fingerprint)
                    + "); use a new output directory or delete it");
        }
    }

    void started(PipelineConfig.Stage stage, Map<String, Object> fingerprint) {
        stages.put(stage.id(), new StageRecord(fingerprint, false, null, 0));
        save();
    }

    void completed(PipelineConfig.Stage stage, Map<String, Object> fingerprint, double seconds) {
        stages.put(stage.id(), new StageRecord(fingerprint, true, Instant.now().toString(), seconds));
        save();
    }

    /** Seconds the stage took when it completed, or NaN. */
    double seconds(PipelineConfig.Stage stage) {
        StageRecord record = stages.get(stage.id());
        return record != null && record.complete() ? record.seconds() : Double.NaN;
    }

    private void save() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode all = root.putObject("stages");
        stages.forEach((id, record) -> {
            ObjectNode node = all.putObject(id);
            node.set("fingerprint", JSON.valueToTree(record.fingerprint()));
            node.put("complete", record.complete());
            if (record.finishedAt() != null) {
                node.put("finished_at", record.finishedAt());
                node.put("seconds", record.seconds());
            }
        });
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new FacetException("Cannot write " + file + ": " + e, e);
        }
    }

    /** A fingerprint after a JSON round trip, so a Long written and an Integer read back compare equal. */
    private static Object normalised(Object fingerprint) {
        try {
            return JSON.readTree(JSON.writeValueAsString(fingerprint));
        } catch (IOException e) {
            throw new FacetException("Cannot compare pipeline fingerprints: " + e, e);
        }
    }

    private static String difference(Map<String, Object> before, Map<String, Object> now) {
        StringBuilder text = new StringBuilder();
        for (String key : now.keySet()) {
            Object a = normalised(before.get(key));
            Object b = normalised(now.get(key));
            if (!a.equals(b)) {
                text.append(text.length() == 0 ? "" : "; ").append(key).append(": was ").append(a).append(", now ").append(b);
            }
        }
        return text.length() == 0 ? "fingerprint changed" : text.toString();
    }
}
