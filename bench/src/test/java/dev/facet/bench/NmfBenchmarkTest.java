package dev.facet.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.store.Npy;
import dev.facet.spi.ConfigException;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void timesTheGivenTargetAndSavesTheData(@TempDir Path temp) throws Exception {
        Path saved = temp.resolve("x.npy");
        JsonNode json = new ObjectMapper().readTree(BenchMain.run("nmf", "--rows", "200", "--rank", "6", "--dim", "30",
                "--concepts", "6", "--iterations", "30", "--solvers", "hals", "--target", "0.5",
                "--save-data", saved.toString()).toJson());
        assertEquals(0.5, json.get("parameters").get("target").asDouble());
        JsonNode hals = json.get("results").get("hals");
        assertEquals(1, hals.get("iterationsToTarget").asInt(), "the first iteration is already below 0.5");
        assertTrue(hals.get("secondsToTarget").asDouble() > 0);
        FloatMatrix x = Npy.read(saved);
        assertEquals(200, x.rows());
        assertEquals(30, x.cols());
        assertArrayEquals(NmfBenchmark.data(200, 6, 30).data(), x.data());
    }

    @Test
    void rejectsAnUnknownSolverAndABadTarget() {
        assertThrows(ConfigException.class, () -> BenchMain.run("nmf", "--rows", "50", "--solvers", "cd"));
        assertThrows(ConfigException.class, () -> BenchMain.run("nmf", "--rows", "50", "--target", "1.5"));
        assertThrows(ConfigException.class, () -> BenchMain.run("nmf", "--rows", "50", "--target", "low"));
    }
}
