package dev.facet.dictionaries.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.spi.ConfigException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

    @Test
    void builderFillsTheEnvironment() {
        Instant before = Instant.now().minusSeconds(1);
        Provenance p = Provenance.builder().setLearner("topk-sae").build();

        assertEquals("topk-sae", p.learner());
        assertTrue(!p.created().isBefore(before) && Duration.between(p.created(), Instant.now()).getSeconds() < 60);
        assertEquals(System.getProperty("java.version"), p.java());
        assertEquals(System.getProperty("os.name") + " " + System.getProperty("os.arch"), p.os());
        assertEquals("dev", p.facet(), "classes outside a jar have no Implementation-Version");
        assertNull(p.seed());
        assertNull(p.device());
        assertNull(p.trainingSeconds());
        assertEquals(Map.of(), p.source());
        assertEquals(Map.of(), p.metrics());
    }

    @Test
    void jsonRoundTrip() {
        Provenance p = Provenance.builder()
                .setLearner("topk-sae")
                .optSeed(-42L)
                .optDevice("cuda:0")
                .optSource(Map.of("store", "/data/acts", "model", "dinov2-small", "hook_point", "blocks.9",
                        "rows", 123_456_789_012L, "layers", List.of(1, 2)))
                .optMetrics(Map.of("mse", 0.0125f, "dead_fraction", 0.0))
                .optTrainingSeconds(12.5)
                .build();

        ObjectNode json = p.toJson();
        assertEquals("topk-sae", json.get("learner").textValue());
        assertEquals(p.created().toString(), json.get("created").textValue());
        assertTrue(json.get("created").textValue().endsWith("Z"), "UTC instant");
        assertEquals(-42L, json.get("seed").longValue());
        assertEquals(12.5, json.get("training_seconds").doubleValue());
        assertEquals("blocks.9", json.get("source").get("hook_point").textValue());

        assertEquals(p, Provenance.fromJson(json));
    }

    @Test
    void absentOptionalsAreOmitted() {
        ObjectNode json = Provenance.builder().setLearner("nmf").build().toJson();
        assertFalse(json.has("seed"));
        assertFalse(json.has("device"));
        assertFalse(json.has("training_seconds"));
        assertEquals(Provenance.fromJson(json).toJson(), json);
    }

    @Test
    void learnerIsRequired() {
        ConfigException e = assertThrows(ConfigException.class, () -> Provenance.builder().build());
        assertTrue(e.getMessage().contains("setLearner"), e.getMessage());
        assertThrows(ConfigException.class, () -> Provenance.builder().setLearner(" ").build());
    }

    @Test
    void rejectsValuesThatAreNotJson() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Provenance.builder().setLearner("x").optSource(Map.of("bad", new Object())).build());
        assertTrue(e.getMessage().contains("source"), e.getMessage());
        assertThrows(ConfigException.class, () -> Provenance.builder().setLearner("x").optTrainingSeconds(-1).build());
        assertThrows(ConfigException.class,
                () -> Provenance.builder().setLearner("x").optTrainingSeconds(Double.NaN).build());
    }

    @Test
    void fromJsonNamesTheBadKey() {
        ObjectNode json = Provenance.builder().setLearner("x").build().toJson();

        ObjectNode unknown = json.deepCopy().put("colour", "red");
        assertTrue(assertThrows(ConfigException.class, () -> Provenance.fromJson(unknown)).getMessage()
                .contains("colour"));
        ObjectNode badSeed = json.deepCopy().put("seed", "42");
        assertTrue(assertThrows(ConfigException.class, () -> Provenance.fromJson(badSeed)).getMessage()
                .contains("seed"));
        ObjectNode badTime = json.deepCopy().put("created", "yesterday");
        assertTrue(assertThrows(ConfigException.class, () -> Provenance.fromJson(badTime)).getMessage()
                .contains("yesterday"));
        ObjectNode noLearner = json.deepCopy();
        noLearner.remove("learner");
        assertTrue(assertThrows(ConfigException.class, () -> Provenance.fromJson(noLearner)).getMessage()
                .contains("learner"));
        assertThrows(ConfigException.class, () -> Provenance.fromJson(Json.MAPPER.createArrayNode()));
    }
}
