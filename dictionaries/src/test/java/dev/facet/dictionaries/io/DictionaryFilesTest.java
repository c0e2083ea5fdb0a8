package dev.facet.dictionaries.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.Provenance;
import dev.facet.spi.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DictionaryFilesTest {

    @TempDir
    Path dir;

    private static final Map<String, Tensor> WEIGHTS = Map.of(
            "encoder.weight", new Tensor(new long[] {3, 2}, new float[] {1, 2, 3, 4, 5, 6}),
            "encoder.bias", new Tensor(new long[] {3}, new float[] {0.5f, -0.5f, 0}),
            "decoder.weight", new Tensor(new long[] {2, 3}, new float[] {6, 5, 4, 3, 2, 1}),
            "threshold", new Tensor(new long[0], new float[] {0.25f}));

    private static ObjectNode config() {
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("learner", "topk-sae");
        config.put("k", 32);
        config.putObject("normalization").put("mean", 0.5).put("scale", 2.0);
        return config;
    }

    private static Provenance provenance() {
        return Provenance.builder().setLearner("topk-sae").optSeed(7)
                .optSource(Map.of("store", "/data/acts", "hook_point", "blocks.9")).build();
    }

    private Path written() {
        Path out = dir.resolve("dict");
        DictionaryFiles.write(out, config(), WEIGHTS, provenance());
        return out;
    }

    @Test
    void aRewriteThatDiesMidwayLeavesAnIncompleteDictionaryNotAMixedOne() throws IOException {
        Path out = written();
        Files.createDirectories(out.resolve("checkpoint"));
        // The provenance cannot be written (its temporary name is taken by a directory): the writer dies
        // after the new weights are in place.
        Path blocker = Files.createDirectories(out.resolve(DictionaryFiles.PROVENANCE + ".tmp"));
        Files.writeString(blocker.resolve("x"), "x");
        Map<String, Tensor> other = Map.of("encoder.weight", new Tensor(new long[] {1}, new float[] {9}));
        assertThrows(dev.facet.spi.FacetException.class, () -> DictionaryFiles.write(out, config(), other, provenance()));
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> DictionaryFiles.read(out));
        assertTrue(e.getMessage().contains("incomplete dictionary: missing config.json"), e.getMessage());
        assertTrue(Files.isDirectory(out.resolve("checkpoint")), "the training checkpoint stays");

        Files.delete(blocker.resolve("x"));
        Files.delete(blocker);
        DictionaryFiles.write(out, config(), other, provenance());
        assertEquals(other, DictionaryFiles.read(out).weights().tensors());
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingFileTensorAndIndex() {
        Map<String, Tensor> weights = new java.util.HashMap<>(WEIGHTS);
        weights.put("encoder.weight", new Tensor(new long[] {3, 2}, new float[] {1, 2, 3, 4, Float.NEGATIVE_INFINITY, 6}));
        Path out = dir.resolve("inf");
        DictionaryFiles.write(out, config(), weights, provenance());
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> DictionaryFiles.read(out));
        assertEquals(out.resolve(DictionaryFiles.WEIGHTS), e.artifact());
        assertTrue(e.getMessage().contains("tensor 'encoder.weight' [3, 2] holds -Infinity at row 2, column 0"),
                e.getMessage());
        weights.put("encoder.weight", WEIGHTS.get("encoder.weight"));
        weights.put("threshold", new Tensor(new long[0], new float[] {Float.NaN}));
        DictionaryFiles.write(out, config(), weights, provenance());
        e = assertThrows(CorruptArtifactException.class, () -> DictionaryFiles.read(out));
        assertTrue(e.getMessage().contains("tensor 'threshold' [] holds NaN at index 0"), e.getMessage());
    }

    @Test
    void roundTrip() throws IOException {
        Provenance provenance = provenance();
        Path out = dir.resolve("nested/dict");
        DictionaryFiles.write(out, config(), WEIGHTS, provenance);

        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("config.json", "provenance.json", "weights.safetensors"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
        }
        SavedDictionary saved = DictionaryFiles.read(out);

        assertEquals(out, saved.directory());
        assertEquals("topk-sae", saved.learner());
        List<String> keys = new ArrayList<>();
        saved.config().properties().forEach(f -> keys.add(f.getKey()));
        assertEquals(List.of("format", "format_version", "learner", "k", "normalization"), keys);
        assertEquals(DictionaryFiles.FORMAT, saved.config().get("format").textValue());
        assertEquals(1, saved.config().get("format_version").intValue());
        assertEquals(2.0, saved.config().get("normalization").get("scale").doubleValue());
        assertEquals(WEIGHTS, saved.weights().tensors());
        assertEquals(Map.of("format", "facet-dictionary", "format_version", "1", "learner", "topk-sae"),
                saved.weights().metadata());
        assertEquals(provenance.toMap().toString(), Json.MAPPER.convertValue(saved.provenance(), Object.class).toString());
        assertEquals(provenance, saved.provenanceRecord());

        String text = Files.readString(out.resolve("config.json"), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\n  \"format\": \"facet-dictionary\",\n  \"format_version\": 1,\n"), text);
        assertTrue(text.endsWith("}\n"), text);
    }

    @Test
    void rewritingReplacesTheFiles() {
        Path out = written();
        ObjectNode config = DictionaryFiles.read(out).config();
        config.put("k", 64);
        DictionaryFiles.write(out, config, Map.of("w", Tensor.zeros(2, 2)), provenance());

        SavedDictionary saved = DictionaryFiles.read(out);
        assertEquals(64, saved.config().get("k").intValue());
        assertEquals(List.of("w"), new ArrayList<>(saved.weights().tensors().keySet()));
    }

    @Test
    void writeRejectsAConfigWithoutALearner() {
        ObjectNode noLearner = config();
        noLearner.remove("learner");
        ConfigException e = assertThrows(ConfigException.class,
                () -> DictionaryFiles.write(dir.resolve("d"), noLearner, WEIGHTS, provenance()));
        assertTrue(e.getMessage().contains("'learner' is missing"), e.getMessage());

        ObjectNode numeric = config().put("learner", 3);
        assertThrows(ConfigException.class, () -> DictionaryFiles.write(dir.resolve("d"), numeric, WEIGHTS, provenance()));
        assertTrue(Files.notExists(dir.resolve("d")), "nothing written");
    }

    @Test
    void writeRejectsConflictingFormatOrLearner() {
        assertThrows(ConfigException.class, () -> DictionaryFiles.write(dir.resolve("d"),
                config().put("format", "other"), WEIGHTS, provenance()));
        assertThrows(ConfigException.class, () -> DictionaryFiles.write(dir.resolve("d"),
                config().put("format_version", 2), WEIGHTS, provenance()));
        ConfigException e = assertThrows(ConfigException.class, () -> DictionaryFiles.write(dir.resolve("d"),
                config(), WEIGHTS, Provenance.builder().setLearner("nmf").build()));
        assertTrue(e.getMessage().contains("'topk-sae'") && e.getMessage().contains("'nmf'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"config.json", "weights.safetensors", "provenance.json"})
    void missingFileIsNamed(String name) throws IOException {
        Path out = written();
        Files.delete(out.resolve(name));

        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> DictionaryFiles.read(out));
        assertEquals(out, e.artifact());
        assertTrue(e.getMessage().contains("missing " + name), e.getMessage());
    }

    @Test
    void newerFormatVersionIsRejected() throws IOException {
        Path out = written();
        rewriteConfig(out, c -> c.put("format_version", 2));

        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> DictionaryFiles.read(out));
        assertEquals(out.resolve("config.json"), e.artifact());
        assertTrue(e.getMessage().contains("written by a newer Facet"), e.getMessage());
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void otherBadVersionsAreRejected() throws IOException {
        Path out = written();
        rewriteConfig(out, c -> c.put("format_version", 0));
        assertMessage(out, "unsupported 'format_version' 0; expected 1");
        rewriteConfig(out, c -> c.put("format_version", "1"));
        assertMessage(out, "'format_version' is \"1\"; expected the integer 1");
        rewriteConfig(out, c -> c.remove("format_version"));
        assertMessage(out, "'format_version' is missing");
    }

    @Test
    void wrongFormatIsRejected() throws IOException {
        Path out = written();
        rewriteConfig(out, c -> c.put("format", "activation-store"));
        assertMessage(out, "'format' is \"activation-store\"; expected \"facet-dictionary\"");
    }

    @Test
    void missingLearnerIsRejected() throws IOException {
        Path out = written();
        rewriteConfig(out, c -> c.remove("learner"));
        assertMessage(out, "'learner' is missing; expected the learner id");
    }

    @Test
    void configThatIsNotJsonIsRejected() throws IOException {
        Path out = written();
        Files.writeString(out.resolve("config.json"), "{\"format\": ");
        assertMessage(out, "config.json: is not valid JSON");
        Files.writeString(out.resolve("config.json"), "[]");
        assertMessage(out, "is a JSON ARRAY; expected an object");
    }

    @Test
    void provenanceThatIsNotAnObjectIsRejected() throws IOException {
        Path out = written();
        Files.writeString(out.resolve("provenance.json"), "\"text\"");
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> DictionaryFiles.read(out));
        assertEquals(out.resolve("provenance.json"), e.artifact());
    }

    @Test
    void weightsOfAnotherLearnerAreRejected() {
        Path out = written();
        Safetensors.write(out.resolve("weights.safetensors"), WEIGHTS, Map.of("learner", "nmf"));
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> DictionaryFiles.read(out));
        assertTrue(e.getMessage().contains("weights.safetensors") && e.getMessage().contains("'nmf'"), e.getMessage());
    }

    @Test
    void truncatedWeightsAreRejected() throws IOException {
        Path out = written();
        Path weights = out.resolve("weights.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> DictionaryFiles.read(out));
        assertEquals(weights, e.artifact());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingOrFileDirectoryIsRejected() throws IOException {
        Path absent = dir.resolve("absent");
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> DictionaryFiles.read(absent));
        assertTrue(e.getMessage().startsWith(absent.toString()) && e.getMessage().contains("missing"), e.getMessage());

        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        e = assertThrows(CorruptArtifactException.class, () -> DictionaryFiles.read(file));
        assertTrue(e.getMessage().contains("is a file; expected a dictionary directory"), e.getMessage());
    }

    private static void rewriteConfig(Path out, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        Path file = out.resolve("config.json");
        ObjectNode config = (ObjectNode) Json.MAPPER.readTree(file.toFile());
        edit.accept(config);
        Files.write(file, Json.pretty(config));
    }

    private static void assertMessage(Path out, String expected) {
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> DictionaryFiles.read(out));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
    }

}
