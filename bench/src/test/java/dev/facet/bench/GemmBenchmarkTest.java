package dev.facet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.spi.ConfigException;
import org.junit.jupiter.api.Test;

class GemmBenchmarkTest {

    @Test
    void reportIsJsonWithParametersTimingsAndACorrectProduct() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new GemmBenchmark(17, 33, 65, 1, 3).run().toJson());
        assertEquals("gemm", json.get("benchmark").asText());
        assertEquals(17, json.get("parameters").get("m").asInt());
        assertEquals(65, json.get("parameters").get("n").asInt());
        assertTrue(json.get("machine").get("cores").asInt() >= 1);
        JsonNode results = json.get("results");
        assertEquals(3, results.get("matmul").get("runs").asInt());
        assertTrue(results.get("gflops").asDouble() > 0);
        assertTrue(results.get("maxAbsError").asDouble() < 1e-4, results.toString());
    }

    @Test
    void timingsSummariseRuns() {
        Timings t = new Timings(new double[] {3, 1, 2, 10});
        assertEquals(2.5, t.median(), 1e-12);
        assertEquals(1, t.min(), 1e-12);
        assertEquals(4, t.mean(), 1e-12);
        int[] calls = {0};
        assertEquals(4, Timings.measure(2, 4, () -> calls[0]++).seconds().length);
        assertEquals(6, calls[0]);
        assertThrows(ConfigException.class, () -> Timings.measure(0, 0, () -> { }));
        assertThrows(ConfigException.class, () -> new GemmBenchmark(0, 1, 1, 0, 1));
    }
}
