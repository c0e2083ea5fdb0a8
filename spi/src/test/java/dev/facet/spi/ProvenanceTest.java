package dev.facet.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

    private record Epoch(int epoch, double loss) {
    }

    @Test
    void builderFillsTheEnvironment() {
        Instant before = Instant.now().minusSeconds(1);
        Provenance p = Provenance.builder().setLearner("topk-sae").build();

        assertEquals(Provenance.DICTIONARY, p.artifact());
        assertEquals("topk-sae", p.learner());
        assertTrue(!p.created().isBefore(before) && Duration.between(p.created(), Instant.now()).getSeconds() < 60);
        assertEquals(System.getProperty("java.version"), p.java());
        assertEquals(System.getProperty("os.name") + " " + System.getProperty("os.arch"), p.os());
        assertEquals(FacetVersion.get(), p.facet(), "the one version source");
        assertNull(p.seed());
        assertNull(p.device());
        assertNull(p.trainingSeconds());
        assertEquals(Map.of(), p.source());
        assertEquals(Map.of(), p.metrics());
    }

    @Test
    void mapRoundTripGivesJsonValues() {
        Provenance p = Provenance.builder()
                .setLearner("topk-sae")
                .optSeed(-42L)
                .optDevice("cuda:0")
                .optSource(Map.of("store", "/data/acts", "model", "dinov2-small", "hook_point", "blocks.9",
                        "rows", 123_456_789_012L, "layers", List.of(1, 2)))
                .optMetrics(Map.of("mse", 0.0125f, "dead_fraction", 0.0, "ratios", new double[] {0.5, 0.25},
                        "epochs", List.of(new Epoch(1, 0.5))))
                .optTrainingSeconds(12.5)
                .build();

        Map<String, Object> map = p.toMap();
        assertEquals(List.of("artifact", "learner", "created", "facet", "java", "os", "device", "seed",
                "training_seconds", "source", "metrics"), List.copyOf(map.keySet()));
        assertEquals(p.created().toString(), map.get("created"));
        assertTrue(((String) map.get("created")).endsWith("Z"), "UTC instant");
        assertEquals(0.0125f, (double) p.metrics().get("mse"), 0.0);
        assertEquals(List.of(0.5, 0.25), p.metrics().get("ratios"));
        assertEquals(List.of(Map.of("epoch", 1, "loss", 0.5)), p.metrics().get("epochs"));
        assertEquals(123_456_789_012L, p.source().get("rows"));
        assertEquals(p, Provenance.fromMap(map));
    }

    @Test
    void storesAndRunsNeedNoLearner() {
        Provenance store = Provenance.builder().optArtifact(Provenance.ACTIVATION_STORE)
                .optSource(Map.of("model", "tiny-vit-fmnist")).build();
        assertNull(store.learner());
        assertFalse(store.toMap().containsKey("learner"));
        assertEquals(store, Provenance.fromMap(store.toMap()));
        ConfigException e = assertThrows(ConfigException.class, () -> Provenance.builder().optArtifact("cake").build());
        assertTrue(e.getMessage().contains("cake") && e.getMessage().contains("activation-store"), e.getMessage());
    }

    @Test
    void aFileWithoutArtifactIsADictionary() {
        Map<String, Object> old = new LinkedHashMap<>(Provenance.builder().setLearner("nmf").build().toMap());
        old.remove("artifact");
        assertEquals(Provenance.DICTIONARY, Provenance.fromMap(old).artifact());
    }

    @Test
    void absentOptionalsAreOmitted() {
        Map<String, Object> map = Provenance.builder().setLearner("nmf").build().toMap();
        assertFalse(map.containsKey("seed"));
        assertFalse(map.containsKey("device"));
        assertFalse(map.containsKey("training_seconds"));
        assertEquals(Provenance.fromMap(map).toMap(), map);
    }

    @Test
    void aDictionaryNeedsALearner() {
        ConfigException e = assertThrows(ConfigException.class, () -> Provenance.builder().build());
        assertTrue(e.getMessage().contains("setLearner"), e.getMessage());
        assertThrows(ConfigException.class, () -> Provenance.builder().setLearner(" ").build());
    }

    @Test
    void rejectsValuesThatAreNotJson() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Provenance.builder().setLearner("x").optSource(Map.of("bad", new Object())).build());
        assertTrue(e.getMessage().contains("source.bad"), e.getMessage());
        assertThrows(ConfigException.class, () -> Provenance.builder().setLearner("x").optTrainingSeconds(-1).build());
        assertThrows(ConfigException.class,
                () -> Provenance.builder().setLearner("x").optTrainingSeconds(Double.NaN).build());
    }

    @Test
    void fromMapNamesTheBadKeyAndTheFile() {
        Map<String, Object> map = Provenance.builder().setLearner("x").build().toMap();

        Map<String, Object> unknown = new LinkedHashMap<>(map);
        unknown.put("colour", "red");
        assertTrue(assertThrows(ConfigException.class, () -> Provenance.fromMap(unknown)).getMessage().contains("colour"));
        Map<String, Object> badSeed = new LinkedHashMap<>(map);
        badSeed.put("seed", "42");
        assertTrue(assertThrows(ConfigException.class, () -> Provenance.fromMap(badSeed)).getMessage().contains("seed"));
        Map<String, Object> badTime = new LinkedHashMap<>(map);
        badTime.put("created", "yesterday");
        assertTrue(assertThrows(ConfigException.class, () -> Provenance.fromMap(badTime)).getMessage()
                .contains("yesterday"));
        Map<String, Object> noLearner = new LinkedHashMap<>(map);
        noLearner.remove("learner");
        assertTrue(assertThrows(ConfigException.class, () -> Provenance.fromMap(noLearner)).getMessage()
                .contains("learner"));
        assertThrows(ConfigException.class, () -> Provenance.fromMap(List.of()));
        Path file = Path.of("dict", "provenance.json");
        CorruptArtifactException corrupt = assertThrows(CorruptArtifactException.class,
                () -> Provenance.fromMap(file, badSeed));
        assertTrue(corrupt.getMessage().contains(file.toString()) && corrupt.getMessage().contains("seed"),
                corrupt.getMessage());
    }
}
