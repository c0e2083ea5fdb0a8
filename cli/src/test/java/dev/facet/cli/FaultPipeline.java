package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.extractors.BundledModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The small {@code facet run} that the fault tests kill and starve of disk, and its uninterrupted
 * reference. Every run writes to the same output path ({@link #output()}), so the artifacts, which
 * name their own paths, can be compared byte for byte; the reference, made once per test JVM, is
 * moved aside to {@link #reference}. 400 images in 20 shards of 20, 2 epochs of 77 steps with a
 * checkpoint every 5 steps (30 in all), an atlas of 32 concepts: about 25 s per run on 2 cores.
 */
final class FaultPipeline {
    static final int IMAGES = 400;
    static final int SHARDS = 20;
    static final int CHECKPOINT_EVERY = 5;
    /** 2 epochs of ceil(19,600 / 256) = 77 steps. */
    static final int STEPS = 154;

    /**
     * JSON fields left out of the comparison, wherever they occur: each records when or how fast
     * something ran, which no rerun can reproduce.
     * <ul>
     * <li>{@code created}, {@code finished_at}: the wall-clock time an artifact or stage was written;
     * <li>{@code seconds}, {@code seconds_last_run}, {@code training_seconds}, {@code stage_seconds},
     * {@code scan_seconds}, {@code draw_seconds}: durations (of a stage, an epoch, an evaluation);
     * <li>{@code samples_per_second}, {@code samplesPerSecond}: training throughput.
     * </ul>
     */
    static final Set<String> TIME_FIELDS = Set.of("created", "finished_at", "seconds", "seconds_last_run",
            "training_seconds", "stage_seconds", "scan_seconds", "draw_seconds", "samples_per_second",
            "samplesPerSecond");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path root;
    private static Path reference;

    private FaultPipeline() {
    }

    /** Where every run writes; {@link #clean()} empties it. */
    static synchronized Path output() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("facet-faults");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
                writeConfig();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the fault tests' directory", e);
            }
        }
        return root.resolve("out");
    }

    /** The arguments of the run. */
    static List<String> args() {
        return List.of("run", output().resolveSibling("pipeline.json").toString());
    }

    /** Deletes the output of the previous run. */
    static void clean() {
        delete(output());
    }

    /** The output of an uninterrupted run, made on first use. */
    static synchronized Path reference(CliProcesses cli) throws IOException, InterruptedException {
        if (reference == null) {
            clean();
            Path log = root.resolve("reference.log");
            long started = System.nanoTime();
            int code = cli.run(log, 300, args());
            assertEquals(0, code, () -> "uninterrupted run; output:\n" + CliProcesses.text(log));
            System.out.printf(java.util.Locale.ROOT, "FaultPipeline: uninterrupted run %.1f s%n",
                    (System.nanoTime() - started) / 1e9);
            reference = root.resolve("reference");
            Files.move(output(), reference);
        }
        return reference;
    }

    /** The stage's record in the output's {@code pipeline-state.json}, or a missing node. */
    static JsonNode stage(String id) {
        JsonNode state = CliProcesses.json(output().resolve("pipeline-state.json"));
        return state == null ? JSON.missingNode() : state.path("stages").path(id);
    }

    /** True once {@code id} has started and not yet completed. */
    static boolean running(String id) {
        JsonNode stage = stage(id);
        return !stage.isMissingNode() && !stage.path("complete").asBoolean();
    }

    /** Every file of {@code actual} equals the one of {@code expected}, JSON without {@link #TIME_FIELDS}. */
    static void assertSameArtifacts(Path expected, Path actual, String context) throws IOException {
        Map<String, byte[]> want = files(expected);
        Map<String, byte[]> got = files(actual);
        assertEquals(want.keySet(), got.keySet(), context + ": the same files");
        for (Map.Entry<String, byte[]> file : want.entrySet()) {
            String name = file.getKey();
            if (name.endsWith(".json")) {
                assertEquals(comparable(file.getValue()), comparable(got.get(name)), context + ": " + name);
            } else {
                assertArrayEquals(file.getValue(), got.get(name), context + ": " + name + " differs");
            }
        }
    }

    private static String comparable(byte[] json) throws IOException {
        JsonNode node = JSON.readTree(json);
        strip(node);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(TIME_FIELDS);
        }
        node.forEach(FaultPipeline::strip);
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(path).toString(), Files.readAllBytes(path));
            }
        }
        return files;
    }

    private static void writeConfig() throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("seed", 11);
        config.put("output", root.resolve("out").toString());
        config.put("backbone", Map.of("model", BundledModels.NAMES.get(0), "layer", "3"));
        config.put("images", Map.of("path", BundledModels.fashionMnistImages().toString(), "limit", IMAGES,
                "batch", IMAGES / SHARDS));
        config.put("extract", Map.of("shard_rows", 49 * IMAGES / SHARDS));
        config.put("learner", Map.of("id", "topk", "concepts", 32, "k", 4, "epochs", 2, "batch_size", 256,
                "checkpoint_every", CHECKPOINT_EVERY));
        config.put("report", Map.of("top_images", 4, "image_size", 56));
        Files.writeString(root.resolve("pipeline.json"), JSON.writeValueAsString(config), StandardCharsets.UTF_8);
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
