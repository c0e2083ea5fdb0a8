package dev.facet.spi.backbone;

import dev.facet.spi.BackboneException;
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

    /**
     * The activations of one hook point: {@link #forward(Tensor, List)} for one name.
     *
     * @throws BackboneException when the backbone returns no tensor for it
     */
    default Tensor forward(Tensor pixels, String hookPoint) {
        Map<String, Tensor> outputs = forward(pixels, List.of(hookPoint));
        Tensor activations = outputs.get(hookPoint);
        if (activations == null) {
            throw new BackboneException("Backbone '" + info().model() + "' returned no activations for hook point '"
                    + hookPoint + "'; returned: " + outputs.keySet());
        }
        return activations;
    }

    @Override
    void close();
}
