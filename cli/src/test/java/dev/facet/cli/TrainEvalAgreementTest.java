package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facet train} then {@code facet eval} on the same store: the dead fraction training records for
 * its rows is exactly the one {@code eval} finds on them, with and without held-out images, and the
 * held-out images are scored apart and never trained on.
 */
class TrainEvalAgreementTest {
    private static final int IMAGES = 24;
    private static final int TOKENS = 16;
    private static final int DIM = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void writeStore() {
        store = dir.resolve("store");
        PlantedStores.write(store, IMAGES, TOKENS, DIM, 100, 7);
    }

    /** 2,048 concepts, 4 per row: 384 rows fire at most 1,536 of them, so at least 512 are dead. */
    private static CliRun train(Path out, String holdout) {
        CliRun run = CliRun.of("train", "--store", store.toString(), "--learner", "topk", "--out", out.toString(),
                "--concepts", "2048", "--k", "4", "--epochs", "2", "--batch", "64", "--holdout", holdout);
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    private static JsonNode eval(Path dictionary) throws Exception {
        CliRun run = CliRun.of("eval", "--dict", dictionary.toString(), "--store", store.toString());
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(dictionary.resolve("metrics.json").toFile());
    }

    private static void assertSameScores(JsonNode trained, JsonNode evaluated) {
        assertEquals(trained.path("rows").asLong(), evaluated.path("rows").asLong());
        assertEquals(trained.path("dead_count").asInt(), evaluated.path("dead_count").asInt());
        assertEquals(trained.path("dead_fraction").asDouble(), evaluated.path("dead_fraction").asDouble(), 0.0,
                "dead fraction, exactly");
        assertEquals(trained.path("r2").asDouble(), evaluated.path("r2").asDouble(), 0.0);
        assertEquals(trained.path("l0").asDouble(), evaluated.path("l0").asDouble(), 0.0);
    }

    @Test
    void withoutHeldOutImagesTrainingAndEvalAgreeOnEveryRow() throws Exception {
        Path dictionary = dir.resolve("all-rows");
        CliRun run = train(dictionary, "0");
        JsonNode provenance = JSON.readTree(dictionary.resolve("provenance.json").toFile());
        JsonNode trained = provenance.path("metrics");
        assertEquals(IMAGES * TOKENS, trained.path("rows").asLong());
        assertEquals(0, provenance.path("source").path("holdout").path("held_out_images").asInt(-1));
        assertTrue(trained.path("dead_count").asInt() >= 2048 - 384 * 4, trained.path("dead_count").asText());
        assertTrue(run.out().contains("Final model on the 384 training rows"), run.out());
        assertTrue(run.out().contains("dead in the last"), run.out());

        JsonNode evaluated = eval(dictionary);
        assertEquals("all", evaluated.path("rows_scored").asText());
        assertFalse(evaluated.has("held_out"));
        assertSameScores(trained, evaluated);
    }

    @Test
    void heldOutImagesAreScoredApartAndTheTrainingRowsAgree() throws Exception {
        Path dictionary = dir.resolve("held-out");
        CliRun run = train(dictionary, "0.05");
        assertTrue(run.out().contains("on 368 rows x 32 (16 rows of 1 images held out)"), run.out());
        assertTrue(run.err().contains("1 of 24 images (16 rows) held out of training"), run.err());
        JsonNode provenance = JSON.readTree(dictionary.resolve("provenance.json").toFile());
        JsonNode holdout = provenance.path("source").path("holdout");
        assertEquals(0.05, holdout.path("fraction").asDouble());
        assertEquals(1, holdout.path("held_out_images").asInt(), "round(0.05 x 24) = 1");
        assertEquals(368, provenance.path("source").path("rows").asLong(), "trained on the other 23 images");
        JsonNode trained = provenance.path("metrics");

        CliRun evalRun = CliRun.of("eval", "--dict", dictionary.toString(), "--store", store.toString());
        assertEquals(0, evalRun.exitCode(), evalRun.err());
        assertTrue(evalRun.out().contains("on 368 training rows and 16 held-out rows (1 of 24 images)"),
                evalRun.out());
        assertTrue(evalRun.out().contains("training") && evalRun.out().contains("held-out"), evalRun.out());
        JsonNode evaluated = JSON.readTree(dictionary.resolve("metrics.json").toFile());
        assertEquals("training", evaluated.path("rows_scored").asText());
        assertSameScores(trained, evaluated);
        JsonNode heldOut = evaluated.path("held_out");
        assertEquals(16, heldOut.path("rows").asLong());
        assertTrue(heldOut.path("r2").isNumber(), heldOut.toString());
        assertTrue(heldOut.path("dead_fraction").asDouble() >= evaluated.path("dead_fraction").asDouble(),
                "16 rows fire no more concepts than the 368 training rows: " + heldOut);
        assertEquals(holdout, evaluated.path("holdout"), "the split, as training recorded it");
    }

    @Test
    void aHoldoutOutsideZeroToOneIsRefused() {
        CliRun run = CliRun.of("train", "--store", store.toString(), "--learner", "topk", "--out",
                dir.resolve("refused").toString(), "--concepts", "16", "--k", "2", "--holdout", "1");
        assertEquals(FacetCli.EXIT_FAILURE, run.exitCode());
        assertTrue(run.err().contains("--holdout") && run.err().contains("[0, 1)"), run.err());
    }
}
