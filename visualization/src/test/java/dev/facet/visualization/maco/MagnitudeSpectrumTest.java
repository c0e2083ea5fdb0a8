package dev.facet.visualization.maco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MagnitudeSpectrumTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"gray, 4, 1, 12, 10", "rgb, 3, 3, 11, 9"})
    void estimateMatchesNumpy(String name, int n, int channels, int height, int width) {
        MagnitudeSpectrum spectrum = MagnitudeSpectrum.estimate(
                Golden.values("spectrum_" + name + "_images"), n, channels, height, width);
        assertEquals(channels, spectrum.channels());
        assertEquals(height, spectrum.height());
        assertEquals(width, spectrum.width());
        double error = Golden.relativeError(spectrum.values(), Golden.values("spectrum_" + name + "_magnitude"));
        assertTrue(error < 1e-6, name + " relative error " + error);
    }

    @Test
    void saveAndLoadRoundTrip() {
        MagnitudeSpectrum spectrum = MagnitudeSpectrum.estimate(Golden.values("spectrum_rgb_images"), 3, 3, 11, 9);
        Path file = dir.resolve("spectrum.npy");
        spectrum.save(file);
        MagnitudeSpectrum loaded = MagnitudeSpectrum.load(file);
        assertArrayEquals(spectrum.values(), loaded.values());
        assertEquals(3, loaded.channels());
        assertEquals(11, loaded.height());
        assertEquals(8, loaded.width(), "a loaded spectrum's width is the even one of its w/2+1");
        assertEquals(9, loaded.resized(11, 9).width());
        assertArrayEquals(spectrum.values(), loaded.resized(11, 9).values());
    }

    @Test
    void loadReadsNumpyFloat64() {
        MagnitudeSpectrum loaded = MagnitudeSpectrum.load(Golden.path("spectrum_float64"));
        assertEquals(1, loaded.channels());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, loaded.values());
    }

    @Test
    void loadRejectsBadFilesNamingThem() throws IOException {
        Path negative = dir.resolve("negative.npy");
        FloatNpy.write(negative, new int[] {1, 2, 2}, new float[] {1, -1, 0, 2});
        assertMessage(negative, "non-negative");
        Path nan = dir.resolve("nan.npy");
        FloatNpy.write(nan, new int[] {1, 2, 2}, new float[] {1, Float.NaN, 0, 2});
        assertMessage(nan, "non-negative");
        Path twoChannels = dir.resolve("two.npy");
        FloatNpy.write(twoChannels, new int[] {2, 2, 2}, new float[8]);
        assertMessage(twoChannels, "c 1 or 3");
        Path garbage = dir.resolve("garbage.npy");
        Files.writeString(garbage, "not numpy at all");
        assertMessage(garbage, "not a .npy file");
        Path truncated = dir.resolve("truncated.npy");
        FloatNpy.write(truncated, new int[] {1, 2, 2}, new float[4]);
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 3));
        assertMessage(truncated, "data bytes");
    }

    @Test
    void resizedResamplesBilinearlyWithHalfPixelCentres() {
        // One channel, h = 2, w/2+1 = 2 (w = 2): values [[0, 1], [2, 3]].
        MagnitudeSpectrum small = MagnitudeSpectrum.of(new float[] {0, 1, 2, 3}, 1, 2, 2);
        MagnitudeSpectrum large = small.resized(4, 4);
        assertEquals(4, large.height());
        assertEquals(4, large.width());
        // Rows at source y = -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1); columns x = 0, 0.5, 1 (clamped: -1/6 -> 0, 0.5, 7/6 -> 1).
        float[] expected = {
            0, 0.5f, 1,
            0.5f, 1, 1.5f,
            1.5f, 2, 2.5f,
            2, 2.5f, 3,
        };
        assertArrayEquals(expected, large.values(), 1e-6f);
    }

    @Test
    void rejectsBadMagnitudes() {
        assertThrows(InvalidDataException.class, () -> MagnitudeSpectrum.of(new float[5], 1, 2, 2));
        assertThrows(InvalidDataException.class, () -> MagnitudeSpectrum.of(new float[4], 1, 2, 1));
        assertThrows(InvalidDataException.class, () -> MagnitudeSpectrum.of(new float[] {1, 2, Float.POSITIVE_INFINITY, 0}, 1, 2, 2));
    }

    @Test
    void estimateRejectsBadImages() {
        assertThrows(InvalidDataException.class, () -> MagnitudeSpectrum.estimate(new float[8], 1, 2, 2, 2));
        assertThrows(InvalidDataException.class, () -> MagnitudeSpectrum.estimate(new float[8], 0, 1, 2, 2));
        assertThrows(InvalidDataException.class, () -> MagnitudeSpectrum.estimate(new float[7], 2, 1, 2, 2));
        float[] nan = new float[4];
        nan[2] = Float.NaN;
        assertThrows(InvalidDataException.class, () -> MagnitudeSpectrum.estimate(nan, 1, 1, 2, 2));
    }

    private static void assertMessage(Path file, String fragment) {
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> MagnitudeSpectrum.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void fromModelInputUndoesTheNormalisationAndTheBgrOrderAcrossBatches() {
        InputSpec bgr = new InputSpec(3, 6, 5, ChannelOrder.BGR, ResizeMode.STRETCH, new float[] {0.4f, 0.5f, 0.6f},
                new float[] {0.2f, 0.25f, 0.3f});
        int plane = 30;
        float[] rgb = new float[3 * 3 * plane];
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (float) random.nextDouble();
        }
        float[] model = new float[rgb.length];
        for (int image = 0; image < 3; image++) {
            for (int c = 0; c < 3; c++) {
                int source = 2 - c; // the model's channel c is colour 2 - c
                for (int p = 0; p < plane; p++) {
                    model[(image * 3 + c) * plane + p] = (rgb[(image * 3 + source) * plane + p] - bgr.mean()[c])
                            / bgr.std()[c];
                }
            }
        }
        Tensor first = new Tensor(new long[] {2, 3, 6, 5}, Arrays.copyOf(model, 2 * 3 * plane));
        Tensor second = new Tensor(new long[] {1, 3, 6, 5},
                Arrays.copyOfRange(model, 2 * 3 * plane, model.length));
        float[] expected = MagnitudeSpectrum.estimate(rgb, 3, 3, 6, 5).values();
        float[] actual = MagnitudeSpectrum.fromModelInput(List.of(first, second), bgr).values();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "entry " + i);
        }
        InvalidDataException shape = assertThrows(InvalidDataException.class, () -> MagnitudeSpectrum.fromModelInput(
                List.of(new Tensor(new long[] {1, 3, 5, 5}, new float[75])), bgr));
        assertTrue(shape.getMessage().contains("(n, 3, 6, 5)"), shape.getMessage());
    }
}
