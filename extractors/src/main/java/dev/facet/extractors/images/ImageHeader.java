package dev.facet.extractors.images;

import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;

/**
 * What an image's header says about its size, read without decoding any pixels.
 *
 * @param format        the format name, e.g. {@code PNG}
 * @param width         columns
 * @param height        rows
 * @param bytesPerPixel bytes the decoded raster holds per pixel (4 when the reader cannot say)
 */
record ImageHeader(String format, int width, int height, double bytesPerPixel) {
    /** What a decoder is assumed to use per pixel when it does not say: one packed ARGB int. */
    private static final double FALLBACK_BYTES_PER_PIXEL = 4;
    /** Counts below this are written in pixels: one decimal of megapixels would show them as 0.0 MP. */
    private static final long SMALLEST_MEGAPIXELS = 100_000;

    /** Pixels in the image. */
    long pixels() {
        return (long) width * height;
    }

    /** Bytes of the raster ImageIO decodes the image into. */
    long rasterBytes() {
        return (long) Math.ceil(pixels() * bytesPerPixel);
    }

    /** Megapixels with one decimal, e.g. {@code "400.0 MP"}; below 0.1 MP the pixel count, e.g. {@code "36 pixels"}. */
    static String megapixels(long pixels) {
        return pixels < SMALLEST_MEGAPIXELS ? pixels + " pixels" : String.format(Locale.ROOT, "%.1f MP", pixels / 1e6);
    }

    @Override
    public String toString() {
        return width + "x" + height + " = " + megapixels(pixels());
    }

    /**
     * Reads the header of image 0 through {@code reader}, whose input is set: the dimensions and the
     * type of raster {@link ImageReader#read(int)} would decode into (the first of its image types).
     *
     * @throws IOException if the header cannot be read
     */
    static ImageHeader of(ImageReader reader, String format) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        return new ImageHeader(format, width, height, bytesPerPixel(reader));
    }

    private static double bytesPerPixel(ImageReader reader) {
        try {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            if (types == null || !types.hasNext()) {
                return FALLBACK_BYTES_PER_PIXEL;
            }
            SampleModel model = types.next().getSampleModel();
            return model.getNumDataElements() * (DataBuffer.getDataTypeSize(model.getDataType()) / 8.0);
        } catch (IOException | RuntimeException e) {
            return FALLBACK_BYTES_PER_PIXEL;
        }
    }
}
