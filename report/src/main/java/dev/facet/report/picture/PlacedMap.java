package dev.facet.report.picture;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;

/**
 * A map laid over an image of {@code imageWidth × imageHeight} pixels: {@code values} gives the map at
 * the pixels of the rectangle {@code [left, left + values.cols()) × [top, top + values.rows())}, the part
 * of the image the map covers (for a centre-cropped model, the cropped window); the pictures paint
 * nothing outside it. Made by {@link MapInterpolation#place} or, for a map of the image's own size,
 * {@link #covering}.
 *
 * @param imageWidth  width of the image, {@code >= 1}
 * @param imageHeight height of the image, {@code >= 1}
 * @param left        first covered column
 * @param top         first covered row
 * @param values      the map over the covered rectangle, at least 1×1, finite
 */
public record PlacedMap(int imageWidth, int imageHeight, int left, int top, FloatMatrix values) {

    public PlacedMap {
        Inputs.requireMap(values);
        if (left < 0 || top < 0 || left + values.cols() > imageWidth || top + values.rows() > imageHeight) {
            throw new InvalidDataException("A placed map of " + values.rows() + "x" + values.cols() + " pixels at ("
                    + left + ", " + top + ") does not fit an image of " + imageWidth + "x" + imageHeight);
        }
    }

    /** A map of exactly an image's size, covering all of it. */
    public static PlacedMap covering(FloatMatrix values) {
        return new PlacedMap(values.cols(), values.rows(), 0, 0, values);
    }

    /** Whether the map covers every pixel of the image. */
    public boolean coversWholeImage() {
        return left == 0 && top == 0 && values.cols() == imageWidth && values.rows() == imageHeight;
    }

    /** The image's pixel index (row-major) of index {@code i} of {@link #values()}. */
    int pixel(int i) {
        return (top + i / values.cols()) * imageWidth + left + i % values.cols();
    }
}
