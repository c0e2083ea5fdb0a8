package dev.facet.dictionaries.sae.train;

/**
 * The summary of one epoch.
 *
 * @param loss             mean loss over the epoch's steps
 * @param r2               explained variance of the training reconstructions, per-feature mean
 *                         (docs/algorithms.md#reconstruction-metrics)
 * @param l0               mean number of active codes per sample
 * @param windowDeadFraction fraction of latents that did not fire within the last {@link TrainingHistory#deadWindow()}
 *                         training samples at the end of the epoch: a running estimate while the weights
 *                         change, not the dead fraction of the final model (docs/algorithms.md#dead-latents)
 * @param seconds          wall time of the epoch
 * @param samplesPerSecond training throughput
 */
public record EpochLog(int epoch, double loss, double r2, double l0, double windowDeadFraction, double seconds,
                       double samplesPerSecond) {
}
