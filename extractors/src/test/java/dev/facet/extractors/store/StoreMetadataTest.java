package dev.facet.extractors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreMetadataTest {

    private static StoreMetadata with(String model, int tokensPerImage, int dim, int rowsPerShard) {
        return StoreMetadata.of(model, "blocks.2", "patch", tokensPerImage, dim, StoreDtype.FLOAT32,
                rowsPerShard, Map.of());
    }

    private static void assertRejected(String expectedMessagePart, Runnable construction) {
        ConfigException e = assertThrows(ConfigException.class, construction::run);
        assertTrue(e.getMessage().contains(expectedMessagePart),
                () -> "expected '" + expectedMessagePart + "' in: " + e.getMessage());
    }

    @Test
    void rejectsInvalidFieldsNamingThem() {
        assertRejected("Invalid store model: ' '; expected a non-blank string", () -> with(" ", 4, 8, 16));
        assertRejected("Invalid store tokensPerImage: 0; allowed: >= 1", () -> with("m", 0, 8, 16));
        assertRejected("Invalid store dim: 0; allowed: >= 1", () -> with("m", 4, 0, 16));
        assertRejected("Invalid store rowsPerShard: 3; allowed: [4 (tokensPerImage", () -> with("m", 4, 8, 3));
        assertRejected("Invalid store rowsPerShard: 2000000000", () -> with("m", 4, 8, 2_000_000_000));
        assertRejected("Invalid store preprocessing: null", () -> StoreMetadata.of("m", "h", "patch", 4, 8,
                StoreDtype.FLOAT32, 16, null));
        assertRejected("Invalid store dtype: null", () -> StoreMetadata.of("m", "h", "patch", 4, 8, null, 16, Map.of()));
    }

    @Test
    void copiesPreprocessingAndCountsWholeImagesPerShard() {
        Map<String, Object> preprocessing = new HashMap<>(Map.of("resize", 224));
        StoreMetadata metadata = StoreMetadata.of("m", "h", "patch", 4, 8, StoreDtype.FLOAT16, 18, preprocessing);
        preprocessing.put("crop", 200);
        assertEquals(Map.of("resize", 224), metadata.preprocessing());
        assertEquals(4, metadata.imagesPerShard());
        assertThrows(UnsupportedOperationException.class, () -> metadata.preprocessing().put("x", 1));
    }

    @Test
    void droppingPaddingIsFormatVersionTwo() {
        StoreMetadata kept = with("m", 4, 8, 16);
        StoreMetadata dropped = new StoreMetadata("m", kept.hookPoint(), "patch", 4, 8, StoreDtype.FLOAT32, 16,
                kept.preprocessing(), true);
        assertEquals(1, kept.formatVersion());
        assertEquals("kept", kept.padding());
        assertEquals(2, dropped.formatVersion());
        assertEquals("dropped", dropped.padding());
        assertEquals(List.of("padding: kept vs dropped"), kept.differences(dropped));
    }

    @Test
    void listsEveryDifferingField() {
        StoreMetadata a = with("m", 4, 8, 16);
        StoreMetadata b = StoreMetadata.of("m", "blocks.2", "cls", 4, 16, StoreDtype.FLOAT32, 16, Map.of("size", 1));
        assertEquals(List.of("tokens: patch vs cls", "dim: 8 vs 16", "preprocessing: {} vs {size=1}"), a.differences(b));
        assertEquals(List.of(), a.differences(with("m", 4, 8, 16)));
    }
}
