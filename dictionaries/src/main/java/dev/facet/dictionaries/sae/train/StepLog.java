package dev.facet.dictionaries.sae.train;

/** One logged training step. */
public record StepLog(long step, int epoch, double loss, double lr, double samplesPerSecond) {
}
