package dev.facet.report.picture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MapInterpolationTest {

    private static FloatMatrix filled(int rows, int cols, float value) {
        FloatMatrix map = FloatMatrix.zeros(rows, cols);
        Arrays.fill(map.data(), value);
        return map;
    }

    private static void assertAll(FloatMatrix map, float expected, float tolerance) {
        for (int i = 0; i < map.data().length; i++) {
            assertEquals(expected, map.data()[i], tolerance, "cell " + i / map.cols() + ", " + i % map.cols());
        }
    }

    @Test
    void oneCellBecomesAConstantImage() {
        for (MapInterpolation mode : MapInterpolation.values()) {
            FloatMatrix resized = mode.resize(filled(1, 1, 2.5f), 7, 5);
            assertEquals(7, resized.rows());
            assertEquals(5, resized.cols());
            assertAll(resized, 2.5f, 1e-6f);
        }
    }

    @Test
    void sameSizeIsACopy() {
        FloatMatrix map = FloatMatrix.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        for (MapInterpolation mode : MapInterpolation.values()) {
            FloatMatrix resized = mode.resize(map, 2, 3);
            assertEquals(map, resized);
            assertNotSame(map.data(), resized.data());
        }
    }

    @Test
    void bilinearMatchesHandComputedAlignCornersFalseValues() {
        // output pixel o samples the source at (o + 0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25, clamped to [0, 1]
        FloatMatrix resized = MapInterpolation.BILINEAR.resize(FloatMatrix.of(new float[][] {{1, 2}, {3, 4}}), 4, 4);
        float[] expected = {
            1.0f, 1.25f, 1.75f, 2.0f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2.5f, 2.75f, 3.25f, 3.5f,
            3.0f, 3.25f, 3.75f, 4.0f};
        assertArrayEquals(expected, resized.data(), 1e-6f);
    }

    @Test
    void bicubicKeepsAConstantMapConstant() {
        assertAll(MapInterpolation.BICUBIC.resize(filled(3, 4, -1.5f), 17, 9), -1.5f, 1e-5f);
        assertAll(MapInterpolation.BICUBIC.resize(filled(6, 6, 4f), 2, 3), 4f, 1e-5f);
    }

    @Test
    void bilinearPreservesALinearRampInTheInterior() {
        int rows = 4;
        int cols = 5;
        FloatMatrix ramp = FloatMatrix.zeros(rows, cols);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                ramp.set(y, x, 2 * x + 3 * y);
            }
        }
        FloatMatrix resized = MapInterpolation.BILINEAR.resize(ramp, 12, 15);
        int checked = 0;
        for (int oy = 0; oy < 12; oy++) {
            double sy = (oy + 0.5) * rows / 12 - 0.5;
            for (int ox = 0; ox < 15; ox++) {
                double sx = (ox + 0.5) * cols / 15 - 0.5;
                if (sy >= 0 && sy <= rows - 1 && sx >= 0 && sx <= cols - 1) {
                    assertEquals(2 * sx + 3 * sy, resized.get(oy, ox), 1e-5, "pixel " + oy + ", " + ox);
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "interior pixels checked: " + checked);
    }

    @Test
    void badSizesAndNamesAreRefused() {
        FloatMatrix map = filled(2, 2, 1);
        ConfigException size = assertThrows(ConfigException.class, () -> MapInterpolation.BILINEAR.resize(map, 0, 4));
        assertTrue(size.getMessage().contains("0x4"), size.getMessage());
        assertThrows(ConfigException.class, () -> MapInterpolation.BICUBIC.resize(map, 4, -1));
        assertThrows(InvalidDataException.class, () -> MapInterpolation.BILINEAR.resize(FloatMatrix.zeros(0, 3), 4, 4));
        assertEquals(MapInterpolation.BICUBIC, MapInterpolation.parse("interpolation", " Bicubic"));
        ConfigException name = assertThrows(ConfigException.class, () -> MapInterpolation.parse("interpolation", "nearest"));
        assertTrue(name.getMessage().contains("interpolation") && name.getMessage().contains("nearest"), name.getMessage());
    }
}
