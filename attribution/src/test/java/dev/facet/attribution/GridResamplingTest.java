package dev.facet.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GridResamplingTest {
    private static final float[] GRID = {1, 2, 3, 4, 5, 6};

    @Test
    void nearestGivesEqualBlocks() {
        float[] image = GridResampling.NEAREST.resize(GRID, 2, 3, 4, 6);
        assertArrayEquals(new float[] {
            1, 1, 2, 2, 3, 3,
            1, 1, 2, 2, 3, 3,
            4, 4, 5, 5, 6, 6,
            4, 4, 5, 5, 6, 6}, image);
    }

    @Test
    void bilinearSamplesPixelCentres() {
        // Rows sample the grid at (y + 0.5)/2 - 0.5 = -0.25, 0.25, 0.75, 1.25 -> clamped 0, 0.25, 0.75, 1.
        float[] column = GridResampling.BILINEAR.resize(new float[] {0, 4}, 2, 1, 4, 1);
        assertArrayEquals(new float[] {0, 1, 3, 4}, column, 1e-6f);
    }

    @Test
    void bicubicKeepsConstantsAndCropsTheFullResize() {
        float[] constant = GridResampling.BICUBIC.resize(new float[] {2, 2, 2, 2}, 2, 2, 5, 7);
        for (float v : constant) {
            assertEquals(2f, v, 1e-6f);
        }
        float[] full = GridResampling.BILINEAR.resize(GRID, 2, 3, 8, 9);
        float[] window = GridResampling.BILINEAR.crop(GRID, 2, 3, 8, 9, 3, 2, 4, 5);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(full[(y + 3) * 9 + x + 2], window[y * 5 + x], 0f);
            }
        }
    }
}
