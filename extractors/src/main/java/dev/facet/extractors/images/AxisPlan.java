package dev.facet.extractors.images;

/**
 * What resizing does along one axis: the source (length {@code sourceLength}) is scaled to
 * {@code scaledLength}; the pixels {@code [cropOffset, cropOffset + outputLength)} of the scaled
 * axis are kept and written at {@code [padOffset, padOffset + outputLength)} of the target axis.
 */
record AxisPlan(int sourceLength, int scaledLength, int cropOffset, int outputLength, int padOffset) {

    /** Whether the kept pixels are exactly the source pixels, so no resampling is needed. */
    boolean isIdentity() {
        return scaledLength == sourceLength && cropOffset == 0 && outputLength == sourceLength;
    }

    /** Source pixels per scaled pixel ({@code > 1} when shrinking). */
    double scale() {
        return (double) sourceLength / scaledLength;
    }
}
