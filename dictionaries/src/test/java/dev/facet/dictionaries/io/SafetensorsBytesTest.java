package dev.facet.dictionaries.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facet.spi.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks written bytes against the safetensors specification, byte by byte. */
class SafetensorsBytesTest {

    @TempDir
    Path dir;

    @Test
    void tinyFileMatchesTheSpecByteForByte() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        Safetensors.write(file, Map.of(
                "b", new Tensor(new long[] {2}, new float[] {1.0f, -2.0f}),
                "a", new Tensor(new long[0], new float[] {0.5f})), Map.of("k", "v"));

        String json = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertEquals(132, json.length());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        // u64 little-endian header length: 132 bytes of JSON padded with spaces to 136 = 0x88.
        expected.write(new byte[] {(byte) 0x88, 0, 0, 0, 0, 0, 0, 0});
        expected.write(json.getBytes(StandardCharsets.US_ASCII));
        expected.write(new byte[] {' ', ' ', ' ', ' '});
        // a = 0.5f = 0x3F000000, then b = 1.0f = 0x3F800000, -2.0f = 0xC0000000, little-endian.
        expected.write(new byte[] {0, 0, 0, 0x3F});
        expected.write(new byte[] {0, 0, (byte) 0x80, 0x3F});
        expected.write(new byte[] {0, 0, 0, (byte) 0xC0});

        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    }

    @Test
    void noMetadataKeyWhenMetadataIsEmpty() throws IOException {
        Path file = dir.resolve("plain.safetensors");
        Safetensors.write(file, Map.of("x", new Tensor(new long[] {1, 1}, new float[] {3.0f})), Map.of());

        String json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}}";
        assertArrayEquals(SafetensorsBytes.file(json, SafetensorsBytes.f32(3.0f)), Files.readAllBytes(file));
        assertEquals(56, json.length(), "already a multiple of 8: no padding");
    }
}
