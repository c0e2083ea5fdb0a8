package dev.facet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.spi.ConfigException;
import org.junit.jupiter.api.Test;

class SparkExtractionBenchmarkTest {

    @Test
    void comparesTheSparkJobUnderEachLocalMasterWithTheSingleMachineExtraction() throws Exception {
        JsonNode json = new ObjectMapper().readTree(BenchMain.run("spark-extraction", "--images", "24", "--batch", "8",
                "--shard-rows", "196", "--partitions", "3", "--masters", "local[1],local[2]", "--warmup", "8").toJson());
        assertEquals("layer.3", json.get("parameters").get("hook").asText());
        assertTrue(json.get("parameters").get("spark").asText().startsWith("4."), json.toString());
        JsonNode results = json.get("results");
        long rows = results.get("singleMachine").get("rows").asLong();
        assertEquals(24 * 49, rows, "patch tokens of the tiny ViT");
        for (String master : new String[] {"local[1]", "local[2]"}) {
            JsonNode run = results.get("spark").get(master);
            assertEquals(rows, run.get("rows").asLong(), master);
            assertEquals(3, run.get("partitions").asInt(), master);
            assertTrue(run.get("imagesPerSecond").asDouble() > 0, master + ": " + run);
        }
        double speedup = results.get("spark").get("local[2]").get("imagesPerSecond").asDouble()
                / results.get("spark").get("local[1]").get("imagesPerSecond").asDouble();
        assertEquals(speedup, results.get("speedup").asDouble(), 1e-9);
        assertEquals(speedup / 2, results.get("scalingEfficiency").asDouble(), 1e-9);
    }

    @Test
    void refusesAMasterThatIsNotLocal() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> BenchMain.run("spark-extraction", "--masters", "yarn"));
        assertTrue(e.getMessage().contains("local[1],local[2]"), e.getMessage());
    }
}
