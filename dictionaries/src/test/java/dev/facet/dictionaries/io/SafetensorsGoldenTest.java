package dev.facet.dictionaries.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.golden.GoldenSafetensors;
import dev.facet.spi.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads {@code golden-python.safetensors}, written by {@code src/test/python/make_golden.py} with
 * {@code safetensors.numpy.save_file}; the expected values are rebuilt here independently.
 */
class SafetensorsGoldenTest {

    private static final String RESOURCE = "golden-python.safetensors";

    @TempDir
    static Path dir;

    private static SafetensorsFile golden;

    @BeforeAll
    static void readGolden() throws IOException {
        golden = GoldenSafetensors.read(SafetensorsGoldenTest.class, RESOURCE, dir);
    }

    @Test
    void namesAndMetadata() {
        assertEquals(List.of("f16_matrix", "f16_special", "f32_cube", "f32_empty", "f32_matrix", "f64_scalar",
                "f64_vector"), new ArrayList<>(golden.tensors().keySet()));
        assertEquals(Map.of("producer", "make_golden.py", "format", "golden", "note", "ünïcode ✓"), golden.metadata());
    }

    @Test
    void float32() {
        Tensor matrix = golden.tensor("f32_matrix");
        assertArrayEquals(new long[] {2, 3}, matrix.shape());
        assertArrayEquals(new float[] {1.5f, -2.25f, 3.0f, 0.1f, Float.MIN_VALUE, Float.MAX_VALUE}, matrix.data());
        assertEquals(0.1f, golden.matrix("f32_matrix").get(1, 0));

        Tensor cube = golden.tensor("f32_cube");
        assertArrayEquals(new long[] {2, 3, 4}, cube.shape());
        for (int i = 0; i < 24; i++) {
            assertEquals(i * 0.25f, cube.data()[i]);
        }
        assertEquals(5.75f, cube.get(1, 2, 3));

        Tensor empty = golden.tensor("f32_empty");
        assertArrayEquals(new long[] {0, 4}, empty.shape());
        assertEquals(0, empty.size());
    }

    @Test
    void float16() {
        Tensor special = golden.tensor("f16_special");
        assertArrayEquals(new long[] {12}, special.shape());
        float[] d = special.data();
        assertEquals(Float.floatToRawIntBits(0.0f), Float.floatToRawIntBits(d[0]));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(d[1]));
        assertEquals(1.0f, d[2]);
        assertEquals(-2.5f, d[3]);
        assertEquals(65504.0f, d[4]);
        assertEquals(0x1p-24f, d[5]);
        assertEquals(1023 * 0x1p-24f, d[6]);
        assertEquals(0x1p-14f, d[7]);
        assertEquals(Float.POSITIVE_INFINITY, d[8]);
        assertEquals(Float.NEGATIVE_INFINITY, d[9]);
        assertTrue(Float.isNaN(d[10]));
        assertEquals(0.333251953125f, d[11]);

        Tensor matrix = golden.tensor("f16_matrix");
        assertArrayEquals(new long[] {2, 2}, matrix.shape());
        assertArrayEquals(new float[] {0.5f, -1.0f, 1024.0f, 0.0009765625f}, matrix.data());
    }

    @Test
    void float64() {
        Tensor scalar = golden.tensor("f64_scalar");
        assertEquals(0, scalar.rank());
        assertEquals((float) Math.PI, scalar.get());

        Tensor vector = golden.tensor("f64_vector");
        assertArrayEquals(new long[] {3}, vector.shape());
        assertArrayEquals(new float[] {(float) (1.0 / 3.0), (float) 0.1, Float.POSITIVE_INFINITY}, vector.data());
    }
}
