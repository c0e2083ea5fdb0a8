package dev.facet.dictionaries.sae.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Every step and epoch log of a run (restored with a checkpoint, so a resumed run keeps its history),
 * with the dead-latent window and the step-log interval the run used.
 */
public final class TrainingHistory implements TrainingListener {

    private final List<StepLog> steps = new ArrayList<>();
    private final List<EpochLog> epochs = new ArrayList<>();
    private final long deadWindow;
    private final long logEvery;

    /**
     * @param deadWindow the samples without firing after which the logs count a latent as dead
     * @param logEvery   steps between step logs
     */
    public TrainingHistory(long deadWindow, long logEvery) {
        this.deadWindow = deadWindow;
        this.logEvery = logEvery;
    }

    /** The samples without firing after which the logged {@code windowDeadFraction} counts a latent as dead. */
    public long deadWindow() {
        return deadWindow;
    }

    /** Steps between step logs. */
    public long logEvery() {
        return logEvery;
    }

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
