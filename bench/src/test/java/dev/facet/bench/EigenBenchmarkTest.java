package dev.facet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.spi.ConfigException;
import org.junit.jupiter.api.Test;

class EigenBenchmarkTest {

    @Test
    void reportsTimeAndAnAccurateDecomposition() throws Exception {
        JsonNode json = new ObjectMapper().readTree(
                BenchMain.run("eigen", "--d", "60", "--warmup", "0", "--repeats", "2").toJson());
        assertEquals("eigen", json.get("benchmark").asText());
        assertEquals(60, json.get("parameters").get("d").asInt());
        assertTrue(json.get("parameters").get("solver").asText().length() > 0);
        JsonNode results = json.get("results");
        assertEquals(2, results.get("decompose").get("runs").asInt());
        for (String error : new String[] {"maxResidual", "reconstructionError", "orthogonalityError"}) {
            double value = results.get(error).asDouble();
            assertTrue(value >= 0 && value < 1e-12, error + " " + value);
        }
    }

    @Test
    void theMatrixIsSymmetricAndTheSizeChecked() {
        double[] a = EigenBenchmark.matrix(5);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(a[i * 5 + j], a[j * 5 + i], 0);
            }
        }
        assertThrows(ConfigException.class, () -> new EigenBenchmark(1, 0, 1));
    }
}
