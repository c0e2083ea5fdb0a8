package dev.facet.dictionaries.sae;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.facet.dictionaries.sae.SaeConfig.SparsifierKind;
import dev.facet.dictionaries.sae.loss.LossInput;
import dev.facet.dictionaries.sae.loss.SaeLoss;
import dev.facet.spi.config.ConfigValues;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** Test support: builds a model from config keys and trains it with plain SGD. */
public final class SaeTrainingCheck {

    private SaeTrainingCheck() {
    }

    /** A TopK model built through {@link SaeConfig#from} and {@link SparseAutoencoder#create}. */
    public static SparseAutoencoder model(NDManager manager, Map<String, Object> keys, int inputDim, long seed) {
        SaeConfig config = SaeConfig.from(ConfigValues.of("test", keys), SparsifierKind.TOPK, false);
        return SparseAutoencoder.create(manager, config, inputDim, seed, List.of());
    }

    /** Row-major Gaussian data. */
    public static float[] data(long seed, int rows, int cols) {
        return HeapInit.normal(new SplittableRandom(seed), rows * cols, 1.0);
    }

    /** The sum of the model's loss terms on one training pass. */
    public static NDArray loss(SparseAutoencoder model, NDArray x) {
        LossInput input = new LossInput(model.forward(x, true), model, null);
        NDArray total = null;
        for (SaeLoss term : model.losses()) {
            NDArray value = term.compute(input);
            total = total == null ? value : total.add(value);
        }
        return total;
    }

    /**
     * Runs {@code steps} SGD steps (p ← p − lr·∇p, then the dictionary's projection, then zeroed
     * gradients) on the full batch and returns the loss before each step.
     *
     * @param afterStep called after each projection, e.g. to check constraints
     */
    public static float[] sgd(NDManager manager, SparseAutoencoder model, float[] data, int rows, int steps,
                              float lr, Consumer<SparseAutoencoder> afterStep) {
        int d = model.shape().inputDim();
        float[] losses = new float[steps];
        for (int step = 0; step < steps; step++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(data, new Shape(rows, d));
                try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                    NDArray loss = loss(model, x);
                    losses[step] = loss.getFloat();
                    gc.backward(loss);
                }
                for (NDArray p : model.parameters().trainable().values()) {
                    NDArray gradient = p.getGradient();
                    p.subi(gradient.mul(lr));
                    gradient.subi(gradient);
                }
                model.dictionary().afterStep();
                afterStep.accept(model);
            }
        }
        return losses;
    }

    /** Asserts that every loss is finite and the last is at most 90% of the first. */
    public static void assertDecreases(String what, float[] losses) {
        for (int i = 0; i < losses.length; i++) {
            assertTrue(Float.isFinite(losses[i]), what + ": loss at step " + i + " is " + losses[i]);
        }
        assertTrue(losses[losses.length - 1] <= 0.9f * losses[0], what + ": loss went from " + losses[0] + " to "
                + losses[losses.length - 1] + " in " + losses.length + " steps: " + java.util.Arrays.toString(losses));
    }
}
