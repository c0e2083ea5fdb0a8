package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.dictionaries.sae.SaeLearners;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facet eval} end to end: a small planted store, a tiny TopK SAE trained in-process, the
 * command run through {@link FacetCli}, its table and {@code metrics.json} checked against an
 * independent whole-set computation.
 */
class EvalCommandTest {
    private static final int IMAGES = 24;
    private static final int TOKENS = 16;
    private static final int DIM = 32;
    private static final int CONCEPTS = 64;
    private static final int K = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path store;
    static Path dictionary;
    static DictionaryLearnerFactory topk;

    @BeforeAll
    static void trainTinyDictionary() {
        store = dir.resolve("store");
        PlantedStores.write(store, IMAGES, TOKENS, DIM, 100, 7);
        topk = SaeLearners.factories().stream().filter(f -> f.id().equals("topk")).findFirst().orElseThrow();
        dictionary = dir.resolve("dict");
        RunContext context = RunContext.builder().setOutputDirectory(dictionary).optSeed(3).build();
        try (Dictionary trained = topk.create(ConfigValues.of("test", Map.of("concepts", CONCEPTS, "k", K,
                "epochs", 3, "batch_size", 64, "checkpoint_every", 0))).fit(ActivationStore.open(store), context)) {
            trained.save(dictionary);
        }
    }

    /** R², L0 and dead count of the first {@code rows} rows, encoded all at once, by plain loops. */
    private static double[] independent(int rows) {
        ActivationStore data = ActivationStore.open(store);
        float[] all = new float[(int) data.rows() * DIM];
        int filled = 0;
        for (int s = 0; s < data.shards().size(); s++) {
            FloatMatrix shard = data.readShard(s);
            System.arraycopy(shard.data(), 0, all, filled, shard.data().length);
            filled += shard.data().length;
        }
        FloatMatrix x = new FloatMatrix(rows, DIM, java.util.Arrays.copyOf(all, rows * DIM));
        try (Dictionary dict = topk.load(dictionary)) {
            Codes codes = dict.encode(x);
            FloatMatrix xHat = dict.decode(codes);
            double[] mean = new double[DIM];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < DIM; j++) {
                    mean[j] += x.get(i, j) / (double) rows;
                }
            }
            double err = 0;
            double tot = 0;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < DIM; j++) {
                    err += Math.pow(x.get(i, j) - xHat.get(i, j), 2);
                    tot += Math.pow(x.get(i, j) - mean[j], 2);
                }
            }
            FloatMatrix z = codes.toDense();
            long active = 0;
            boolean[] fired = new boolean[CONCEPTS];
            for (int i = 0; i < rows; i++) {
                for (int c = 0; c < CONCEPTS; c++) {
                    if (z.get(i, c) != 0f) {
                        active++;
                        fired[c] = true;
                    }
                }
            }
            int dead = 0;
            for (boolean f : fired) {
                dead += f ? 0 : 1;
            }
            return new double[] {1 - err / tot, (double) active / rows, dead};
        }
    }

    @Test
    void evaluatesTheWholeStoreIntoTheDictionaryDirectory() throws Exception {
        CliRun run = CliRun.of("eval", "--dict", dictionary.toString(), "--store", store.toString(), "--batch", "100");
        assertEquals(0, run.exitCode(), run.err());
        System.out.print(run.out());
        int rows = IMAGES * TOKENS;
        double[] expected = independent(rows);
        JsonNode metrics = JSON.readTree(dictionary.resolve("metrics.json").toFile());
        assertEquals("topk", metrics.path("learner").asText());
        assertEquals(rows, metrics.path("rows").asLong());
        assertEquals(CONCEPTS, metrics.path("concepts").asInt());
        double r2 = metrics.path("r2").asDouble();
        assertEquals(expected[0], r2, 1e-6);
        assertTrue(r2 > 0.1 && r2 < 1, "a tiny SAE explains part of the variance: " + r2);
        assertEquals(1 - r2, metrics.path("fvu").asDouble(), 1e-12);
        assertEquals(expected[1], metrics.path("l0").asDouble(), 1e-9);
        assertTrue(metrics.path("l0").asDouble() <= K);
        assertEquals((int) expected[2], metrics.path("dead_count").asInt());
        assertEquals(expected[2] / CONCEPTS, metrics.path("dead_fraction").asDouble(), 1e-12);
        assertEquals(CONCEPTS, metrics.path("density").size());
        assertEquals(CONCEPTS, metrics.path("energy").size());
        double collinearity = metrics.path("collinearity").asDouble();
        assertTrue(collinearity > 0 && collinearity <= 1, "collinearity " + collinearity);
        long binned = metrics.path("density_histogram").path("dead").asLong();
        for (JsonNode count : metrics.path("density_histogram").path("counts")) {
            binned += count.asLong();
        }
        assertEquals(CONCEPTS, binned);
        assertTrue(metrics.path("codes_hoyer").asDouble() > 0.5, "TopK codes are sparse");

        String out = run.out();
        assertTrue(out.contains("Evaluated topk (64 concepts, dim 32) on 384 rows"), out);
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "R2 (per-feature mean)        %.6f", r2)), out);
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "L0 (active codes/sample)     %.6f",
                expected[1])), out);
        assertTrue(out.contains("dead codes                   " + (int) expected[2] + " of 64"), out);
        for (String label : new String[] {"FVU", "relative avg L2 loss", "codes hoyer", "codes kappa4",
            "dictionary collinearity", "log10 firing density histogram", "Wrote "}) {
            assertTrue(out.contains(label), label + " in\n" + out);
        }
    }

    @Test
    void nmfEvaluationReachesTheR2RecordedByTraining() throws Exception {
        Path nonNegative = dir.resolve("non-negative");
        PlantedStores.writeNonNegative(nonNegative, IMAGES, TOKENS, DIM, 100, 9);
        Path nmf = dir.resolve("nmf");
        CliRun train = CliRun.of("train", "--store", nonNegative.toString(), "--learner", "nmf", "--out", nmf.toString(),
                "--concepts", "12", "--set", "max_iter=500", "--set", "tol=1e-6");
        assertEquals(0, train.exitCode(), train.err());
        double trained = JSON.readTree(nmf.resolve("provenance.json").toFile()).path("metrics").path("r2").asDouble();
        assertTrue(train.out().contains(String.format(java.util.Locale.ROOT, "R2 %.4f", trained)), train.out());
        CliRun eval = CliRun.of("eval", "--dict", nmf.toString(), "--store", nonNegative.toString(), "--batch", "100");
        assertEquals(0, eval.exitCode(), eval.err());
        double evaluated = JSON.readTree(nmf.resolve("metrics.json").toFile()).path("r2").asDouble();
        // encode solves the NNLS exactly: as good as the training codes, and no better than a converged fit
        assertEquals(trained, evaluated, 1e-3, "eval R² vs training R²");
        assertTrue(evaluated >= trained - 1e-6, "eval " + evaluated + " below training " + trained);
        assertTrue(trained > 0.3 && trained < 1, "12 NMF atoms explain part of 256 planted ones: " + trained);
    }

    @Test
    void limitRowsAndOutPathAndLearnerOverride() throws Exception {
        Path target = dir.resolve("elsewhere").resolve("m.json");
        Files.createDirectories(target.getParent());
        CliRun run = CliRun.of("eval", "--dict", dictionary.toString(), "--store", store.toString(),
                "--learner", "topk", "--limit-rows", "150", "--batch", "64", "--out", target.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode metrics = JSON.readTree(target.toFile());
        assertEquals(150, metrics.path("rows").asLong());
        assertEquals(independent(150)[0], metrics.path("r2").asDouble(), 1e-6);
        assertTrue(run.out().contains("on 150 rows"), run.out());
    }

    @Test
    void mismatchesAreOneErrorLine() throws Exception {
        Path narrow = dir.resolve("narrow");
        PlantedStores.write(narrow, 2, 4, DIM / 2, 8, 1);
        CliRun wrongWidth = CliRun.of("eval", "--dict", dictionary.toString(), "--store", narrow.toString());
        assertEquals(FacetCli.EXIT_FAILURE, wrongWidth.exitCode());
        assertTrue(wrongWidth.err().contains("takes rows of width 32 but store")
                && wrongWidth.err().contains("width 16"), wrongWidth.err());

        CliRun wrongLearner = CliRun.of("eval", "--dict", dictionary.toString(), "--store", store.toString(),
                "--learner", "jumprelu");
        assertEquals(FacetCli.EXIT_FAILURE, wrongLearner.exitCode());
        assertTrue(wrongLearner.err().contains("not 'jumprelu'"), wrongLearner.err());

        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        CliRun noConfig = CliRun.of("eval", "--dict", empty.toString(), "--store", store.toString());
        assertEquals(FacetCli.EXIT_FAILURE, noConfig.exitCode());
        assertTrue(noConfig.err().contains("config.json"), noConfig.err());

        CliRun badLimit = CliRun.of("eval", "--dict", dictionary.toString(), "--store", store.toString(),
                "--limit-rows", "-1");
        assertEquals(FacetCli.EXIT_FAILURE, badLimit.exitCode());
        assertTrue(badLimit.err().contains("--limit-rows"), badLimit.err());
    }
}
