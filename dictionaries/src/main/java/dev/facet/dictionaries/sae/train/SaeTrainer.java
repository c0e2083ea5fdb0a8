package dev.facet.dictionaries.sae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.facet.dictionaries.sae.SaeConfig.EncoderKind;
import dev.facet.dictionaries.sae.SparseAutoencoder;
import dev.facet.dictionaries.sae.dictionary.ArchetypalDictionary;
import dev.facet.dictionaries.sae.encoder.LinearEncoder;
import dev.facet.dictionaries.sae.sparse.SparseTopKStep;
import dev.facet.djl.HeapArrays;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.BatchStream;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop of docs/algorithms.md#training-loop: Adam with a warm-up plus cosine schedule,
 * gradient-norm clipping, the dictionary's gradient adjustment and projection around each step,
 * dead-latent tracking over a window that fits the run, per-step logs (at least
 * {@value TrainerConfig#STEP_LOGS} by default) and per-epoch logs, and checkpoints from which a killed run resumes
 * without repeating or skipping a batch. Data is streamed batch by batch from any {@link
 * ActivationSource}, so an activation store larger than memory trains with flat heap use.
 */
public final class SaeTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(SaeTrainer.class);
    private static final int MEDIAN_ITERATIONS = 100;

    private final TrainerConfig config;
    private final TrainingListener listener;

    public SaeTrainer(TrainerConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener;
    }

    /** The step implementation {@code compute} selects for {@code model}. */
    public static SaeStep stepFor(SparseAutoencoder model, TrainerConfig.Compute compute) {
        String unsupported = SparseTopKStep.unsupportedReason(model);
        return switch (compute) {
            case DENSE -> new DenseStep();
            case SPARSE -> {
                if (unsupported != null) {
                    throw new ConfigException("Field 'compute' = 'sparse': " + unsupported
                            + "; use compute 'dense' or 'auto'");
                }
                yield new SparseTopKStep();
            }
            case AUTO -> unsupported == null ? new SparseTopKStep() : new DenseStep();
        };
    }

    /**
     * Trains {@code model} in place on {@code data}.
     *
     * @param checkpoints where to save and resume from, or {@code null} for none
     */
    public TrainingHistory train(SparseAutoencoder model, ActivationSource data, RunContext context,
                                 Checkpoints checkpoints) {
        if (data.dim() != model.shape().inputDim()) {
            throw new InvalidDataException("Training data has rows of width " + data.dim() + ", the model expects "
                    + model.shape().inputDim());
        }
        if (data.rows() < 1) {
            throw new InvalidDataException("Training data has no rows");
        }
        int batchSize = batchSize(model);
        boolean shuffle = config.shuffle() && model.config().encoder() != EncoderKind.ATTENTION;
        long stepsPerEpoch = (data.rows() + batchSize - 1) / batchSize;
        long totalSteps = stepsPerEpoch * config.epochs();
        CosineSchedule schedule = new CosineSchedule(config.lr(), config.finalLr(), config.warmup(totalSteps), totalSteps);
        SaeStep step = stepFor(model, config.compute());
        NDManager manager = model.parameters().manager();
        Map<String, NDArray> trainable = model.parameters().trainable();
        long deadWindow = config.deadWindow(data.rows() * config.epochs());
        DeadLatentTracker tracker = new DeadLatentTracker(model.shape().concepts(), deadWindow);
        long logEvery = config.logEvery(totalSteps);
        TrainingHistory history = new TrainingHistory(deadWindow, logEvery);
        LOG.info("Training {} ({} concepts, d = {}) on {} rows: {} epochs x {} steps of {}, {} step; dead window {}"
                + " samples, a step log every {} steps", model.config().sparsifier().name().toLowerCase(Locale.ROOT),
                model.shape().concepts(), model.shape().inputDim(), data.rows(), config.epochs(), stepsPerEpoch,
                batchSize, step.id(), deadWindow, logEvery);
        try (AdamState adam = new AdamState(manager, trainable)) {
            TrainingPosition position = checkpoints == null ? null
                    : checkpoints.restore(model, adam, tracker, history);
            if (position == null) {
                initialise(model, data, context);
                position = TrainingPosition.START;
            } else {
                LOG.info("Resuming from checkpoint at step {} (epoch {}, batch {})", position.step(),
                        position.epoch() + 1, position.batchInEpoch());
            }
            try (ProgressTask progress = context.progress().start("train", totalSteps, "steps")) {
                progress.advance(position.step());
                long globalStep = position.step();
                for (int epoch = position.epoch(); epoch < config.epochs(); epoch++) {
                    long skip = epoch == position.epoch() ? position.batchInEpoch() : 0;
                    globalStep = runEpoch(model, data, context, checkpoints, step, adam, tracker, history, schedule,
                            progress, epoch, skip, globalStep, batchSize, shuffle, stepsPerEpoch);
                }
            }
        }
        return history;
    }

    private long runEpoch(SparseAutoencoder model, ActivationSource data, RunContext context, Checkpoints checkpoints,
                          SaeStep step, AdamState adam, DeadLatentTracker tracker, TrainingHistory history,
                          CosineSchedule schedule, ProgressTask progress, int epoch, long skip, long globalStep,
                          int batchSize, boolean shuffle, long stepsPerEpoch) {
        NDManager manager = model.parameters().manager();
        int dim = model.shape().inputDim();
        EpochAccumulator epochTotals = checkpoints == null || skip == 0 ? new EpochAccumulator(dim)
                : checkpoints.restoredEpochTotals(dim);
        ReconstructionStats stats = epochTotals.stats();
        long started = System.nanoTime();
        long samplesThisRun = 0;
        try (BatchStream batches = data.openBatches(batchSize, shuffle, context.seedFor("epoch-" + epoch))) {
            long index = 0;
            for (; index < skip && batches.hasNext(); index++) {
                batches.next();
            }
            while (batches.hasNext()) {
                context.cancellation().throwIfCancelled("training step " + globalStep);
                FloatMatrix batch = batches.next();
                requireFinite(batch, epoch, index);
                double lr = schedule.at(globalStep);
                StepResult result;
                long stepStart = System.nanoTime();
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray x = manager.create(batch.data(), new Shape(batch.rows(), batch.cols()));
                    NDArray dead = manager.create(tracker.deadMask());
                    result = step.compute(model, x, dead);
                    if (!Double.isFinite(result.loss())) {
                        throw new InvalidDataException("Training diverged: loss is " + result.loss() + " at step "
                                + globalStep + " (epoch " + (epoch + 1) + ", batch " + index + "); lower lr (now "
                                + lr + ") or check the activations");
                    }
                    applyUpdate(model, adam, result, (float) lr);
                }
                double scale = model.inputScale();
                stats.add(batch, result.squaredError() / (scale * scale));
                tracker.record(result.fired(), batch.rows());
                epochTotals.add(result.loss(), result.activeCodes(), batch.rows());
                samplesThisRun += batch.rows();
                globalStep++;
                index++;
                double seconds = (System.nanoTime() - stepStart) / 1e9;
                if (globalStep % history.logEvery() == 0) {
                    StepLog log = new StepLog(globalStep, epoch + 1, result.loss(), lr,
                            (double) result.activeCodes() / batch.rows(), tracker.deadFraction(),
                            batch.rows() / seconds);
                    history.onStep(log);
                    listener.onStep(log);
                }
                progress.advance(1);
                progress.status(String.format(Locale.ROOT, "loss=%.4g", result.loss()));
                if (checkpoints != null && config.checkpointEvery() > 0 && globalStep % config.checkpointEvery() == 0
                        && index < stepsPerEpoch) {
                    checkpoints.save(model, adam, tracker, history, new TrainingPosition(globalStep, epoch, index),
                            epochTotals);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        EpochLog log = new EpochLog(epoch + 1, epochTotals.meanLoss(), stats.r2(), epochTotals.l0(),
                tracker.deadFraction(), seconds, samplesThisRun / Math.max(seconds, 1e-9));
        history.onEpoch(log);
        listener.onEpoch(log);
        LOG.info(String.format(Locale.ROOT, "epoch %d: loss %.5g, R2 %.4f, L0 %.1f, dead in the last %d samples %.3f,"
                + " %.1f s, %.0f samples/s", log.epoch(), log.loss(), log.r2(), log.l0(), history.deadWindow(),
                log.windowDeadFraction(), log.seconds(), log.samplesPerSecond()));
        if (checkpoints != null) {
            checkpoints.save(model, adam, tracker, history, new TrainingPosition(globalStep, epoch + 1, 0),
                    new EpochAccumulator(dim));
        }
        return globalStep;
    }

    private void applyUpdate(SparseAutoencoder model, AdamState adam, StepResult result, float lr) {
        Map<String, NDArray> gradients = result.gradients();
        if (!result.dictionaryGradientAdjusted()) {
            model.dictionary().beforeStep(gradients);
        }
        if (config.clipNorm() > 0) {
            double squares = 0;
            for (NDArray gradient : gradients.values()) {
                double norm = gradient.norm().getFloat();
                squares += norm * norm;
            }
            double norm = Math.sqrt(squares);
            if (norm > config.clipNorm()) {
                float factor = (float) (config.clipNorm() / norm);
                gradients.values().forEach(gradient -> gradient.muli(factor));
            }
        }
        adam.nextStep();
        Map<String, NDArray> trainable = model.parameters().trainable();
        gradients.forEach((name, gradient) -> adam.update(name, trainable.get(name), gradient, lr));
        model.dictionary().afterStep();
    }

    private int batchSize(SparseAutoencoder model) {
        int tokens = model.config().tokens();
        if (model.config().encoder() == EncoderKind.ATTENTION
                && config.batchSize() % tokens != 0) {
            throw ConfigException.outOfRange("batch_size", config.batchSize(),
                    "a multiple of tokens = " + tokens + " for the attention encoder");
        }
        return config.batchSize();
    }

    /** Sets b_dec and the input scale from a sample of the first rows. */
    private void initialise(SparseAutoencoder model, ActivationSource data, RunContext context) {
        FloatMatrix sample;
        try (BatchStream stream = data.openBatches((int) Math.min(config.medianSample(), data.rows()), true,
                context.seedFor("init-sample"))) {
            sample = stream.next();
        }
        requireFinite(sample, -1, 0);
        int d = sample.cols();
        float scale = 1f;
        if (config.normaliseInput()) {
            double squares = 0;
            for (float v : sample.data()) {
                squares += (double) v * v;
            }
            double meanSquaredNorm = squares / sample.rows();
            scale = meanSquaredNorm > 0 ? (float) Math.sqrt(d / meanSquaredNorm) : 1f;
        }
        model.setInputScale(scale);
        float[] bias = switch (config.biasInit()) {
            case GEOMETRIC_MEDIAN -> GeometricMedian.of(sample, MEDIAN_ITERATIONS);
            case MEAN -> GeometricMedian.toFloats(GeometricMedian.mean(sample));
            case ZERO -> new float[d];
        };
        for (int j = 0; j < d; j++) {
            bias[j] *= scale;
        }
        HeapArrays.overwrite(model.decoderBias(), bias);
        if (model.dictionary() instanceof ArchetypalDictionary archetypal) {
            archetypal.setCandidates(candidatePoints(sample, archetypal.candidateCount(), scale, bias));
            if (model.encoder() instanceof LinearEncoder) {
                // W_enc row i = d_i / ‖d_i‖²: an input equal to an atom encodes to 1 on it, as W_enc = D does for
                // unit atoms. Archetypal atoms are data points with norms ‖x·s − b_dec‖ far from 1, and W_enc = D
                // would scale the first reconstructions by ‖d_i‖² (10⁷-fold MSE on real activations).
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray atoms = archetypal.atoms();
                    NDArray squaredNorms = atoms.square().sum(new int[] {1}, true).maximum(1e-12f);
                    HeapArrays.overwrite(model.parameters().get(LinearEncoder.WEIGHT),
                            atoms.div(squaredNorms).toFloatArray());
                }
            }
        }
    }

    /**
     * Candidate points of an archetypal dictionary: rows of the (shuffled) initialisation sample,
     * scaled and centred like the encoder's inputs ({@code x·s − b_dec}, {@code bias} being the scaled
     * b_dec), cycling through the sample when it has fewer rows. Atoms reconstruct the centred input
     * ({@code x̂ = z·D + b_dec}), so their hull must be that of the centred data, not of the raw rows.
     */
    private static float[] candidatePoints(FloatMatrix sample, int count, float scale, float[] bias) {
        int d = sample.cols();
        float[] points = new float[count * d];
        for (int i = 0; i < count; i++) {
            int row = i % sample.rows();
            for (int j = 0; j < d; j++) {
                points[i * d + j] = sample.data()[row * d + j] * scale - bias[j];
            }
        }
        return points;
    }

    private static void requireFinite(FloatMatrix batch, int epoch, long index) {
        float[] data = batch.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                String where = epoch < 0 ? "the initialisation sample" : "epoch " + (epoch + 1) + ", batch " + index;
                throw new InvalidDataException("Non-finite activation " + data[i] + " in " + where + ", row "
                        + i / batch.cols() + ", column " + i % batch.cols());
            }
        }
    }
}
