package dev.facet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.spi.ConfigException;
import org.junit.jupiter.api.Test;

class ExtractionBenchmarkTest {

    @Test
    void measuresBareForwardDecodingAndThePipelineWithTypedBackboneSettings() throws Exception {
        JsonNode json = new ObjectMapper().readTree(BenchMain.run("extraction", "--limit", "16", "--batch", "8",
                "--repeats", "1", "--threads", "1", "--set", "threads=1", "--set", "descriptor=tiny-vit-fmnist").toJson());
        JsonNode options = json.get("parameters").get("backboneOptions");
        assertTrue(options.get("threads").isInt(), "a number is passed as a number: " + options);
        assertEquals("tiny-vit-fmnist", options.get("descriptor").asText());
        assertEquals(16, json.get("parameters").get("imageCount").asInt());
        JsonNode results = json.get("results");
        for (String rate : new String[] {"bareImagesPerSecond", "decodeImagesPerSecond", "pipelineImagesPerSecond"}) {
            assertTrue(results.get(rate).asDouble() > 0, rate + " in " + results);
        }
        assertThrows(ConfigException.class, () -> BenchMain.run("extraction", "--set", "threads"));
    }
}
