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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
    /** The default holdout keeps round(0.05 × 1,024) = 51 images out of training. */
    private static final int HELD_OUT_IMAGES = 51;
    /** The other 973 images' 62,272 rows in batches of 1,024, the last one partial. */
    private static final int STEPS_PER_EPOCH = ((IMAGES - HELD_OUT_IMAGES) * TOKENS + BATCH - 1) / BATCH;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final CliProcesses cli = new CliProcesses();

    private static List<String> args(Path store, Path out) {
        return List.of("train", "--store", store.toString(), "--learner", "topk", "--out", out.toString(),
                "--concepts", "256", "--k", "8", "--epochs", String.valueOf(EPOCHS), "--batch", String.valueOf(BATCH),
                "--seed", "5", "--set", "checkpoint_every=3");
    }

    @Test
    void aKilledTrainingResumesToTheWeightsOfAnUninterruptedRun() throws Exception {
        Path store = dir.resolve("store");
        PlantedStores.write(store, IMAGES, TOKENS, DIM, 8192, 3);

        Path killed = dir.resolve("killed");
        long firstStarted = System.nanoTime();
        Path firstLog = dir.resolve("first.log");
        Process first = cli.start(firstLog, args(store, killed));
        JsonNode[] checkpoints = new JsonNode[1];
        // the first checkpoint inside epoch 2: epoch 1's log is in it, and epoch 2 resumes mid-way
        CliProcesses.awaitWhileAlive(first, () -> {
            checkpoints[0] = CliProcesses.json(killed.resolve("checkpoint").resolve("checkpoint.json"));
            return checkpoints[0] != null && checkpoints[0].path("epoch").asInt() == 1
                    && checkpoints[0].path("batch_in_epoch").asInt() > 0;
        }, 240);
        CliProcesses.kill(first, firstLog);
        double killedAfter = (System.nanoTime() - firstStarted) / 1e9;
        JsonNode checkpoint = checkpoints[0];
        assertFalse(Files.exists(killed.resolve(DictionaryFiles.WEIGHTS)), "the killed run saved no dictionary");
        assertNotNull(checkpoint, "a checkpoint was written before the kill");
        long checkpointStep = checkpoint.path("step").asLong();
        assertTrue(checkpointStep > STEPS_PER_EPOCH && checkpointStep < 2L * STEPS_PER_EPOCH,
                "killed in epoch 2 after the checkpoint at step " + checkpointStep);

        long secondStarted = System.nanoTime();
        int resumedCode = cli.run(dir.resolve("second.log"), 300, args(store, killed));
        double resumedSeconds = (System.nanoTime() - secondStarted) / 1e9;
        String secondLog = CliProcesses.text(dir.resolve("second.log"));
        assertEquals(0, resumedCode, () -> "resumed run; output:\n" + secondLog);
        assertTrue(secondLog.contains("resuming from the checkpoint"), secondLog);

        Path reference = dir.resolve("uninterrupted");
        long wholeStarted = System.nanoTime();
        int wholeCode = cli.run(dir.resolve("whole.log"), 300, args(store, reference));
        double wholeSeconds = (System.nanoTime() - wholeStarted) / 1e9;
        assertEquals(0, wholeCode, () -> "uninterrupted run; output:\n" + CliProcesses.text(dir.resolve("whole.log")));
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
            for (String field : List.of("loss", "r2", "l0", "windowDeadFraction")) {
                assertEquals(want.path(field).asDouble(), got.path(field).asDouble(), 1e-9,
                        "epoch " + (e + 1) + " " + field);
            }
        }
        for (String field : List.of("loss", "r2", "l0", "dead_fraction")) {
            assertEquals(expectedMetrics.path(field).asDouble(), actualMetrics.path(field).asDouble(), 1e-9, field);
        }
        assertEquals((IMAGES - HELD_OUT_IMAGES) * TOKENS, actualMetrics.path("rows").asLong(),
                "both runs trained on the same rows, the held-out images left out");
    }

    private static JsonNode metrics(Path out) throws IOException {
        return JSON.readTree(out.resolve(DictionaryFiles.PROVENANCE).toFile()).path("metrics");
    }
}
