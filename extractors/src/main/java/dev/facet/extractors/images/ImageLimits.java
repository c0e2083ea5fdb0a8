package dev.facet.extractors.images;

import dev.facet.spi.ConfigException;
import java.util.Objects;

/**
 * What an image may cost before it is decoded: at most {@code maxPixels} pixels, as its header
 * states them, and a decode that fits in the shared {@link DecodeBudget}. Both are judged from the
 * header alone, so a decompression bomb (a small file that decodes to gigabytes) is refused in
 * milliseconds, and the decision depends only on the image and these limits, never on the thread
 * count or on what else is being decoded.
 *
 * <p>The default of {@value #DEFAULT_MAX_PIXELS} pixels (89.5 MP, a 9459 x 9459 image) is the
 * decompression-bomb threshold of Pillow ({@code Image.MAX_IMAGE_PIXELS}), so the images a
 * Pillow-based pipeline accepts are accepted here too; a 24-bit raster of that size is 268 MB.
 *
 * @param maxPixels the most pixels (width x height) an image may have, at least 1
 * @param budget    the heap decodes share
 */
public record ImageLimits(long maxPixels, DecodeBudget budget) {
    /** Pillow's {@code MAX_IMAGE_PIXELS}: {@code 1024 * 1024 * 1024 / 4 / 3}. */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;
    /**
     * Widest intermediate the resampler keeps per source row, in columns: its output width, which no
     * supported model input exceeds. Three float planes of this width and the source height are
     * counted in each decode's estimate.
     */
    private static final long REDUCTION_COLUMNS = 1024;
    private static final long REDUCTION_BYTES_PER_VALUE = 3L * Float.BYTES;

    public ImageLimits {
        if (maxPixels < 1) {
            throw ConfigException.outOfRange("max_pixels", maxPixels, ">= 1");
        }
        Objects.requireNonNull(budget, "budget");
    }

    /** {@value #DEFAULT_MAX_PIXELS} pixels within the {@linkplain DecodeBudget#shared() shared} budget. */
    public static ImageLimits defaults() {
        return new ImageLimits(DEFAULT_MAX_PIXELS, DecodeBudget.shared());
    }

    /** These limits with another pixel limit. */
    public ImageLimits withMaxPixels(long newMaxPixels) {
        return new ImageLimits(newMaxPixels, budget);
    }

    /** These limits with another budget. */
    public ImageLimits withBudget(DecodeBudget newBudget) {
        return new ImageLimits(maxPixels, newBudget);
    }

    /**
     * The heap a decode of the image {@code header} describes needs, the encoded bytes included.
     *
     * @throws UnreadableImageException if the image has more than {@code maxPixels} pixels or its
     *                                  decode cannot fit in the whole budget; the message says which
     */
    long decodeBytes(ImageHeader header, long encodedBytes) {
        if (header.pixels() > maxPixels) {
            throw new UnreadableImageException("image is " + header + ", over the limit of "
                    + ImageHeader.megapixels(maxPixels) + " (setting max_pixels / --max-pixels)");
        }
        long reduction = REDUCTION_BYTES_PER_VALUE * header.height() * Math.min(header.width(), REDUCTION_COLUMNS);
        long bytes = encodedBytes + header.rasterBytes() + reduction;
        if (!budget.fits(bytes)) {
            throw new UnreadableImageException("image is " + header + "; decoding it needs about "
                    + DecodeBudget.megabytes(bytes) + ", more than the whole " + budget
                    + " (half the maximum heap by default; raise it with -Xmx)");
        }
        return bytes;
    }
}
