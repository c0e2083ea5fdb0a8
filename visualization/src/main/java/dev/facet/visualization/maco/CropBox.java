package dev.facet.visualization.maco;

/**
 * A crop of an image in fractions of its extent (0 = first row or column, 1 = last), as
 * {@code tf.image.crop_and_resize} boxes; it may reach outside [0, 1], where the image reads as 0
 * (docs/algorithms.md#random-crops).
 */
public record CropBox(double top, double left, double bottom, double right) {

    /** @throws IllegalArgumentException if a coordinate is not finite */
    public CropBox {
        if (!Double.isFinite(top) || !Double.isFinite(left) || !Double.isFinite(bottom) || !Double.isFinite(right)) {
            throw new IllegalArgumentException("Crop box coordinates must be finite: " + top + ", " + left
                    + ", " + bottom + ", " + right);
        }
    }
}
