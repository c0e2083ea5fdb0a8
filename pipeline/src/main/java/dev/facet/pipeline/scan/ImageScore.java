package dev.facet.pipeline.scan;

/**
 * How one number per image is made of a concept map to rank images (docs/algorithms.md#top-images).
 * Both look at the map's content cells (the whole h×w map unless the image was padded: cells wholly in
 * padding are left out), cells without a stored code counting as 0.
 */
public enum ImageScore {

    /** The mean code over the map's cells: the concept's overall presence in the image. */
    MEAN,

    /** The largest code of the map: the concept's strongest single location. */
    MAX
}
