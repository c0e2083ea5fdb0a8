package dev.facet.dictionaries.nmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.Capability;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvexFamilyTest {

    @Test
    void listsTheFactoriesSortedById() {
        List<DictionaryLearnerFactory> factories = ConvexLearners.factories();
        assertEquals(List.of("archetypal", "convex-nmf", "semi-nmf"),
                factories.stream().map(DictionaryLearnerFactory::id).toList());
        for (DictionaryLearnerFactory factory : factories) {
            assertFalse(factory.description().isBlank());
            assertFalse(factory.capabilities().contains(Capability.STREAMING_FIT), factory.id() + " fits in memory");
            assertTrue(factory.create(ConfigValues.of("test", Map.of("concepts", 3))) != null);
        }
    }
}
