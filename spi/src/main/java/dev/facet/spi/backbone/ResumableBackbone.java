package dev.facet.spi.backbone;

import dev.facet.spi.Capability;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.tensor.Tensor;

import java.util.EnumSet;
import java.util.List;

/**
 * A backbone that declares {@link Capability#RESUME_FROM_HOOK}: it continues its forward pass from a
 * hook point's activations to an output such as {@code logits}. Concept importance (CRAFT, Fel et al.
 * 2023, "CRAFT: Concept Recursive Activation FacTorization for Explainability") edits the activations at
 * a hook point through the dictionary and reads the model's output from there, without running the
 * layers below the hook again.
 */
public interface ResumableBackbone extends Backbone {

    /** The hook points {@link #resume} starts from, in model order. */
    List<String> resumableHookPoints();

    /** The hook points {@link #resume} can return (for example {@code logits}). */
    List<String> resumeOutputs();

    /**
     * The output {@code output} of the model when the activations at {@code fromHook} are
     * {@code activations}.
     *
     * @param fromHook    one of {@link #resumableHookPoints()}
     * @param activations laid out as {@code fromHook}'s {@link HookLayout} for this batch
     * @param output      one of {@link #resumeOutputs()}
     * @return the output, laid out as its hook point's layout
     * @throws dev.facet.spi.ConfigException       for a hook point or output the backbone cannot resume from or to
     * @throws dev.facet.spi.InvalidDataException  for activations of the wrong shape or non-finite values
     */
    Tensor resume(String fromHook, Tensor activations, String output);

    /**
     * The gradient of {@code sum(resume(fromHook, activations, output) * upstream)} with respect to
     * {@code activations}, for backbones that also declare {@link Capability#RESUME_GRADIENTS}.
     *
     * @return a tensor of the shape of {@code activations}
     * @throws MissingCapabilityException when the backbone cannot differentiate a resumed pass
     */
    default Tensor resumeGradient(String fromHook, Tensor activations, String output, Tensor upstream) {
        throw new MissingCapabilityException("the gradient of a resumed forward pass",
                EnumSet.of(Capability.RESUME_GRADIENTS), "backbone '" + info().model() + "'", info().capabilities());
    }
}
