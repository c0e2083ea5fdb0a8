package dev.facet.dictionaries.sae.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * What one training step computed before the optimiser runs.
 *
 * @param gradients     gradient of the loss for each trainable parameter, by name
 * @param loss          the loss value
 * @param squaredError  Σ‖x − x̂‖² over the batch, in the model's (scaled) input space
 * @param activeCodes   number of non-zero codes in the batch
 * @param fired         for each latent, whether it fired in this batch
 * @param dictionaryGradientAdjusted whether the step already applied the dictionary layer's
 *                      {@code beforeStep} adjustment (so the trainer must not apply it again)
 */
public record StepResult(Map<String, NDArray> gradients, double loss, double squaredError, long activeCodes,
                         boolean[] fired, boolean dictionaryGradientAdjusted) {
}
