package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.dictionaries.io.Safetensors;
import dev.facet.spi.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a running {@code facet train} in the middle of its second epoch, after it has written
 * checkpoints, and checks that rerunning the same command resumes and ends with exactly the
 * weights and epoch metrics of an uninterrupted run with the same seed.
 */
class TrainKillResumeTest {
    private static final int IMAGES = 1024;
    private static final int TOKENS = 64;
    private static final int DIM = 128;
    private static final int BATCH = 1024;
    private static final int EPOCHS = 3;
    /** 65,536 rows in batches of 1,024. */
    private static final int STEPS_PER_EPOCH = IMAGES * TOKENS / BATCH;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<String> command(Path store, Path out) {
        return List.of(PlantedStores.java(), "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                FacetCli.class.getName(), "train", "--store", store.toString(), "--learner", "topk",
                "--out", out.toString(), "--concepts", "256", "--k", "8", "--epochs", String.valueOf(EPOCHS),
                "--batch", String.valueOf(BATCH), "--seed", "5", "--set", "checkpoint_every=3");
    }

    private final List<Process> started = new ArrayList<>();

    /** Starts {@code command} with its output in {@code log}, so pipes never fill up. */
    private Process start(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(process);
        return process;
    }

    /** Leaves no training process behind when an assertion fails early. */
    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aKilledTrainingResumesToTheWeightsOfAnUninterruptedRun() throws Exception {
        Path store = dir.resolve("store");
        PlantedStores.write(store, IMAGES, TOKENS, DIM, 8192, 3);

        Path killed = dir.resolve("killed");
        long firstStarted = System.nanoTime();
        Process first = start(command(store, killed), dir.resolve("first.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        JsonNode checkpoint = null;
        while (first.isAlive() && System.nanoTime() < deadline) {
            checkpoint = checkpoint(killed);
            // the first checkpoint inside epoch 2: epoch 1's log is in it, and epoch 2 resumes mid-way
            if (checkpoint != null && checkpoint.path("epoch").asInt() == 1
                    && checkpoint.path("batch_in_epoch").asInt() > 0) {
                break;
            }
            Thread.sleep(5);
        }
        assertTrue(first.isAlive(), () -> "the first run must still be running when it is killed; output:\n"
                + read(dir.resolve("first.log")));
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        double killedAfter = (System.nanoTime() - firstStarted) / 1e9;
        assertEquals(137, first.exitValue(), "SIGKILL");
        assertFalse(Files.exists(killed.resolve(DictionaryFiles.WEIGHTS)), "the killed run saved no dictionary");
        assertNotNull(checkpoint, "a checkpoint was written before the kill");
        long checkpointStep = checkpoint.path("step").asLong();
        assertTrue(checkpointStep > STEPS_PER_EPOCH && checkpointStep < 2L * STEPS_PER_EPOCH,
                "killed in epoch 2 after the checkpoint at step " + checkpointStep);

        long secondStarted = System.nanoTime();
        Process second = start(command(store, killed), dir.resolve("second.log"));
        assertTrue(second.waitFor(300, TimeUnit.SECONDS), "the resumed run finishes");
        double resumedSeconds = (System.nanoTime() - secondStarted) / 1e9;
        String secondLog = read(dir.resolve("second.log"));
        assertEquals(0, second.exitValue(), () -> "resumed run; output:\n" + secondLog);
        assertTrue(secondLog.contains("resuming from the checkpoint"), secondLog);

        Path reference = dir.resolve("uninterrupted");
        long wholeStarted = System.nanoTime();
        Process whole = start(command(store, reference), dir.resolve("whole.log"));
        assertTrue(whole.waitFor(300, TimeUnit.SECONDS), "the uninterrupted run finishes");
        double wholeSeconds = (System.nanoTime() - wholeStarted) / 1e9;
        assertEquals(0, whole.exitValue(), () -> "uninterrupted run; output:\n" + read(dir.resolve("whole.log")));
        System.out.printf(Locale.ROOT, "TrainKillResumeTest: killed after %.1f s (checkpoint at step %d of %d), "
                        + "resumed run %.1f s, uninterrupted run %.1f s%n", killedAfter, checkpointStep,
                EPOCHS * STEPS_PER_EPOCH, resumedSeconds, wholeSeconds);

        Map<String, Tensor> expected = Safetensors.read(reference.resolve(DictionaryFiles.WEIGHTS)).tensors();
        Map<String, Tensor> actual = Safetensors.read(killed.resolve(DictionaryFiles.WEIGHTS)).tensors();
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name).shape(), actual.get(name).shape(), name);
            assertArrayEquals(expected.get(name).data(), actual.get(name).data(), 1e-6f, name);
        }

        JsonNode expectedMetrics = metrics(reference);
        JsonNode actualMetrics = metrics(killed);
        List<Integer> epochs = new ArrayList<>();
        actualMetrics.path("epochs").forEach(epoch -> epochs.add(epoch.path("epoch").asInt()));
        assertEquals(List.of(1, 2, 3), epochs, "the resumed run's provenance lists every epoch: " + actualMetrics);
        for (int e = 0; e < EPOCHS; e++) {
            JsonNode want = expectedMetrics.path("epochs").get(e);
            JsonNode got = actualMetrics.path("epochs").get(e);
            for (String field : List.of("loss", "r2", "l0", "deadFraction")) {
                assertEquals(want.path(field).asDouble(), got.path(field).asDouble(), 1e-9,
                        "epoch " + (e + 1) + " " + field);
            }
        }
        for (String field : List.of("loss", "r2", "l0", "dead_fraction")) {
            assertEquals(expectedMetrics.path(field).asDouble(), actualMetrics.path(field).asDouble(), 1e-9, field);
        }
    }

    private static JsonNode metrics(Path out) throws IOException {
        return JSON.readTree(out.resolve(DictionaryFiles.PROVENANCE).toFile()).path("metrics");
    }

    /** The current checkpoint.json of {@code out}, or null while there is none (or it is being swapped). */
    private static JsonNode checkpoint(Path out) {
        try {
            Path file = out.resolve("checkpoint").resolve("checkpoint.json");
            return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
