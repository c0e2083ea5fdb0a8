package dev.facet.spi.backbone;

/**
 * How an image of any size becomes the backbone's input size. {@link InputGeometry} holds the exact
 * geometry of each mode: the scale, crop and padding per axis and the mappings between input and
 * image coordinates (docs/algorithms.md#input-geometry).
 */
public enum ResizeMode {
    /** Scale both sides to the input size, ignoring aspect ratio. */
    STRETCH,
    /** Scale the shorter side to the input size, then crop the centre (torchvision's usual eval transform). */
    SHORTER_SIDE_CENTER_CROP,
    /** Scale the longer side to the input size and pad the rest, around the image, with the mean colour. */
    PAD,
    /**
     * Text-line recognisers (PaddleOCR's style): scale to the input height keeping the aspect ratio, to
     * width {@code min(input width, ceil(w·H/h))}, so a wider image is squeezed to the input width; place
     * it at the left and pad the right with the mean colour.
     */
    FIT_HEIGHT_PAD_RIGHT;

    /** Whether images may be padded under this mode, so that some input pixels hold no image content. */
    public boolean pads() {
        return this == PAD || this == FIT_HEIGHT_PAD_RIGHT;
    }
}
