package dev.facet.dictionaries.sae.train;

/**
 * One logged training step.
 *
 * @param loss             the step's loss
 * @param lr               learning rate used by the step
 * @param l0               active codes per sample in the step's batch
 * @param windowDeadFraction fraction of latents that did not fire within the last {@link TrainingHistory#deadWindow()}
 *                         training samples, after the step
 * @param samplesPerSecond throughput of the step
 */
public record StepLog(long step, int epoch, double loss, double lr, double l0, double windowDeadFraction,
                      double samplesPerSecond) {
}
