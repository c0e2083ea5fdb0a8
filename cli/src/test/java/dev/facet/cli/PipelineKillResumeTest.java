package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs {@code facet run} while it trains, reruns it, and checks that it resumed from the
 * checkpoint (the store is not re-extracted) and that the atlas — concepts.json and every PNG —
 * is byte for byte the atlas of an uninterrupted run with the same config and seed. Then kills it
 * during the report stage at {@code facet.kill.moments} random moments (default {@value #DEFAULT_MOMENTS};
 * the seed is printed, {@code facet.kill.seed} repeats it): each kill leaves the older atlas or none,
 * and each rerun finishes with the same atlas byte for byte.
 */
class PipelineKillResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_MOMENTS = 2;

    @TempDir
    Path dir;

    private final CliProcesses processes = new CliProcesses();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        processes.killAll();
    }

    private Path config(String output) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seed", 11);
        root.put("output", output);
        root.put("backbone", Map.of("model", BundledModels.NAMES.get(0), "layer", "3"));
        root.put("images", Map.of("path", BundledModels.fashionMnistImages().toString(), "limit", 400, "batch", 100));
        root.put("learner", Map.of("id", "topk", "concepts", 48, "k", 4, "epochs", 4, "batch_size", 256,
                "checkpoint_every", 5));
        root.put("report", Map.of("top_images", 4, "image_size", 56));
        Path file = dir.resolve(output + ".json");
        Files.writeString(file, JSON.writeValueAsString(root));
        return file;
    }

    private Process start(Path config, Path log) throws IOException {
        return processes.start(log, List.of(), List.of("run", config.toString()));
    }

    @Test
    void aPipelineKilledDuringTrainingResumesToTheSameAtlas() throws Exception {
        Path killedConfig = config("killed");
        Process first = start(killedConfig, dir.resolve("first.log"));
        Path checkpointFile = dir.resolve("killed/dictionary/checkpoint/checkpoint.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        JsonNode checkpoint = null;
        while (first.isAlive() && System.nanoTime() < deadline) {
            checkpoint = read(checkpointFile);
            if (checkpoint != null && checkpoint.path("epoch").asInt() >= 1) {
                break;
            }
            Thread.sleep(5);
        }
        assertTrue(first.isAlive(), () -> "the first run must still be training when it is killed; output:\n"
                + text(dir.resolve("first.log")));
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, first.exitValue(), "SIGKILL");
        assertFalse(Files.exists(dir.resolve("killed/atlas/index.html")), "the killed run wrote no atlas");

        Process second = start(killedConfig, dir.resolve("second.log"));
        assertTrue(second.waitFor(300, TimeUnit.SECONDS), "the resumed run finishes");
        String secondLog = text(dir.resolve("second.log"));
        assertEquals(0, second.exitValue(), () -> "resumed run; output:\n" + secondLog);
        assertTrue(secondLog.contains("Stage extract: complete, skipped"), secondLog);
        assertTrue(secondLog.contains("resuming from the checkpoint"), secondLog);

        Process whole = start(config("whole"), dir.resolve("whole.log"));
        assertTrue(whole.waitFor(300, TimeUnit.SECONDS), "the uninterrupted run finishes");
        assertEquals(0, whole.exitValue(), () -> "uninterrupted run; output:\n" + text(dir.resolve("whole.log")));

        Map<String, byte[]> expected = files(dir.resolve("whole/atlas"));
        Map<String, byte[]> actual = files(dir.resolve("killed/atlas"));
        assertEquals(expected.keySet(), actual.keySet(), "the same atlas files");
        assertTrue(expected.keySet().stream().filter(name -> name.endsWith(".png")).count() > 20, expected.keySet().toString());
        for (String name : expected.keySet()) {
            assertTrue(java.util.Arrays.equals(expected.get(name), actual.get(name)), name + " differs");
        }
    }

    @Test
    void aPipelineKilledDuringTheReportAtRandomMomentsResumesToTheSameAtlas() throws Exception {
        Process whole = start(config("whole"), dir.resolve("whole.log"));
        assertTrue(whole.waitFor(300, TimeUnit.SECONDS), "the uninterrupted run finishes");
        assertEquals(0, whole.exitValue(), () -> "uninterrupted run; output:\n" + text(dir.resolve("whole.log")));
        Map<String, byte[]> expected = files(dir.resolve("whole/atlas"));
        double reportSeconds = read(dir.resolve("whole/provenance.json")).path("metrics").path("stage_seconds")
                .path("report").asDouble();
        assertTrue(reportSeconds > 0, "the report stage took " + reportSeconds + " s");

        int moments = Integer.getInteger("facet.kill.moments", DEFAULT_MOMENTS);
        long seed = Long.getLong("facet.kill.seed", System.nanoTime());
        java.util.Random random = new java.util.Random(seed);
        Path killedConfig = config("killed");
        Path atlas = dir.resolve("killed/atlas");
        List<String> kills = new ArrayList<>();
        long begun = System.nanoTime();
        for (int attempt = 0; kills.size() < moments && attempt < 3 * moments; attempt++) {
            if (Files.exists(atlas.resolve("index.html"))) {
                Files.delete(atlas.resolve("index.html")); // the report stage runs again over the older atlas
            }
            Path runLog = dir.resolve("kill-" + attempt + ".log");
            Process run = start(killedConfig, runLog);
            long reportStarted = awaitReportStage(run, dir.resolve("killed"));
            long delay = (long) (random.nextDouble() * reportSeconds * 1000);
            Thread.sleep(delay);
            if (!run.isAlive()) {
                assertEquals(0, run.waitFor(), () -> text(runLog));
                continue; // the report had finished before this moment
            }
            run.destroyForcibly();
            assertTrue(run.waitFor(30, TimeUnit.SECONDS));
            kills.add(String.format(java.util.Locale.ROOT, "%.2f s", (System.nanoTime() - reportStarted) / 1e9));
            if (Files.exists(atlas)) {
                assertTrue(java.util.Arrays.equals(expected.get("concepts.json"),
                        Files.readAllBytes(atlas.resolve("concepts.json"))), "a kill leaves the older atlas or none");
            }
            Path log = dir.resolve("resume-" + attempt + ".log");
            Process resumed = start(killedConfig, log);
            assertTrue(resumed.waitFor(300, TimeUnit.SECONDS), "the resumed run finishes");
            assertEquals(0, resumed.exitValue(), () -> "resumed after a kill in the report; output:\n" + text(log));
            Map<String, byte[]> actual = files(atlas);
            assertEquals(expected.keySet(), actual.keySet(), "the same atlas files after the kill at " + kills);
            for (String name : expected.keySet()) {
                assertTrue(java.util.Arrays.equals(expected.get(name), actual.get(name)), name + " differs");
            }
            assertFalse(Files.exists(dir.resolve("killed/.atlas.partial")), "the partial atlas is cleaned up");
        }
        System.out.printf(java.util.Locale.ROOT, "report kills (seed %d) %d moments into the report stage: %s; %.1f s%n",
                seed, kills.size(), kills, (System.nanoTime() - begun) / 1e9);
        assertEquals(moments, kills.size(), "kills that came while the report ran: " + kills);
    }

    /** Waits until {@code run} has begun its report stage; returns when (System.nanoTime). */
    private static long awaitReportStage(Process run, Path output) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (run.isAlive() && System.nanoTime() < deadline) {
            JsonNode report = read(output.resolve("pipeline-state.json"));
            if (report != null && report.path("stages").has("report")
                    && !report.path("stages").path("report").path("complete").asBoolean()) {
                return System.nanoTime();
            }
            Thread.sleep(2);
        }
        throw new AssertionError("the run ended or timed out before its report stage (exit "
                + (run.isAlive() ? "none" : run.exitValue()) + ")");
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(path).toString(), Files.readAllBytes(path));
            }
        }
        return files;
    }

    private static JsonNode read(Path file) {
        try {
            return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(Path file) {
        return CliProcesses.text(file);
    }
}
