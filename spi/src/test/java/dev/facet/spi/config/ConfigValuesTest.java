package dev.facet.spi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facet.spi.ConfigException;
import dev.facet.spi.Device;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {
    private final ConfigValues values = ConfigValues.of("learner 'topk'", Map.of(
            "k", 32, "lr", 0.0004, "name", "run", "normalize", true, "device", "gpu",
            "prefixes", List.of(64, 256, 1024), "nested", Map.of("alpha", 0.5)));

    @Test
    void typedGettersReadValuesAndDefaults() {
        assertEquals(32, values.optInt("k", 1, 1, 8192));
        assertEquals(32L, values.optLong("k", 1, 1, 8192));
        assertEquals("run", values.requireString("name"));
        assertEquals(true, values.optBoolean("normalize", false));
        assertEquals(Device.GPU, values.optEnum("device", Device.class, Device.CPU));
        assertEquals(List.of(64, 256, 1024), values.asMap().get("prefixes"));
        assertEquals(0.5, values.optSection("nested").asMap().get("alpha"));
        assertEquals("fallback", values.optSection("absent").optString("x", "fallback"));
        assertEquals(7, values.optInt("absent", 7, 0, 10));
    }

    @Test
    void outOfRangeNamesFieldValueAndRange() {
        ConfigException e = assertThrows(ConfigException.class, () -> values.optInt("k", 1, 1, 16));
        assertEquals("learner 'topk': invalid k: 32; allowed: [1, 16]", e.getMessage());
    }

    @Test
    void wrongTypesAndMissingKeysAreNamed() {
        assertEquals("learner 'topk': invalid name: run; expected an integer",
                assertThrows(ConfigException.class, () -> values.optInt("name", 0, 0, 1)).getMessage());
        assertEquals("learner 'topk': invalid lr: 4.0E-4; expected an integer",
                assertThrows(ConfigException.class, () -> values.optInt("lr", 0, 0, 1)).getMessage());
        assertEquals("learner 'topk': missing required key 'concepts'",
                assertThrows(ConfigException.class, () -> values.requireString("concepts")).getMessage());
        assertEquals("learner 'topk': invalid device: 'gpu'; allowed: [cpu]",
                assertThrows(ConfigException.class, () -> values.optEnum("device", OnlyCpu.class, OnlyCpu.CPU)).getMessage());
    }

    @Test
    void unknownKeysAreRejectedWithTheAllowedOnes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigValues.of("learner 'topk'", Map.of("k", 1, "lrr", 2)).rejectUnknown(Set.of("k", "lr")));
        assertEquals("learner 'topk': unknown key [lrr]; allowed: [k, lr]", e.getMessage());
    }

    enum OnlyCpu { CPU }
}
