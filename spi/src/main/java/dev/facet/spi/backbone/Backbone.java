package dev.facet.spi.backbone;

import dev.facet.spi.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * An opened vision model that returns activations at hook points. Owns native resources: the
 * caller closes it (try-with-resources). Implementations are safe to call from one thread at a
 * time; the pipeline overlaps preprocessing with {@link #forward}, not forwards with each other.
 */
public interface Backbone extends AutoCloseable {

    /** Model name, input spec, hook points and capabilities. */
    BackboneInfo info();

    /**
     * Runs a batch and returns the requested hook points.
     *
     * @param pixels     preprocessed images, shape {@link InputSpec#batchShape(int)}
     * @param hookPoints names from {@link BackboneInfo#hookPoints()}
     * @return one tensor per requested name, laid out per its {@link HookLayout}
     * @throws dev.facet.spi.UnknownComponentException for a name the backbone lacks
     * @throws dev.facet.spi.InvalidDataException       for a batch of the wrong shape
     */
    Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints);

    @Override
    void close();
}
