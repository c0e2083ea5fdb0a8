package dev.facet.dictionaries.io;

import static dev.facet.dictionaries.io.SafetensorsBytes.f32;
import static dev.facet.dictionaries.io.SafetensorsBytes.file;
import static dev.facet.dictionaries.io.SafetensorsBytes.raw;
import static dev.facet.dictionaries.io.SafetensorsBytes.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every damaged file is a {@link CorruptArtifactException} naming the file and the problem. */
class SafetensorsCorruptionTest {

    private static final String A8 = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    @TempDir
    Path dir;

    static Stream<Arguments> damaged() {
        return Stream.of(
                Arguments.of("empty-file", new byte[0], "file is 0 bytes; expected at least 8"),
                Arguments.of("seven-bytes", new byte[7], "file is 7 bytes; expected at least 8"),
                Arguments.of("header-longer-than-file", raw(1000, "{}".getBytes(StandardCharsets.UTF_8)),
                        "oversized header: the length prefix says 1000 bytes but only 2 bytes follow"),
                Arguments.of("header-over-100mb", raw(200_000_000L, zeros(16)),
                        "oversized header: the length prefix says 200000000 bytes; expected at most 100000000"),
                Arguments.of("header-length-unsigned-max", raw(-1L, zeros(16)),
                        "oversized header: the length prefix says 18446744073709551615 bytes"),
                Arguments.of("header-length-zero", raw(0, zeros(0)), "header of 0 bytes is empty"),
                Arguments.of("header-blank", file("        ", zeros(0)), "is empty; expected a JSON object"),
                Arguments.of("header-not-json", file("{not json}", zeros(0)), "header is not valid JSON"),
                Arguments.of("header-array", file("[1, 2]", zeros(0)),
                        "header starts with '['; expected a JSON object"),
                Arguments.of("header-trailing-tokens", file("{} {}", zeros(0)), "header is not valid JSON"),
                Arguments.of("header-duplicate-key", file("{" + A8 + "," + A8 + "}", f32(1, 2)),
                        "header is not valid JSON"),
                Arguments.of("header-not-utf8", raw(8, new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}', ' '}),
                        "header is not valid UTF-8"),
                Arguments.of("unknown-dtype", file("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                        zeros(8)), "tensor 'a': unsupported dtype 'I64'; expected one of [F32, F16, BF16, F64]"),
                Arguments.of("dtype-not-string", file("{\"a\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}",
                        zeros(4)), "'dtype' is 4; expected a string"),
                Arguments.of("missing-offsets", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", zeros(4)),
                        "missing [data_offsets]"),
                Arguments.of("unknown-key", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],"
                        + "\"extra\":1}}", zeros(4)), "unknown [extra]"),
                Arguments.of("entry-not-object", file("{\"a\":5}", zeros(0)), "tensor 'a' is a JSON NUMBER"),
                Arguments.of("empty-name", file("{\"\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                        zeros(4)), "empty name"),
                Arguments.of("shape-not-array", file("{\"a\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}}",
                        zeros(8)), "'shape' is \"2\"; expected an array of non-negative integers"),
                Arguments.of("shape-negative", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}",
                        zeros(8)), "'shape' is [-2]; expected an array of non-negative integers"),
                Arguments.of("shape-fractional", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}",
                        zeros(8)), "'shape' is [2.0]"),
                Arguments.of("shape-overflow", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4],"
                        + "\"data_offsets\":[0,8]}}", zeros(8)), "more elements than fit in 64 bits"),
                Arguments.of("too-many-elements", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3000000000],"
                        + "\"data_offsets\":[0,12000000000]}}", zeros(8)), "at most 2147483639 fit in one Java array"),
                Arguments.of("offsets-one-value", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}",
                        zeros(8)), "'data_offsets' is [8]; expected an array of 2 non-negative integers"),
                Arguments.of("offsets-string", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,\"8\"]}}",
                        zeros(8)), "'data_offsets' is [0,\"8\"]"),
                Arguments.of("offsets-reversed", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}",
                        zeros(8)), "end before they begin"),
                Arguments.of("offsets-disagree-with-shape",
                        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", zeros(4)),
                        "tensor 'a' of dtype F32 and shape [2] needs 8 bytes, but its data_offsets [0, 4] span 4"),
                Arguments.of("offsets-out-of-buffer", file("{" + A8 + "}", zeros(4)),
                        "truncated: tensor 'a' (F32 [2], bytes [0, 8)) ends at byte 8 of the data buffer, "
                                + "but only 4 bytes follow the header"),
                Arguments.of("offsets-overlap", file("{" + A8 + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],"
                        + "\"data_offsets\":[4,12]}}", zeros(12)),
                        "tensor 'b' (F32 [2], bytes [4, 12)) overlaps tensor 'a' (F32 [2], bytes [0, 8))"),
                Arguments.of("offsets-gap", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", zeros(12)),
                        "gap in the data buffer: bytes [4, 8) belong to no tensor"),
                Arguments.of("offsets-not-from-zero", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                        + "\"data_offsets\":[4,8]}}", zeros(8)), "gap in the data buffer: bytes [0, 4)"),
                Arguments.of("trailing-bytes", file("{" + A8 + "}", zeros(11)),
                        "3 trailing bytes: the header describes 8 bytes of tensor data"),
                Arguments.of("truncated-data", file("{" + A8 + "}", zeros(5)), "truncated"),
                Arguments.of("metadata-not-object", file("{\"__metadata__\":[\"x\"]}", zeros(0)),
                        "'__metadata__' is a JSON ARRAY; expected an object of string values"),
                Arguments.of("metadata-value-not-string", file("{\"__metadata__\":{\"k\":1}}", zeros(0)),
                        "'__metadata__' key 'k' holds 1; expected a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damaged")
    void damagedFileIsCorruptArtifactNamingTheFile(String name, byte[] content, String expected) throws IOException {
        Path file = dir.resolve(name + ".safetensors");
        Files.write(file, content);

        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> Safetensors.read(file));

        assertEquals(file, e.artifact());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void missingFileIsCorruptArtifact() {
        Path file = dir.resolve("absent.safetensors");
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().contains("absent.safetensors") && e.getMessage().contains("missing"),
                e.getMessage());
    }

    @Test
    void unreadablePathIsFacetExceptionNamingIt() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("a-directory.safetensors"));
        FacetException e = assertThrows(FacetException.class, () -> Safetensors.read(directory));
        assertTrue(e.getMessage().contains("a-directory.safetensors"), e.getMessage());
    }

    @Test
    void validHandMadeFileReads() throws IOException {
        Path file = dir.resolve("ok.safetensors");
        Files.write(file, file("{" + A8 + ",\"b\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,8]}}",
                f32(1.5f, -3f)));
        SafetensorsFile read = Safetensors.read(file);
        assertEquals(-3f, read.tensor("a").get(1));
        assertEquals(0, read.tensor("b").size());
        assertFalse(read.contains("c"));
    }
}
