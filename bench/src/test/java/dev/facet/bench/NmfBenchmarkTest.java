package dev.facet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.spi.ConfigException;
import org.junit.jupiter.api.Test;

class NmfBenchmarkTest {

    @Test
    void reportsEverySolver() throws Exception {
        JsonNode json = new ObjectMapper().readTree(BenchMain.run("nmf", "--rows", "300", "--rank", "20", "--dim", "40",
                "--concepts", "8", "--iterations", "5", "--solvers", "hals,mu,pgd,anls").toJson());
        assertEquals("nmf", json.get("benchmark").asText());
        for (String solver : new String[] {"hals", "mu", "pgd", "anls"}) {
            JsonNode result = json.get("results").get(solver);
            assertTrue(result.get("seconds").asDouble() > 0, solver);
            assertTrue(result.get("iterations").asInt() >= 1 && result.get("iterations").asInt() <= 5, solver);
            double error = result.get("relativeError").asDouble();
            assertTrue(error > 0 && error < 1, solver + " " + error);
        }
    }

    @Test
    void rejectsAnUnknownSolver() {
        assertThrows(ConfigException.class, () -> BenchMain.run("nmf", "--rows", "50", "--solvers", "cd"));
    }
}
