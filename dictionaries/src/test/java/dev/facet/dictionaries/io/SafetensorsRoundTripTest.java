package dev.facet.dictionaries.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsRanksZeroToThreeWithMetadata() throws IOException {
        Map<String, Tensor> tensors = new HashMap<>();
        tensors.put("scalar", new Tensor(new long[0], new float[] {2.5f}));
        tensors.put("vector", new Tensor(new long[] {3}, new float[] {1, -2, 3}));
        tensors.put("matrix", new Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        tensors.put("cube", new Tensor(new long[] {2, 2, 2}, new float[] {0, 1, 2, 3, 4, 5, 6, 7}));
        tensors.put("empty", new Tensor(new long[] {0, 3}, new float[0]));
        Map<String, String> metadata = Map.of("learner", "topk", "b", "2", "a", "ünïcode ✓");
        Path file = dir.resolve("w.safetensors");

        Safetensors.write(file, tensors, metadata);
        SafetensorsFile read = Safetensors.read(file);

        assertEquals(tensors, read.tensors());
        assertEquals(metadata, read.metadata());
        assertEquals(List.of("cube", "empty", "matrix", "scalar", "vector"), new ArrayList<>(read.tensors().keySet()));
        assertEquals(List.of("a", "b", "learner"), new ArrayList<>(read.metadata().keySet()));
        assertEquals(file, read.file());
        assertFalse(Files.exists(dir.resolve("w.safetensors.tmp")), "no temporary file is left");

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header padded to a multiple of 8");
        assertEquals(bytes.length, 8 + headerLength + 4 * (1 + 3 + 6 + 8));
        JsonNode header = Json.MAPPER.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        List<String> keys = new ArrayList<>();
        header.properties().forEach(f -> keys.add(f.getKey()));
        assertEquals(List.of("__metadata__", "cube", "empty", "matrix", "scalar", "vector"), keys,
                "metadata first, then tensors sorted by name and laid out in that order");
        assertEquals("[0,32]", header.get("cube").get("data_offsets").toString());
        assertEquals("[32,32]", header.get("empty").get("data_offsets").toString());
        assertEquals("[]", header.get("scalar").get("shape").toString());
    }

    @Test
    void keepsSpecialFloatsBitForBit() {
        float[] values = {Float.NaN, Float.intBitsToFloat(0x7fc01234), Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 0.1f};
        Path file = dir.resolve("special.safetensors");
        Safetensors.write(file, Map.of("x", new Tensor(new long[] {values.length}, values)), Map.of());

        float[] back = Safetensors.read(file).tensor("x").data();
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(back[i]), "index " + i);
        }
    }

    @Test
    void largeTensorCrossesChunkBoundaries() {
        float[] values = new float[300_001];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 7;
        }
        Path file = dir.resolve("large.safetensors");
        Safetensors.write(file, Map.of("a", new Tensor(new long[] {3, 100_000}, Arrays.copyOf(values, 300_000)),
                "b", new Tensor(new long[] {1}, new float[] {values[300_000]})), null);

        SafetensorsFile read = Safetensors.read(file);
        assertArrayEquals(Arrays.copyOf(values, 300_000), read.tensor("a").data());
        assertEquals(values[300_000], read.tensor("b").get(0));
        assertTrue(read.metadata().isEmpty());
    }

    @Test
    void sortsNamesByUtf8BytesLikeTheReferenceImplementation() {
        String fullwidth = "\uFF5E";  // UTF-8 EF BD 9E
        String emoji = "\uD83D\uDE00"; // UTF-8 F0 9F 98 80, but sorts first as UTF-16
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(emoji, Tensor.zeros(1));
        tensors.put(fullwidth, Tensor.zeros(1));
        tensors.put("z", Tensor.zeros(1));
        Path file = dir.resolve("order.safetensors");
        Safetensors.write(file, tensors, Map.of());

        assertEquals(List.of("z", fullwidth, emoji), new ArrayList<>(Safetensors.read(file).tensors().keySet()));
    }

    @Test
    void overwritesAnExistingFile() {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, Map.of("a", Tensor.zeros(4)), Map.of());
        Safetensors.write(file, Map.of("b", Tensor.zeros(2)), Map.of("v", "2"));

        SafetensorsFile read = Safetensors.read(file);
        assertEquals(List.of("b"), new ArrayList<>(read.tensors().keySet()));
        assertEquals(Map.of("v", "2"), read.metadata());
    }

    @Test
    void writesAFileWithNoTensors() {
        Path file = dir.resolve("none.safetensors");
        Safetensors.write(file, Map.of(), Map.of("only", "metadata"));
        SafetensorsFile read = Safetensors.read(file);
        assertTrue(read.tensors().isEmpty());
        assertEquals(Map.of("only", "metadata"), read.metadata());
    }

    @Test
    void rejectsReservedEmptyAndNullNames() {
        Path file = dir.resolve("bad.safetensors");
        InvalidDataException reserved = assertThrows(InvalidDataException.class,
                () -> Safetensors.write(file, Map.of("__metadata__", Tensor.zeros(1)), Map.of()));
        assertTrue(reserved.getMessage().contains("__metadata__"), reserved.getMessage());
        assertThrows(InvalidDataException.class, () -> Safetensors.write(file, Map.of("", Tensor.zeros(1)), Map.of()));
        Map<String, Tensor> withNull = new HashMap<>();
        withNull.put("a", null);
        assertThrows(InvalidDataException.class, () -> Safetensors.write(file, withNull, Map.of()));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertThrows(InvalidDataException.class,
                () -> Safetensors.write(file, Map.of("a", Tensor.zeros(1)), nullValue));
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(dir.resolve("bad.safetensors.tmp")));
    }

    @Test
    void matrixAndMissingTensorErrorsNameTheFile() {
        Path file = dir.resolve("named.safetensors");
        Safetensors.write(file, Map.of("enc", new Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                "bias", Tensor.zeros(3)), Map.of());
        SafetensorsFile read = Safetensors.read(file);

        FloatMatrix enc = read.matrix("enc");
        assertEquals(2, enc.rows());
        assertEquals(3, enc.cols());
        assertEquals(6f, enc.get(1, 2));
        assertTrue(read.contains("bias"));

        CorruptArtifactException missing = assertThrows(CorruptArtifactException.class, () -> read.tensor("dec"));
        assertTrue(missing.getMessage().contains("named.safetensors"), missing.getMessage());
        assertTrue(missing.getMessage().contains("'dec'"), missing.getMessage());
        assertTrue(missing.getMessage().contains("[bias, enc]"), missing.getMessage());
        assertEquals(file, missing.artifact());

        CorruptArtifactException rank = assertThrows(CorruptArtifactException.class, () -> read.matrix("bias"));
        assertTrue(rank.getMessage().contains("named.safetensors"), rank.getMessage());
        assertTrue(rank.getMessage().contains("[3]") && rank.getMessage().contains("rank-2"), rank.getMessage());
    }

    @Test
    void readResultIsUnmodifiable() {
        Path file = dir.resolve("u.safetensors");
        Safetensors.write(file, Map.of("a", Tensor.zeros(1)), Map.of("k", "v"));
        SafetensorsFile read = Safetensors.read(file);
        assertThrows(UnsupportedOperationException.class, () -> read.tensors().put("b", Tensor.zeros(1)));
        assertThrows(UnsupportedOperationException.class, () -> read.metadata().put("x", "y"));
    }
}
