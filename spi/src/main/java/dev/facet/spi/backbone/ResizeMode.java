package dev.facet.spi.backbone;

/** How an image of any size becomes the backbone's input size. */
public enum ResizeMode {
    /** Scale both sides to the input size, ignoring aspect ratio. */
    STRETCH,
    /** Scale the shorter side to the input size, then crop the centre (torchvision's usual eval transform). */
    SHORTER_SIDE_CENTER_CROP,
    /** Scale the longer side to the input size and pad the rest with the mean colour. */
    PAD
}
