package dev.facet.visualization.maco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ColourDecorrelationTest {

    private static final int PIXELS = 5;

    @Test
    void componentZeroIsLuminance() {
        double[] components = new double[3 * PIXELS];
        components[0] = 1;
        double[] rgb = new double[3 * PIXELS];
        ColourDecorrelation.recorrelate(components, rgb, PIXELS);
        assertEquals(0.5628, rgb[0], 1e-12);
        assertEquals(0.5845, rgb[PIXELS], 1e-12);
        assertEquals(0.5845, rgb[2 * PIXELS], 1e-12);
    }

    @Test
    void decorrelateInvertsRecorrelate() {
        double[] components = gaussians(new Random(1));
        double[] rgb = new double[components.length];
        double[] back = new double[components.length];
        ColourDecorrelation.recorrelate(components, rgb, PIXELS);
        ColourDecorrelation.decorrelate(rgb, back, PIXELS);
        assertArrayEquals(components, back, 1e-9);
    }

    @Test
    void transposedIsTheAdjoint() {
        Random random = new Random(2);
        double[] t = gaussians(random);
        double[] g = gaussians(random);
        double[] rgb = new double[t.length];
        double[] back = new double[t.length];
        ColourDecorrelation.recorrelate(t, rgb, PIXELS);
        ColourDecorrelation.recorrelateTransposed(g, back, PIXELS);
        assertEquals(dot(rgb, g), dot(t, back), 1e-12);
    }

    @Test
    void rejectsShortArrays() {
        assertThrows(IllegalArgumentException.class,
                () -> ColourDecorrelation.recorrelate(new double[3], new double[3 * PIXELS], PIXELS));
    }

    private static double[] gaussians(Random random) {
        double[] v = new double[3 * PIXELS];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
