package dev.facet.extractors.images;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Reads a decoded image one row at a time as float channel values in [0, 255]: one channel (gray) for
 * a grayscale image or when gray output is wanted, otherwise three (R, G, B). Reading row by row keeps
 * memory proportional to the output, not to the photo: a 4000 x 3000 image is never held as floats.
 *
 * <p>How pixels are read:
 * <ul>
 *   <li>8- or 16-bit gray and sRGB images with a {@link ComponentColorModel} (what ImageIO returns for
 *       PNG and most JPEGs, and what {@link GrayscaleImages} builds) are read straight from the raster,
 *       so a stored 128 stays 128 ({@code getRGB} would put gray images through a gamma curve), and
 *       16-bit samples are scaled to [0, 255];</li>
 *   <li>everything else (packed-int RGB, indexed/palette, other colour spaces) goes through
 *       {@link BufferedImage#getRGB}, which yields non-premultiplied sRGB;</li>
 *   <li>an alpha channel is composited over white, {@code a * c + (1 - a) * 255} with {@code a} in
 *       [0, 1] (for premultiplied data {@code c'+ (1 - a) * 255}), then dropped; opaque pixels keep
 *       their exact values;</li>
 *   <li>colour becomes gray, when asked for, as luminance {@code 0.299 R + 0.587 G + 0.114 B}.</li>
 * </ul>
 * Not thread-safe: one instance per image and thread.
 */
final class PixelRows {
    private static final float RED_WEIGHT = 0.299f;
    private static final float GREEN_WEIGHT = 0.587f;
    private static final float BLUE_WEIGHT = 0.114f;

    /** Where the values come from. */
    private enum Access { GRAY_RASTER, RGB_RASTER, ARGB }

    private final BufferedImage image;
    private final Raster raster;
    private final Access access;
    private final boolean sourceGray;
    private final boolean toGray;
    private final int width;
    private final int bands;
    private final boolean hasAlpha;
    private final boolean premultiplied;
    private final float colourScale;
    private final float alphaMax;
    private final int[] samples;
    private final float[][] rgb;
    /** Direct access to interleaved 8-bit samples (what ImageIO decodes JPEG and most PNG into), or null. */
    private final ByteSamples bytes;

    private PixelRows(BufferedImage image, boolean wantGray) {
        this.image = image;
        this.raster = image.getRaster();
        this.width = image.getWidth();
        ColorModel model = image.getColorModel();
        this.access = accessFor(model, raster);
        this.sourceGray = access == Access.GRAY_RASTER;
        this.toGray = wantGray && !sourceGray;
        this.bands = raster.getNumBands();
        this.hasAlpha = access == Access.ARGB || model.hasAlpha();
        this.premultiplied = access != Access.ARGB && model.isAlphaPremultiplied();
        this.colourScale = access == Access.ARGB ? 1f : 255f / ((1 << model.getComponentSize(0)) - 1);
        this.alphaMax = access != Access.ARGB && model.hasAlpha()
                ? (1 << model.getComponentSize(model.getNumComponents() - 1)) - 1 : 255f;
        this.samples = new int[width * bands];
        this.rgb = toGray ? new float[3][width] : null;
        this.bytes = access == Access.ARGB ? null : ByteSamples.of(raster);
    }

    /**
     * Rows of {@code image}; gray (one channel) when {@code gray} is true or the image is grayscale,
     * otherwise R, G, B.
     */
    static PixelRows of(BufferedImage image, boolean gray) {
        return new PixelRows(image, gray);
    }

    private static Access accessFor(ColorModel model, Raster raster) {
        int transfer = raster.getTransferType();
        boolean integerSamples = transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT;
        if (!(model instanceof ComponentColorModel) || !integerSamples) {
            return Access.ARGB;
        }
        int colourBands = model.hasAlpha() ? raster.getNumBands() - 1 : raster.getNumBands();
        ColorSpace space = model.getColorSpace();
        if (space.getType() == ColorSpace.TYPE_GRAY && colourBands == 1) {
            return Access.GRAY_RASTER;
        }
        if (space.isCS_sRGB() && colourBands == 3) {
            return Access.RGB_RASTER;
        }
        return Access.ARGB;
    }

    int width() {
        return width;
    }

    int height() {
        return image.getHeight();
    }

    /** 1 (gray) or 3 (R, G, B). */
    int channels() {
        return sourceGray || toGray ? 1 : 3;
    }

    /** Fills {@code out[c][0 .. width)} with row {@code y}; {@code out} has {@link #channels()} arrays. */
    void read(int y, float[][] out) {
        float[][] target = toGray ? rgb : out;
        switch (access) {
            case GRAY_RASTER, RGB_RASTER -> readRaster(y, target);
            case ARGB -> readArgb(y, target);
        }
        if (toGray) {
            float[] gray = out[0];
            for (int x = 0; x < width; x++) {
                gray[x] = RED_WEIGHT * rgb[0][x] + GREEN_WEIGHT * rgb[1][x] + BLUE_WEIGHT * rgb[2][x];
            }
        }
    }

    private void readRaster(int y, float[][] out) {
        if (bytes != null && !hasAlpha) {
            bytes.row(y, out, sourceGray ? 1 : 3);
            return;
        }
        if (bytes != null) {
            bytes.row(y, samples);
        } else {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, samples);
        }
        int colours = sourceGray ? 1 : 3;
        for (int x = 0; x < width; x++) {
            int at = x * bands;
            float alpha = hasAlpha ? samples[at + colours] / alphaMax : 1f;
            for (int c = 0; c < colours; c++) {
                float value = colourScale == 1f ? samples[at + c] : samples[at + c] * colourScale;
                out[c][x] = hasAlpha ? overWhite(value, alpha, premultiplied) : value;
            }
        }
    }

    private void readArgb(int y, float[][] out) {
        image.getRGB(0, y, width, 1, samples, 0, width);
        for (int x = 0; x < width; x++) {
            int argb = samples[x];
            int alpha = argb >>> 24;
            float red = (argb >> 16) & 0xFF;
            float green = (argb >> 8) & 0xFF;
            float blue = argb & 0xFF;
            if (alpha != 255) {
                float a = alpha / 255f;
                red = overWhite(red, a, false);
                green = overWhite(green, a, false);
                blue = overWhite(blue, a, false);
            }
            out[0][x] = red;
            out[1][x] = green;
            out[2][x] = blue;
        }
    }

    /**
     * The samples of an interleaved byte raster read straight from its array: the same values as
     * {@link Raster#getPixels}, which goes through the sample model one sample at a time and took most
     * of the time of reading a decoded photo.
     */
    private record ByteSamples(byte[] data, int origin, int scanlineStride, int pixelStride, int[] bandOffsets) {

        static ByteSamples of(Raster raster) {
            if (!(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                    || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)) {
                return null;
            }
            int x = raster.getMinX() - raster.getSampleModelTranslateX();
            int y = raster.getMinY() - raster.getSampleModelTranslateY();
            int origin = buffer.getOffset() + y * model.getScanlineStride() + x * model.getPixelStride();
            return new ByteSamples(buffer.getData(), origin, model.getScanlineStride(), model.getPixelStride(),
                    model.getBandOffsets());
        }

        /** Fills {@code out[c]} with the first {@code colours} bands of row {@code y}, as values in [0, 255]. */
        void row(int y, float[][] out, int colours) {
            int rowStart = origin + y * scanlineStride;
            for (int c = 0; c < colours; c++) {
                float[] plane = out[c];
                int at = rowStart + bandOffsets[c];
                for (int x = 0; x < plane.length; x++, at += pixelStride) {
                    plane[x] = data[at] & 0xFF;
                }
            }
        }

        /** Fills {@code samples} with row {@code y}'s samples, band by band within each pixel. */
        void row(int y, int[] samples) {
            int bands = bandOffsets.length;
            int pixels = samples.length / bands;
            int rowStart = origin + y * scanlineStride;
            for (int x = 0; x < pixels; x++) {
                int at = rowStart + x * pixelStride;
                for (int b = 0; b < bands; b++) {
                    samples[x * bands + b] = data[at + bandOffsets[b]] & 0xFF;
                }
            }
        }
    }

    /** A colour value in [0, 255] with opacity {@code alpha} in [0, 1], composited over white. */
    private static float overWhite(float value, float alpha, boolean premultiplied) {
        float covered = premultiplied ? value : alpha * value;
        return covered + (1f - alpha) * 255f;
    }
}
