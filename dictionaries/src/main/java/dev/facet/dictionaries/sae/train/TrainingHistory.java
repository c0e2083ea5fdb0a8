package dev.facet.dictionaries.sae.train;

import java.util.ArrayList;
import java.util.List;

/** Every step and epoch log of a run (restored with a checkpoint, so a resumed run keeps its history). */
public final class TrainingHistory implements TrainingListener {

    private final List<StepLog> steps = new ArrayList<>();
    private final List<EpochLog> epochs = new ArrayList<>();

    @Override
    public void onStep(StepLog log) {
        steps.add(log);
    }

    @Override
    public void onEpoch(EpochLog log) {
        epochs.add(log);
    }

    public List<StepLog> steps() {
        return List.copyOf(steps);
    }

    public List<EpochLog> epochs() {
        return List.copyOf(epochs);
    }

    /** The last epoch's log, or {@code null} before the first epoch ends. */
    public EpochLog last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    void restore(List<StepLog> savedSteps, List<EpochLog> savedEpochs) {
        steps.clear();
        steps.addAll(savedSteps);
        epochs.clear();
        epochs.addAll(savedEpochs);
    }
}
