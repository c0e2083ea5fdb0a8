package dev.facet.extractors.images;

import dev.facet.spi.backbone.InputGeometry;

/**
 * How a source image becomes the backbone's input: its {@link InputGeometry} (scale, crop and padding
 * per axis, the one definition shared with the drawing of maps), read by {@link TentResampler} and
 * {@link ImagePreprocessor}.
 *
 * @param geometry where the image lies in the input
 */
record ResizePlan(InputGeometry geometry) {

    InputGeometry.Axis horizontal() {
        return geometry.horizontal();
    }

    InputGeometry.Axis vertical() {
        return geometry.vertical();
    }

    /** Whether the kept pixels of {@code axis} are exactly its source pixels, so it needs no resampling. */
    static boolean copies(InputGeometry.Axis axis) {
        return axis.scaledLength() == axis.sourceLength() && axis.cropOffset() == 0
                && axis.contentLength() == axis.sourceLength();
    }
}
