package dev.facet.dictionaries.sae.train;

/**
 * Where a run is: the next step, and the epoch and batch within it that step will read.
 * A checkpoint saves it so a resumed run skips exactly the batches already trained on.
 */
public record TrainingPosition(long step, int epoch, long batchInEpoch) {

    public static final TrainingPosition START = new TrainingPosition(0, 0, 0);
}
