package dev.facet.spi.backbone;

/**
 * How the activations at a hook point are laid out, per image. The axis conventions of the
 * returned {@link dev.facet.spi.tensor.Tensor} follow the layout: tokens (n, t, c), spatial maps
 * (n, c, h, w), vectors (n, f).
 */
public sealed interface HookLayout permits TokenLayout, SpatialLayout, VectorLayout {

    /** Number of feature channels, the dimension a dictionary is learned over. */
    int channels();

    /** Shape of the activations for a batch of {@code batch} images. */
    long[] shape(int batch);
}
