package dev.facet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReportBenchmarkTest {

    @Test
    void reportsEveryStageAndTheAtlasCost() throws Exception {
        JsonNode json = new ObjectMapper().readTree(BenchMain.run("report", "--images", "100", "--concepts", "16",
                "--k", "4", "--epochs", "1", "--image-size", "32").toJson());
        assertEquals("report", json.get("benchmark").asText());
        JsonNode results = json.get("results");
        for (String stage : new String[] {"extract", "train", "evaluate", "report"}) {
            assertTrue(results.get(stage + "Seconds").asDouble() > 0, stage);
        }
        assertTrue(results.get("mapImagesPerSecond").asDouble() > 0);
        int drawn = results.get("drawnConcepts").asInt();
        assertTrue(drawn >= 1 && drawn <= 16, "drawn " + drawn);
        assertTrue(results.get("drawnConceptsPerSecond").asDouble() > 0);
        assertTrue(results.get("atlasBytes").asLong() > 10_000, "the atlas holds pictures");
    }
}
