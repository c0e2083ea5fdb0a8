package dev.facet.extractors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.SpatialLayout;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.backbone.VectorLayout;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TokenSelectionTest {
    /** CLS, 2 registers, a 1x2 patch grid; 2 channels; token t of image n holds (100n + 10t, 100n + 10t + 1). */
    private static final TokenLayout LAYOUT = new TokenLayout(2, true, 2, 1, 2);

    private static Tensor tokens(int n) {
        float[] data = new float[n * 5 * 2];
        for (int image = 0; image < n; image++) {
            for (int t = 0; t < 5; t++) {
                data[(image * 5 + t) * 2] = 100 * image + 10 * t;
                data[(image * 5 + t) * 2 + 1] = 100 * image + 10 * t + 1;
            }
        }
        return new Tensor(new long[] {n, 5, 2}, data);
    }

    @Test
    void selectsClsRegistersPatchesOrAll() {
        Tensor batch = tokens(2);
        assertEquals(FloatMatrix.of(new float[][] {{0, 1}, {100, 101}}), TokenSelection.CLS.select(batch, LAYOUT));
        assertEquals(FloatMatrix.of(new float[][] {{10, 11}, {20, 21}, {110, 111}, {120, 121}}),
                TokenSelection.REGISTERS.select(batch, LAYOUT));
        assertEquals(FloatMatrix.of(new float[][] {{30, 31}, {40, 41}, {130, 131}, {140, 141}}),
                TokenSelection.PATCH.select(batch, LAYOUT));
        assertEquals(10, TokenSelection.ALL.select(batch, LAYOUT).rows());
        assertEquals(5, TokenSelection.ALL.rowsPerImage(LAYOUT));
        assertEquals(2, TokenSelection.PATCH.rowsPerImage(LAYOUT));
    }

    @Test
    void spatialMapsBecomeOneRowPerPosition() {
        SpatialLayout layout = new SpatialLayout(2, 1, 3);
        // Image 0: channel 0 = [1, 2, 3], channel 1 = [4, 5, 6].
        Tensor maps = new Tensor(new long[] {1, 2, 1, 3}, new float[] {1, 2, 3, 4, 5, 6});
        FloatMatrix rows = TokenSelection.PATCH.select(maps, layout);
        assertEquals(FloatMatrix.of(new float[][] {{1, 4}, {2, 5}, {3, 6}}), rows);
        assertEquals(3, TokenSelection.ALL.rowsPerImage(layout));
    }

    @Test
    void clsAndRegistersAreRefusedOnMapsAndVectors() {
        Tensor maps = new Tensor(new long[] {1, 2, 1, 3}, new float[] {1, 2, 3, 4, 5, 6});
        InvalidDataException spatial = assertThrows(InvalidDataException.class,
                () -> TokenSelection.CLS.select(maps, new SpatialLayout(2, 1, 3)));
        assertTrue(spatial.getMessage().contains("'cls'") && spatial.getMessage().contains("spatial map")
                && spatial.getMessage().contains("[2, 1, 3]"), spatial.getMessage());
        InvalidDataException vector = assertThrows(InvalidDataException.class,
                () -> TokenSelection.REGISTERS.rowsPerImage(new VectorLayout(5)));
        assertTrue(vector.getMessage().contains("'registers'") && vector.getMessage().contains("vector"),
                vector.getMessage());
        assertEquals(1, TokenSelection.PATCH.rowsPerImage(new VectorLayout(5)));
    }

    @Test
    void vectorsStayAsTheyAre() {
        Tensor logits = new Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(logits.data(), TokenSelection.ALL.select(logits, new VectorLayout(3)).data());
    }

    @Test
    void missingTokensOrShapesAreErrors() {
        TokenLayout siglip = new TokenLayout(2, false, 0, 1, 2);
        assertThrows(InvalidDataException.class, () -> TokenSelection.CLS.rowsPerImage(siglip));
        assertThrows(InvalidDataException.class, () -> TokenSelection.REGISTERS.rowsPerImage(siglip));
        assertThrows(InvalidDataException.class, () -> TokenSelection.ALL.select(tokens(1), siglip));
    }
}
