package dev.facet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.PipelineRunner;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline config's {@code spark} section is in no stage's fingerprint: a run with it resumes a run made
 * on this machine without redoing a stage, and the stages it does run on Spark (evaluation, the report's
 * concept scan) write what this machine wrote.
 */
class SparkPipelineResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private PipelineConfig config(boolean spark) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("output", "run");
        root.put("backbone", Map.of("model", "tiny-vit-fmnist", "layer", "3"));
        root.put("images", Map.of("path", BundledModels.fashionMnistImages().toString(), "limit", 48, "batch", 16));
        root.put("extract", Map.of("shard_rows", 500));
        root.put("learner", Map.of("id", "kmeans", "concepts", 6));
        root.put("evaluate", Map.of("holdout", 0.1));
        root.put("report", Map.of("top_images", 3, "max_concepts", 1, "image_size", 28));
        if (spark) {
            root.put("spark", Map.of("master", SharedSpark.MASTER, "partitions", 3));
        }
        return PipelineConfig.of("test", root, dir);
    }

    private static List<String> run(PipelineConfig config) {
        List<String> messages = new ArrayList<>();
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            PipelineRunner.builder().setConfig(config).setRegistry(plugins.registry()).optMessages(messages::add)
                    .build().run();
        }
        return messages;
    }

    @Test
    void aRunOnSparkResumesARunMadeHereAndRedoesOnlyWhatWasDeleted() throws IOException {
        SharedSpark.context();
        PipelineConfig here = config(false);
        run(here);
        Path output = here.output();
        Map<String, FileTime> store = written(PipelineRunner.store(output));
        JsonNode metrics = JSON.readTree(PipelineRunner.metrics(output).toFile());
        JsonNode concepts = JSON.readTree(PipelineRunner.atlas(output).resolve("concepts.json").toFile());

        List<String> resumed = run(config(true));
        for (String stage : new String[] {"extract", "train", "evaluate", "report"}) {
            assertTrue(resumed.contains("Stage " + stage + ": complete, skipped"), stage + " in " + resumed);
        }

        Files.delete(PipelineRunner.metrics(output));
        deleteTree(PipelineRunner.atlas(output));
        List<String> redone = run(config(true));
        assertTrue(redone.contains("Stage extract: complete, skipped"), redone.toString());
        assertTrue(redone.contains("Stage train: complete, skipped"), redone.toString());
        assertTrue(redone.stream().anyMatch(line -> line.startsWith("Stage evaluate: R2")), redone.toString());
        assertEquals(store, written(PipelineRunner.store(output)), "the store is untouched");

        JsonNode sparkMetrics = JSON.readTree(PipelineRunner.metrics(output).toFile());
        for (String key : new String[] {"rows", "rows_scored", "dead_count", "r2", "l0"}) {
            assertClose(metrics.get(key), sparkMetrics.get(key), key);
        }
        assertClose(metrics.path("held_out").get("r2"), sparkMetrics.path("held_out").get("r2"), "held_out.r2");
        JsonNode sparkConcepts = JSON.readTree(PipelineRunner.atlas(output).resolve("concepts.json").toFile());
        for (int c = 0; c < concepts.path("concepts").size(); c++) {
            JsonNode expected = concepts.path("concepts").get(c).path("topImages");
            JsonNode actual = sparkConcepts.path("concepts").get(c).path("topImages");
            assertEquals(expected.size(), actual.size(), "concept " + c);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).path("image").asInt(), actual.get(i).path("image").asInt(),
                        "concept " + c + " top image " + i);
                assertClose(expected.get(i).get("score"), actual.get(i).get("score"), "concept " + c + " score " + i);
            }
        }
    }

    /** Equal up to the rounding of sums added in another order. */
    private static void assertClose(JsonNode expected, JsonNode actual, String what) {
        if (!expected.isNumber()) {
            assertEquals(expected, actual, what);
            return;
        }
        double e = expected.asDouble();
        assertEquals(e, actual.asDouble(), 1e-9 * Math.max(1, Math.abs(e)), what);
    }

    /** When each file of {@code directory} was last written. */
    private static Map<String, FileTime> written(Path directory) throws IOException {
        Map<String, FileTime> times = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                times.put(file.getFileName().toString(), Files.getLastModifiedTime(file));
            }
        }
        return times;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
