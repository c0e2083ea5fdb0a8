package dev.facet.dictionaries.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.dictionaries.io.Safetensors;
import dev.facet.dictionaries.io.SafetensorsFile;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.dictionaries.sae.sparsifier.BatchTopKSparsifier;
import dev.facet.dictionaries.synthetic.PlantedDictionary;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaeDictionaryTest {

    @TempDir
    Path temp;

    private SaeDictionary train(String learner, Map<String, Object> extra, FloatMatrix data) {
        Map<String, Object> hyper = new HashMap<>(Map.of("concepts", 40, "epochs", 2, "batch_size", 128,
                "checkpoint_every", 0));
        hyper.putAll(extra);
        SaeLearner sae = factory(learner).create(ConfigValues.of("test", hyper));
        return sae.fit(ActivationSource.of(data), RunContext.builder().setOutputDirectory(temp.resolve("run-"
                + learner)).optSeed(3).build());
    }

    private static SaeLearnerFactory factory(String id) {
        return (SaeLearnerFactory) SaeLearners.factories().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"topk", "batchtopk", "topk-normalised", "topk-mlp", "relu", "matryoshka"})
    void savedDictionaryLoadsAndEncodesIdentically(String variant) {
        FloatMatrix data = PlantedDictionary.generate(2_000, 24, 30, 3, 0.05, 9).data();
        Map<String, Object> extra = new HashMap<>();
        String learner = variant.split("-")[0];
        if (!learner.equals("relu")) {
            extra.put("k", 4);
        }
        if (variant.endsWith("normalised")) {
            extra.put("normalise_input", true);
        }
        if (variant.endsWith("mlp")) {
            extra.put("encoder", "mlp");
            extra.put("encoder_norm", "batch");
        }
        Path saved = temp.resolve("dict-" + variant);
        try (SaeDictionary trained = train(learner, extra, data)) {
            Codes before = trained.encode(data);
            FloatMatrix decodedBefore = trained.decode(before);
            trained.save(saved);
            try (SaeDictionary loaded = factory(learner).load(saved)) {
                assertEquals(before, loaded.encode(data), variant + ": codes after reload");
                FloatMatrix decodedAfter = loaded.decode(before);
                for (int i = 0; i < decodedBefore.data().length; i++) {
                    assertEquals(decodedBefore.data()[i], decodedAfter.data()[i], 1e-5f, variant + " decode " + i);
                }
                assertEquals(trained.info(), loaded.info());
            }
            if (learner.equals("batchtopk")) {
                SavedDictionary files = DictionaryFiles.read(saved);
                float threshold = ((BatchTopKSparsifier) trained.model().sparsifier()).threshold();
                assertTrue(threshold > 0, "a trained BatchTopK threshold is positive");
                assertEquals(threshold, files.config().get("inference_threshold").floatValue());
                assertEquals(threshold, files.weights().tensor(BatchTopKSparsifier.THRESHOLD).data()[0]);
            }
        }
    }

    @Test
    void foldedNormalisationReconstructsRawInputsFromThePythonFormula() {
        FloatMatrix data = PlantedDictionary.generate(1_000, 16, 20, 2, 0.05, 4).data();
        for (int i = 0; i < data.data().length; i++) {
            data.data()[i] *= 37f;
        }
        Path saved = temp.resolve("folded");
        try (SaeDictionary trained = train("topk", Map.of("k", 3, "normalise_input", true), data)) {
            assertTrue(Math.abs(trained.model().inputScale() - 1f) > 0.5f, "scale differs from 1");
            trained.save(saved);
            SavedDictionary files = DictionaryFiles.read(saved);
            float[] w = files.weights().tensor("W_enc").data();
            float[] b = files.weights().tensor("b_enc").data();
            float[] dec = files.weights().tensor("W_dec").data();
            float[] bDec = files.weights().tensor("b_dec").data();
            Codes codes = trained.encode(data);
            int d = 16;
            int c = 40;
            for (int row = 0; row < 5; row++) {
                // pre = (x - b_dec) @ W.T + b, top-3 of relu(pre), as the Python recipe of
                // docs/formats.md#reading-a-dictionary-from-python computes
                float[] pre = new float[c];
                for (int j = 0; j < c; j++) {
                    double s = b[j];
                    for (int q = 0; q < d; q++) {
                        s += (data.get(row, q) - bDec[q]) * w[q * c + j];
                    }
                    pre[j] = (float) s;
                }
                for (int j : codes.indices(row)) {
                    assertEquals(pre[j], codes.get(row, j), 1e-3f * Math.max(1, Math.abs(pre[j])));
                }
                for (int q = 0; q < d; q++) {
                    double x = bDec[q];
                    for (int j : codes.indices(row)) {
                        x += codes.get(row, j) * dec[j * d + q];
                    }
                    assertEquals(trained.decode(codes).get(row, q), x, 1e-3 * Math.max(1, Math.abs(x)));
                }
            }
        }
    }

    @Test
    void damagedOrForeignDirectoriesAreRefused() throws IOException {
        FloatMatrix data = PlantedDictionary.generate(500, 8, 10, 2, 0.05, 4).data();
        Path saved = temp.resolve("good");
        try (SaeDictionary trained = train("topk", Map.of("k", 2), data)) {
            trained.save(saved);
        }
        CorruptArtifactException foreign = assertThrows(CorruptArtifactException.class,
                () -> factory("batchtopk").load(saved));
        assertTrue(foreign.getMessage().contains("'topk'"), foreign.getMessage());
        Path weights = saved.resolve(DictionaryFiles.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        CorruptArtifactException truncated = assertThrows(CorruptArtifactException.class,
                () -> factory("topk").load(saved));
        assertTrue(truncated.getMessage().contains(DictionaryFiles.WEIGHTS), truncated.getMessage());
        Map<String, dev.facet.spi.tensor.Tensor> tensors = new HashMap<>();
        tensors.put("encoder.weight", new dev.facet.spi.tensor.Tensor(new long[] {3, 3}, new float[9]));
        Safetensors.write(weights, tensors, Map.of());
        CorruptArtifactException missing = assertThrows(CorruptArtifactException.class,
                () -> factory("topk").load(saved));
        assertTrue(missing.getMessage().contains("encoder.weight") || missing.getMessage().contains("missing"),
                missing.getMessage());
    }

    @Test
    void encodeRejectsWrongWidthAndNonFiniteInput() {
        FloatMatrix data = PlantedDictionary.generate(500, 8, 10, 2, 0.05, 4).data();
        try (SaeDictionary trained = train("topk", Map.of("k", 2), data)) {
            assertThrows(InvalidDataException.class, () -> trained.encode(new FloatMatrix(1, 7, new float[7])));
            float[] bad = new float[8];
            bad[3] = Float.NaN;
            assertThrows(InvalidDataException.class, () -> trained.encode(new FloatMatrix(1, 8, bad)));
        }
    }

    /** Rewrites {@code dictionary}'s weights with element {@code flat} of {@code tensor} set to {@code value}. */
    private static void tamper(Path dictionary, String tensor, int flat, float value) {
        Path file = dictionary.resolve(DictionaryFiles.WEIGHTS);
        SafetensorsFile weights = Safetensors.read(file);
        Map<String, Tensor> tensors = new HashMap<>(weights.tensors());
        Tensor original = tensors.get(tensor);
        float[] data = original.data().clone();
        data[flat] = value;
        tensors.put(tensor, new Tensor(original.shape(), data));
        Safetensors.write(file, tensors, weights.metadata());
    }

    private static void assertRefused(SaeLearnerFactory factory, Path dictionary, String... parts) {
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> factory.load(dictionary));
        assertTrue(e.getMessage().contains(dictionary.resolve(DictionaryFiles.WEIGHTS).toString()), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingTheTensorAndIndex() throws IOException {
        FloatMatrix data = PlantedDictionary.generate(500, 8, 10, 2, 0.05, 4).data();
        Path saved = temp.resolve("nan");
        try (SaeDictionary trained = train("topk", Map.of("k", 2), data)) {
            trained.save(saved);
        }
        byte[] good = Files.readAllBytes(saved.resolve(DictionaryFiles.WEIGHTS));
        tamper(saved, "encoder.weight", 1 * 8 + 5, Float.NaN);
        assertRefused(factory("topk"), saved, "tensor 'encoder.weight' [40, 8] holds NaN at row 1, column 5");
        Files.write(saved.resolve(DictionaryFiles.WEIGHTS), good);
        tamper(saved, "b_dec", 3, Float.POSITIVE_INFINITY);
        assertRefused(factory("topk"), saved, "tensor 'b_dec' [8] holds Infinity at index 3");
    }

    @Test
    void saeLensCopiesThatDisagreeWithFacetsTensorsAreRefused() throws IOException {
        FloatMatrix data = PlantedDictionary.generate(500, 8, 10, 2, 0.05, 4).data();
        for (int i = 0; i < data.data().length; i++) {
            data.data()[i] *= 9f;
        }
        Path saved = temp.resolve("copies");
        try (SaeDictionary trained = train("topk", Map.of("k", 2, "normalise_input", true), data)) {
            trained.save(saved);
        }
        byte[] good = Files.readAllBytes(saved.resolve(DictionaryFiles.WEIGHTS));
        SafetensorsFile weights = Safetensors.read(saved.resolve(DictionaryFiles.WEIGHTS));
        float wEnc = weights.tensor("W_enc").data()[2 * 40 + 3];
        tamper(saved, "W_enc", 2 * 40 + 3, wEnc + 0.5f);
        assertRefused(factory("topk"), saved, "tensor 'W_enc' (the SAELens copy of 'encoder.weight' with input.scale",
                "disagrees with it at row 2, column 3", "the file holds " + (wEnc + 0.5f));
        Files.write(saved.resolve(DictionaryFiles.WEIGHTS), good);
        tamper(saved, "W_dec", 7, weights.tensor("W_dec").data()[7] + 0.05f);
        assertRefused(factory("topk"), saved, "tensor 'W_dec' (the SAELens copy of the atoms (dictionary.weight)",
                "at row 0, column 7");
        Files.write(saved.resolve(DictionaryFiles.WEIGHTS), good);
        tamper(saved, "b_enc", 39, weights.tensor("b_enc").data()[39] - 0.25f);
        assertRefused(factory("topk"), saved, "tensor 'b_enc' (the SAELens copy of 'encoder.bias')", "at index 39");
        Files.write(saved.resolve(DictionaryFiles.WEIGHTS), good);
        factory("topk").load(saved).close();
    }
}
