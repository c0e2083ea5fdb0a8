package dev.facet.visualization.maco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FourierImageTest {

    @ParameterizedTest
    @CsvSource({"gray28, 1, 28, 28", "rgb24x31, 3, 24, 31", "rgb32, 3, 32, 32"})
    void renderAndBackwardMatchTorchAutograd(String name, int channels, int height, int width) {
        FourierImage image = new FourierImage(spectrum("fourier_" + name + "_magnitude", channels, height, width));
        float[] phase = Golden.values("fourier_" + name + "_phase");
        assertEquals(channels * height * (width / 2 + 1), image.phaseSize());
        float[] rendered = image.render(phase);
        assertTrue(Golden.relativeError(rendered, Golden.values("fourier_" + name + "_image")) < 1e-6);
        float[] gradient = image.backward(phase, Golden.values("fourier_" + name + "_upstream"));
        double error = Golden.relativeError(gradient, Golden.values("fourier_" + name + "_gradient"));
        assertTrue(error < 1e-5, name + " gradient relative error " + error);
    }

    @ParameterizedTest
    @CsvSource({"1, 6, 7", "3, 5, 8"})
    void backwardMatchesFiniteDifferences(int channels, int height, int width) {
        Random random = new Random(height * 31 + width);
        int halfWidth = width / 2 + 1;
        float[] magnitude = new float[channels * height * halfWidth];
        for (int i = 0; i < magnitude.length; i++) {
            magnitude[i] = 0.2f + random.nextFloat();
        }
        FourierImage image = new FourierImage(MagnitudeSpectrum.of(magnitude, channels, height, width));
        float[] phase = RandomCropsTest.randoms(random, image.phaseSize());
        float[] upstream = RandomCropsTest.randoms(random, channels * height * width);
        float[] gradient = image.backward(phase, upstream);
        double h = 1e-2;
        for (int i = 0; i < phase.length; i += 3) {
            float[] plus = phase.clone();
            float[] minus = phase.clone();
            plus[i] += (float) h;
            minus[i] -= (float) h;
            double numeric = (RandomCropsTest.dot(image.render(plus), upstream)
                    - RandomCropsTest.dot(image.render(minus), upstream)) / (plus[i] - minus[i]);
            assertEquals(numeric, gradient[i], 2e-3 * Math.max(1, Math.abs(numeric)), "phase " + i);
        }
    }

    @Test
    void rendersIntoTheUnitIntervalAndRejectsWrongSizes() {
        FourierImage image = new FourierImage(spectrum("fourier_rgb32_magnitude", 3, 32, 32));
        float[] rendered = image.render(Golden.values("fourier_rgb32_phase"));
        for (float v : rendered) {
            assertTrue(v > 0 && v < 1);
        }
        assertThrows(IllegalArgumentException.class, () -> image.render(new float[3]));
        assertThrows(IllegalArgumentException.class,
                () -> image.backward(new float[image.phaseSize()], new float[5]));
    }

    private static MagnitudeSpectrum spectrum(String golden, int channels, int height, int width) {
        return MagnitudeSpectrum.of(Golden.values(golden), channels, height, width);
    }
}
