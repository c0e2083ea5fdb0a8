package dev.facet.dictionaries.sae.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import dev.facet.dictionaries.sae.SaeForward;
import dev.facet.dictionaries.sae.SparseAutoencoder;
import dev.facet.dictionaries.sae.loss.LossInput;
import dev.facet.dictionaries.sae.loss.SaeLoss;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference step: a full forward pass with dense codes and the engine's autograd for every
 * gradient. Works for every architecture; for TopK models it spends about five dense products
 * per step, as the Python libraries do.
 */
public final class DenseStep implements SaeStep {

    @Override
    public StepResult compute(SparseAutoencoder model, NDArray batch, NDArray dead) {
        Map<String, NDArray> parameters = model.parameters().trainable();
        double lossValue;
        SaeForward forward;
        try (GradientCollector collector = Engine.getEngine(batch.getManager().getEngine().getEngineName())
                .newGradientCollector()) {
            forward = model.forward(batch, true);
            LossInput input = new LossInput(forward, model, dead);
            NDArray loss = null;
            for (SaeLoss term : model.losses()) {
                NDArray value = term.compute(input);
                loss = loss == null ? value : loss.add(value);
            }
            collector.backward(loss);
            lossValue = loss.getFloat();
        }
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        parameters.forEach((name, array) -> {
            NDArray gradient = array.getGradient();
            gradients.put(name, gradient.duplicate());
            gradient.subi(gradient);
        });
        NDArray codes = forward.codes();
        double squaredError = forward.input().sub(forward.reconstruction()).square().sum().getFloat();
        NDArray active = codes.neq(0);
        long activeCodes = active.sum().getLong();
        boolean[] fired = active.sum(new int[] {0}).gt(0).toBooleanArray();
        return new StepResult(gradients, lossValue, squaredError, activeCodes, fired, false);
    }

    @Override
    public String id() {
        return "dense";
    }
}
