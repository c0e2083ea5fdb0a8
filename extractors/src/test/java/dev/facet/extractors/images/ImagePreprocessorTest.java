package dev.facet.extractors.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePreprocessorTest {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};
    private static final float EPS = 1e-5f;

    @TempDir
    Path dir;

    private static InputSpec rgb(int height, int width, ResizeMode mode) {
        return new InputSpec(3, height, width, ChannelOrder.RGB, mode, MEAN, STD);
    }

    private static InputSpec gray(int height, int width, ResizeMode mode, float mean, float std) {
        return new InputSpec(1, height, width, ChannelOrder.GRAY, mode, new float[] {mean}, new float[] {std});
    }

    private static float normalised(float pixel, int channel) {
        return (pixel / 255f - MEAN[channel]) / STD[channel];
    }

    private static int channel(int rgb, int c) {
        return (rgb >> (16 - 8 * c)) & 0xFF;
    }

    @Test
    void identitySizeGivesExactNormalisedValuesInChwOrder() {
        int[][] pixels = {{0x102030, 0x405060}, {0x708090, 0xA0B0C0}};
        float[] out = new ImagePreprocessor(rgb(2, 2, ResizeMode.STRETCH)).preprocess(TestImages.rgb(pixels));

        assertEquals(12, out.length);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    float expected = normalised(channel(pixels[y][x], c), c);
                    assertEquals(expected, out[c * 4 + y * 2 + x], 1e-6f, "c=" + c + " y=" + y + " x=" + x);
                }
            }
        }
    }

    @Test
    void grayUsesLuminance() {
        int[][] pixels = {{0xFF0000, 0x00FF00, 0x0000FF, 0x204060}};
        float[] out = new ImagePreprocessor(gray(1, 4, ResizeMode.STRETCH, 0.5f, 0.25f)).preprocess(TestImages.rgb(pixels));

        for (int x = 0; x < 4; x++) {
            int p = pixels[0][x];
            float luminance = 0.299f * channel(p, 0) + 0.587f * channel(p, 1) + 0.114f * channel(p, 2);
            assertEquals((luminance / 255f - 0.5f) / 0.25f, out[x], EPS, "x=" + x);
        }
    }

    @Test
    void bgrSwapsRedAndBlue() {
        InputSpec bgr = new InputSpec(3, 1, 1, ChannelOrder.BGR, ResizeMode.STRETCH, new float[3], new float[] {1, 1, 1});
        float[] out = new ImagePreprocessor(bgr).preprocess(TestImages.rgb(new int[][] {{0xC86432}}));

        assertArrayEquals(new float[] {0x32 / 255f, 0x64 / 255f, 0xC8 / 255f}, out, 1e-6f);
    }

    @Test
    void grayImagesAreReadWithoutGammaAndReplicatedForRgb() {
        BufferedImage gray = GrayscaleImages.fromUnsignedBytes(new byte[] {(byte) 128, 0, (byte) 255}, 0, 3, 1);
        InputSpec plain = new InputSpec(3, 1, 3, ChannelOrder.RGB, ResizeMode.STRETCH, new float[3], new float[] {1, 1, 1});

        float[] asRgb = new ImagePreprocessor(plain).preprocess(gray);
        float[] asGray = new ImagePreprocessor(gray(1, 3, ResizeMode.STRETCH, 0, 1)).preprocess(gray);

        assertArrayEquals(new float[] {128 / 255f, 0, 1}, asGray, 1e-6f);
        for (int c = 0; c < 3; c++) {
            assertEquals(128 / 255f, asRgb[c * 3], 1e-6f);
            assertEquals(1f, asRgb[c * 3 + 2], 1e-6f);
        }
    }

    @Test
    void translucentPixelsAreCompositedOverWhite() {
        BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0xFFC80000);   // opaque red 200
        argb.setRGB(1, 0, 0x80C80000);   // alpha 128, red 200
        argb.setRGB(2, 0, 0x00000000);   // fully transparent black
        // Through a PNG file too, to cover the decoder's RGBA layout.
        BufferedImage decoded = ImageFiles.read(TestImages.write(dir.resolve("rgba.png"), argb));
        InputSpec plain = new InputSpec(3, 1, 3, ChannelOrder.RGB, ResizeMode.STRETCH, new float[3], new float[] {1, 1, 1});

        for (BufferedImage image : new BufferedImage[] {argb, decoded}) {
            float[] out = new ImagePreprocessor(plain).preprocess(image);
            float a = 128 / 255f;
            assertEquals(200 / 255f, out[0], 1e-6f);
            assertEquals((a * 200 + (1 - a) * 255) / 255f, out[1], 1e-5f);
            assertEquals((1 - a) * 255 / 255f, out[3 + 1], 1e-5f, "green of the half-transparent pixel");
            for (int c = 0; c < 3; c++) {
                assertEquals(1f, out[c * 3 + 2], 1e-6f, "transparent pixel becomes white, channel " + c);
            }
        }
    }

    @Test
    void grayWithAlphaIsCompositedOverWhite() {
        ColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(1, 1);
        raster.setPixel(0, 0, new int[] {100, 51});
        BufferedImage image = new BufferedImage(model, raster, false, null);

        float[] out = new ImagePreprocessor(gray(1, 1, ResizeMode.STRETCH, 0, 1)).preprocess(image);

        float alpha = 51 / 255f;
        assertEquals((alpha * 100 + (1 - alpha) * 255) / 255f, out[0], 1e-5f);
    }

    @Test
    void paletteImagesUseTheirPaletteColours() {
        IndexColorModel palette = new IndexColorModel(2, 2, new byte[] {10, (byte) 250}, new byte[] {20, 5},
                new byte[] {30, 0});
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        indexed.getRaster().setSample(1, 0, 0, 1);
        InputSpec plain = new InputSpec(3, 1, 2, ChannelOrder.RGB, ResizeMode.STRETCH, new float[3], new float[] {1, 1, 1});

        float[] out = new ImagePreprocessor(plain).preprocess(indexed);

        assertArrayEquals(new float[] {10 / 255f, 250 / 255f, 20 / 255f, 5 / 255f, 30 / 255f, 0}, out, 1e-6f);
    }

    @Test
    void palettePngWithATransparentEntryBecomesWhiteThere() {
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {10, (byte) 250}, new byte[] {20, 5},
                new byte[] {30, 0}, new byte[] {(byte) 255, 0});
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setSample(1, 0, 0, 1);
        BufferedImage decoded = ImageFiles.read(TestImages.write(dir.resolve("palette.png"), indexed));
        InputSpec plain = new InputSpec(3, 1, 2, ChannelOrder.RGB, ResizeMode.STRETCH, new float[3], new float[] {1, 1, 1});

        float[] out = new ImagePreprocessor(plain).preprocess(decoded);

        assertArrayEquals(new float[] {10 / 255f, 1, 20 / 255f, 1, 30 / 255f, 1}, out, 1e-6f);
    }

    @Test
    void padFillsTheMarginWithTheMeanSoItNormalisesToZero() {
        // 4 wide, 2 high into 4x4: scaled 4x2, one padded row above and below.
        int[][] pixels = {{0x112233, 0x445566, 0x778899, 0xAABBCC}, {0xFFFFFF, 0x000000, 0x808080, 0x010203}};
        float[] out = new ImagePreprocessor(rgb(4, 4, ResizeMode.PAD)).preprocess(TestImages.rgb(pixels));

        for (int c = 0; c < 3; c++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(0f, out[c * 16 + x], "top padding c=" + c + " x=" + x);
                assertEquals(0f, out[c * 16 + 3 * 4 + x], "bottom padding c=" + c + " x=" + x);
                assertEquals(normalised(channel(pixels[0][x], c), c), out[c * 16 + 4 + x], 1e-6f);
                assertEquals(normalised(channel(pixels[1][x], c), c), out[c * 16 + 8 + x], 1e-6f);
            }
        }
    }

    @Test
    void padPutsANarrowImageInTheCentreColumn() {
        // 1 wide, 3 high into 3x3: scaled 1x3, placed at column 1.
        BufferedImage column = TestImages.solid(1, 3, 0xFFFFFF);
        float[] out = new ImagePreprocessor(gray(3, 3, ResizeMode.PAD, 0.5f, 0.5f)).preprocess(column);

        assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0, 0, 1, 0}, out, 1e-6f);
    }

    @Test
    void fitHeightPadRightScalesToTheHeightAndPadsTheRightWithZeros() {
        // 5 wide, 3 high into 6 high, 16 wide: width ceil(5·6/3) = 10 at the left, columns 10..15 padding.
        BufferedImage line = TestImages.noise(5, 3, 21);
        float[] out = new ImagePreprocessor(rgb(6, 16, ResizeMode.FIT_HEIGHT_PAD_RIGHT)).preprocess(line);
        float[] content = new ImagePreprocessor(rgb(6, 10, ResizeMode.STRETCH)).preprocess(line);

        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 16; x++) {
                    float expected = x < 10 ? content[(c * 6 + y) * 10 + x] : 0f;
                    assertEquals(expected, out[(c * 6 + y) * 16 + x], "c=" + c + " y=" + y + " x=" + x);
                }
            }
        }
    }

    @Test
    void fitHeightPadRightSqueezesAWiderLineToTheInputWidth() {
        // 40 wide, 3 high: ceil(40·6/3) = 80 > 16, so the line is squeezed to 16x6 like a stretch.
        BufferedImage line = TestImages.noise(40, 3, 22);

        assertArrayEquals(new ImagePreprocessor(rgb(6, 16, ResizeMode.STRETCH)).preprocess(line),
                new ImagePreprocessor(rgb(6, 16, ResizeMode.FIT_HEIGHT_PAD_RIGHT)).preprocess(line));
    }

    @Test
    void theGeometryIsTheOneThePixelsFollow() {
        ImagePreprocessor preprocessor = new ImagePreprocessor(rgb(6, 16, ResizeMode.FIT_HEIGHT_PAD_RIGHT));

        assertEquals(dev.facet.spi.backbone.InputGeometry.of(5, 3, 16, 6, ResizeMode.FIT_HEIGHT_PAD_RIGHT),
                preprocessor.geometry(5, 3));
        assertEquals(10, preprocessor.geometry(5, 3).horizontal().contentEnd());
    }

    @Test
    void aSourceColumnLandsWhereTheGeometryMapsIt() {
        // A 1-pixel white column at source x = 300 of a black 451x300 photo peaks at the input column
        // whose centre the geometry maps nearest to the column's centre, 300.5.
        BufferedImage photo = new BufferedImage(451, 300, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 300; y++) {
            photo.getRaster().setSample(300, y, 0, 255);
        }
        for (ResizeMode mode : ResizeMode.values()) {
            for (int[] input : new int[][] {{64, 64}, {32, 128}, {300, 451}}) {
                ImagePreprocessor preprocessor = new ImagePreprocessor(gray(input[0], input[1], mode, 0, 1));
                float[] out = preprocessor.preprocess(photo);
                int row = preprocessor.geometry(451, 300).vertical().padOffset();
                int peak = 0;
                for (int x = 1; x < input[1]; x++) {
                    peak = out[row * input[1] + x] > out[row * input[1] + peak] ? x : peak;
                }
                double expected = preprocessor.geometry(451, 300).horizontal().toInput(300.5) - 0.5;
                assertEquals(expected, peak, 0.5 + 1e-9, mode + " into " + input[1] + "x" + input[0]);
            }
        }
    }

    @Test
    void centerCropKeepsTheMiddleOfTheLongerSide() {
        // 4 wide, 2 high: left half red, right half blue. Shorter side is already 2; crop columns 1 and 2.
        int red = 0xFF0000;
        int blue = 0x0000FF;
        BufferedImage halves = TestImages.rgb(new int[][] {{red, red, blue, blue}, {red, red, blue, blue}});
        InputSpec plain = new InputSpec(3, 2, 2, ChannelOrder.RGB, ResizeMode.SHORTER_SIDE_CENTER_CROP, new float[3],
                new float[] {1, 1, 1});

        float[] out = new ImagePreprocessor(plain).preprocess(halves);

        float[] expected = {
            1, 0, 1, 0,   // red plane: left column red
            0, 0, 0, 0,   // green plane
            0, 1, 0, 1};  // blue plane: right column blue
        assertArrayEquals(expected, out, 1e-6f);
    }

    @Test
    void centerCropScalesTheShorterSideToTheTarget() {
        // 8 wide, 4 high, constant: scaled to 4x2 then cropped to 2x2; a constant stays constant.
        BufferedImage wide = TestImages.solid(8, 4, 0x204080);
        float[] out = new ImagePreprocessor(rgb(2, 2, ResizeMode.SHORTER_SIDE_CENTER_CROP)).preprocess(wide);

        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(normalised(channel(0x204080, c), c), out[c * 4 + i], EPS);
            }
        }
    }

    @Test
    void upscalingInterpolatesBilinearlyWithHalfPixelCentres() {
        BufferedImage twoPixels = GrayscaleImages.fromUnsignedBytes(new byte[] {0, (byte) 255}, 0, 2, 1);

        float[] out = new ImagePreprocessor(gray(1, 4, ResizeMode.STRETCH, 0, 1)).preprocess(twoPixels);

        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, out, 1e-6f);
    }

    @Test
    void downscalingAveragesInsteadOfAliasing() {
        // A 1-pixel checkerboard sampled at 15x reduction: point sampling would give pure black or white.
        BufferedImage checker = new BufferedImage(60, 60, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 60; x++) {
                checker.getRaster().setSample(x, y, 0, (x + y) % 2 == 0 ? 255 : 0);
            }
        }

        float[] out = new ImagePreprocessor(gray(4, 4, ResizeMode.STRETCH, 0, 1)).preprocess(checker);

        for (float value : out) {
            assertEquals(0.5f, value, 0.03f);
        }
    }

    @Test
    void oddSizesWork() {
        BufferedImage single = TestImages.solid(1, 1, 0x336699);
        float[] enlarged = new ImagePreprocessor(rgb(7, 3, ResizeMode.STRETCH)).preprocess(single);
        assertEquals(3 * 7 * 3, enlarged.length);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 21; i++) {
                assertEquals(normalised(channel(0x336699, c), c), enlarged[c * 21 + i], EPS);
            }
        }

        BufferedImage tall = TestImages.noise(3, 7, 11);
        for (ResizeMode mode : ResizeMode.values()) {
            float[] shrunk = new ImagePreprocessor(rgb(1, 1, mode)).preprocess(tall);
            assertEquals(3, shrunk.length, mode.toString());
            float[] same = new ImagePreprocessor(rgb(7, 3, mode)).preprocess(tall);
            for (int c = 0; c < 3; c++) {
                int p = tall.getRGB(2, 6);
                assertEquals(normalised(channel(p, c), c), same[c * 21 + 6 * 3 + 2], 1e-6f, mode + " identity");
            }
        }
        // 7 wide, 3 high padded into 5x5: scaled 5x2, rows 0, 3 and 4 are padding.
        float[] padded = new ImagePreprocessor(rgb(5, 5, ResizeMode.PAD)).preprocess(TestImages.noise(7, 3, 12));
        for (int x = 0; x < 5; x++) {
            assertEquals(0f, padded[x]);
            assertEquals(0f, padded[3 * 5 + x]);
            assertEquals(0f, padded[4 * 5 + x]);
        }
    }

    @Test
    void readsByteInterleavedBgrAndPremultipliedRasters() {
        BufferedImage bgr = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
        bgr.setRGB(0, 0, 0x0A6496);
        BufferedImage premultiplied = new BufferedImage(1, 1, BufferedImage.TYPE_4BYTE_ABGR_PRE);
        premultiplied.setRGB(0, 0, 0x66C80000);   // alpha 102 (0.4), red 200
        InputSpec plain = new InputSpec(3, 1, 1, ChannelOrder.RGB, ResizeMode.STRETCH, new float[3], new float[] {1, 1, 1});
        ImagePreprocessor preprocessor = new ImagePreprocessor(plain);

        assertArrayEquals(new float[] {0x0A / 255f, 0x64 / 255f, 0x96 / 255f}, preprocessor.preprocess(bgr), 1e-6f);
        float[] composited = preprocessor.preprocess(premultiplied);
        assertEquals((0.4f * 200 + 0.6f * 255) / 255f, composited[0], 0.5f / 255f);
        assertEquals(0.6f, composited[1], 0.5f / 255f);
    }

    @Test
    void sixteenBitGrayIsScaledToEightBitRange() {
        BufferedImage deep = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 0, 0, 65535);
        deep.getRaster().setSample(1, 0, 0, 32768);
        BufferedImage decoded = ImageFiles.read(TestImages.write(dir.resolve("deep.png"), deep));

        for (BufferedImage image : new BufferedImage[] {deep, decoded}) {
            float[] out = new ImagePreprocessor(gray(1, 2, ResizeMode.STRETCH, 0, 1)).preprocess(image);
            assertArrayEquals(new float[] {1f, 32768 / 65535f}, out, 1e-6f);
        }
    }

    @Test
    void centerCropOfATallImageKeepsTheMiddleRows() {
        // 2 wide, 4 high: top half white, bottom half black; rows 1 and 2 remain.
        BufferedImage tall = TestImages.rgb(new int[][] {
            {0xFFFFFF, 0xFFFFFF}, {0xFFFFFF, 0xFFFFFF}, {0x000000, 0x000000}, {0x000000, 0x000000}});

        float[] out = new ImagePreprocessor(gray(2, 2, ResizeMode.SHORTER_SIDE_CENTER_CROP, 0, 1)).preprocess(tall);

        assertArrayEquals(new float[] {1, 1, 0, 0}, out, 1e-6f);
    }

    @Test
    void matchesADirectTwoDimensionalTentFilter() {
        BufferedImage photo = TestImages.noise(23, 17, 8);
        int[][] targets = {{5, 7}, {40, 31}, {17, 23}, {3, 3}};
        for (ResizeMode mode : new ResizeMode[] {ResizeMode.STRETCH, ResizeMode.SHORTER_SIDE_CENTER_CROP}) {
            for (int[] target : targets) {
                InputSpec spec = gray(target[0], target[1], mode, 0, 1);
                float[] out = new ImagePreprocessor(spec).preprocess(photo);
                float[] expected = directTentResize(photo, target[1], target[0], mode);
                assertArrayEquals(expected, out, 1e-4f, mode + " to " + target[1] + "x" + target[0]);
            }
        }
    }

    /**
     * Reference: every output pixel as a 2-D weighted sum over all source pixels, weights the product of
     * the two axes' tent weights, each normalised, with the crop window of {@link ResizeMode} applied.
     */
    private static float[] directTentResize(BufferedImage image, int width, int height, ResizeMode mode) {
        int w = image.getWidth();
        int h = image.getHeight();
        double factor = Math.max((double) width / w, (double) height / h);
        int scaledW = mode == ResizeMode.STRETCH ? width : (int) Math.max(width, Math.round(w * factor));
        int scaledH = mode == ResizeMode.STRETCH ? height : (int) Math.max(height, Math.round(h * factor));
        double[][] wx = axisWeights(w, scaledW, (scaledW - width) / 2, width);
        double[][] wy = axisWeights(h, scaledH, (scaledH - height) / 2, height);
        float[] out = new float[width * height];
        for (int oy = 0; oy < height; oy++) {
            for (int ox = 0; ox < width; ox++) {
                double sum = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = image.getRGB(x, y);
                        double lum = 0.299f * channel(p, 0) + 0.587f * channel(p, 1) + 0.114f * channel(p, 2);
                        sum += wx[ox][x] * wy[oy][y] * lum;
                    }
                }
                out[oy * width + ox] = (float) (sum / 255);
            }
        }
        return out;
    }

    private static double[][] axisWeights(int source, int scaled, int crop, int outputs) {
        double scale = (double) source / scaled;
        double radius = Math.max(1, scale);
        double[][] weights = new double[outputs][source];
        for (int i = 0; i < outputs; i++) {
            double centre = (i + crop + 0.5) * scale;
            double total = 0;
            for (int s = 0; s < source; s++) {
                weights[i][s] = Math.max(0, 1 - Math.abs(s + 0.5 - centre) / radius);
                total += weights[i][s];
            }
            for (int s = 0; s < source; s++) {
                weights[i][s] /= total;
            }
        }
        return weights;
    }

    @Test
    void isDeterministic() {
        BufferedImage photo = TestImages.noise(301, 217, 5);
        ImagePreprocessor preprocessor = new ImagePreprocessor(rgb(32, 24, ResizeMode.SHORTER_SIDE_CENTER_CROP));

        assertArrayEquals(preprocessor.preprocess(photo), new ImagePreprocessor(preprocessor.spec()).preprocess(photo));
    }

    @Test
    void largeReductionsStayInRange() {
        BufferedImage big = TestImages.noise(1200, 900, 6);
        InputSpec unit = new InputSpec(3, 5, 7, ChannelOrder.RGB, ResizeMode.STRETCH, new float[3], new float[] {1, 1, 1});

        float[] out = new ImagePreprocessor(unit).preprocess(big);

        for (float value : out) {
            assertTrue(value >= 0.4f && value <= 0.6f, "noise averages to mid-grey, found " + value);
        }
    }

    @Test
    void preprocessesFilesDirectly() {
        Path file = TestImages.write(dir.resolve("f.png"), TestImages.solid(2, 2, 0x0A141E));

        float[] out = new ImagePreprocessor(rgb(2, 2, ResizeMode.STRETCH)).preprocess(file);

        assertEquals(normalised(0x14, 1), out[4], 1e-6f);
    }
}
