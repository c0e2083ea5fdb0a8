package dev.facet.dictionaries.sae.train;

/** Receives the training logs as they happen (console output, files, tests). */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() {
    };

    default void onStep(StepLog log) {
    }

    default void onEpoch(EpochLog log) {
    }
}
