package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.dictionaries.io.Safetensors;
import dev.facet.dictionaries.io.SafetensorsFile;
import dev.facet.spi.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs {@code facet train} and {@code facet eval} must refuse with one error line instead of
 * using them silently or dying with a raw trace: the incomplete store of an interrupted extraction
 * (unless {@code --allow-incomplete-store}), a dictionary with a NaN weight, and a concept count
 * whose matrices exceed a Java array or the heap.
 */
class RefusedInputsTest {
    private static final int IMAGES = 8;
    private static final int TOKENS = 16;
    private static final int DIM = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path store;
    static Path dictionary;

    @BeforeAll
    static void storeAndDictionary() {
        store = dir.resolve("store");
        PlantedStores.write(store, IMAGES, TOKENS, DIM, 2 * TOKENS, 3);
        dictionary = dir.resolve("dict");
        CliRun train = CliRun.of(train(store, dictionary, "64").toArray(String[]::new));
        assertEquals(0, train.exitCode(), train.err());
    }

    private static List<String> train(Path from, Path out, String concepts) {
        return List.of("train", "--store", from.toString(), "--learner", "topk", "--out", out.toString(),
                "--concepts", concepts, "--k", "4", "--epochs", "1", "--batch", "64", "--set", "checkpoint_every=0");
    }

    /** A copy of the store as an interrupted extraction leaves it: every shard listed, {@code complete: false}. */
    private static Path interrupted(String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(store)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        Path manifest = copy.resolve("manifest.json");
        String json = Files.readString(manifest);
        assertTrue(json.contains("\"complete\" : true"), json);
        Files.writeString(manifest, json.replace("\"complete\" : true", "\"complete\" : false"));
        return copy;
    }

    private static void assertOneErrorLine(CliRun run, String... parts) {
        assertEquals(FacetCli.EXIT_FAILURE, run.exitCode(), run.out() + run.err());
        assertNoTrace(run.err());
        for (String part : parts) {
            assertTrue(run.err().contains(part), () -> "expected '" + part + "' in: " + run.err());
        }
    }

    private static void assertNoTrace(String err) {
        assertFalse(err.contains("\tat ") || err.contains("Exception") || err.contains("Error:"), err);
    }

    @Test
    void trainAndEvalRefuseTheIncompleteStoreOfAnInterruptedExtraction() throws IOException {
        Path partial = interrupted("refused");
        Path out = dir.resolve("refused-dict");
        String[] what = {partial.toString(), "incomplete activation store", "extraction was interrupted",
            "8 images (128 rows) in 4 shards", "Rerun the same facet extract to resume it", "--allow-incomplete-store"};
        assertOneErrorLine(CliRun.of(train(partial, out, "64").toArray(String[]::new)), what);
        assertFalse(Files.exists(out.resolve(DictionaryFiles.CONFIG)), "no dictionary trained");
        Path metrics = dir.resolve("refused-metrics.json");
        assertOneErrorLine(CliRun.of("eval", "--dict", dictionary.toString(), "--store", partial.toString(),
                "--out", metrics.toString()), what);
        assertFalse(Files.exists(metrics), "no metrics written");
    }

    @Test
    void allowIncompleteStoreUsesItsRowsAfterAWarning() throws IOException {
        Path partial = interrupted("allowed");
        Path out = dir.resolve("allowed-dict");
        List<String> command = new java.util.ArrayList<>(train(partial, out, "64"));
        command.add("--allow-incomplete-store");
        CliRun trained = CliRun.of(command.toArray(String[]::new));
        assertEquals(0, trained.exitCode(), trained.err());
        assertTrue(trained.err().contains("warning: stage train uses the incomplete activation store " + partial)
                && trained.err().contains("only 8 images (128 rows) in 4 shards"), trained.err());
        assertTrue(Files.isRegularFile(out.resolve(DictionaryFiles.CONFIG)));

        Path metrics = dir.resolve("allowed-metrics.json");
        CliRun evaluated = CliRun.of("eval", "--dict", dictionary.toString(), "--store", partial.toString(),
                "--out", metrics.toString(), "--allow-incomplete-store");
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertTrue(evaluated.err().contains("warning: stage evaluate uses the incomplete activation store"),
                evaluated.err());
        JsonNode scores = JSON.readTree(metrics.toFile());
        assertEquals("training", scores.path("rows_scored").asText(), "the copy holds the images the split was made of");
        assertEquals(IMAGES * TOKENS, scores.path("rows").asInt() + scores.path("held_out").path("rows").asInt());
    }

    @Test
    void evalRefusesADictionaryWithANaNWeightInsteadOfPrintingRSquaredNaN() throws IOException {
        Path broken = dir.resolve("nan-dict");
        Files.createDirectories(broken);
        for (String name : List.of(DictionaryFiles.CONFIG, DictionaryFiles.PROVENANCE)) {
            Files.copy(dictionary.resolve(name), broken.resolve(name));
        }
        SafetensorsFile weights = Safetensors.read(dictionary.resolve(DictionaryFiles.WEIGHTS));
        Map<String, Tensor> tensors = new HashMap<>(weights.tensors());
        Tensor encoder = tensors.get("encoder.weight");
        float[] data = encoder.data().clone();
        data[3 * DIM + 9] = Float.NaN;
        tensors.put("encoder.weight", new Tensor(encoder.shape(), data));
        Safetensors.write(broken.resolve(DictionaryFiles.WEIGHTS), tensors, weights.metadata());

        CliRun run = CliRun.of("eval", "--dict", broken.toString(), "--store", store.toString());
        assertOneErrorLine(run, broken.resolve(DictionaryFiles.WEIGHTS).toString(),
                "tensor 'encoder.weight' [64, 32] holds NaN at row 3, column 9");
        assertFalse(run.out().contains("R2"), run.out());
    }

    @Test
    void conceptsWhoseMatrixExceedsAJavaArrayAreRefusedBeforeAllocating() {
        Path wide = dir.resolve("wide");
        PlantedStores.write(wide, 2, 4, 128, 8, 5);
        CliRun run = CliRun.of(train(wide, dir.resolve("wide-dict"), "16777216").toArray(String[]::new));
        assertOneErrorLine(run, "learner 'topk': concepts × input dim = 16777216 × 128 = 2147483648 values (8.0 GB",
                "more than the 2147483639 elements a Java array holds");
    }

    @Test
    void conceptsBeyondTheHeapAreRefusedWithTheSizeNeeded() throws Exception {
        Path out = dir.resolve("huge-dict");
        List<String> command = new java.util.ArrayList<>(List.of(PlantedStores.java(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "-Dai.djl.offline=true", FacetCli.class.getName()));
        command.addAll(train(store, out, "16777216"));
        Path log = dir.resolve("huge.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the refusal comes at once");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(FacetCli.EXIT_FAILURE, process.exitValue(), output);
        assertNoTrace(output);
        // 16777216 × 32 float32 = 2 GB per matrix; encoder and dictionary, each with gradient and two Adam moments;
        // the rows of 7 of the 8 images, one held out
        assertTrue(output.contains("Learner 'topk' on 112 rows of width 32 needs about 16.0 GB of heap"), output);
        assertTrue(output.matches("(?s).*the JVM's heap is 2\\d\\d\\.\\d MB .*") && output.contains("java -Xmx18g"), output);
        assertFalse(Files.exists(out.resolve(DictionaryFiles.CONFIG)));
    }
}
