package dev.facet.dictionaries.sae;

import ai.djl.ndarray.NDManager;
import dev.facet.dictionaries.metrics.DictionaryPass;
import dev.facet.dictionaries.metrics.StreamingEvaluator;
import dev.facet.spi.dictionary.MemoryEstimate;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.sae.loss.SaeLoss;
import dev.facet.dictionaries.sae.train.Checkpoints;
import dev.facet.dictionaries.sae.train.EpochLog;
import dev.facet.dictionaries.sae.train.SaeTrainer;
import dev.facet.dictionaries.sae.train.TrainerConfig;
import dev.facet.dictionaries.sae.train.TrainingHistory;
import dev.facet.dictionaries.sae.train.TrainingListener;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.ConfigException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.run.RunContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a sparse autoencoder ({@link SaeConfig}) with {@link SaeTrainer}. Built DJL-style:
 * {@code SaeLearner.builder().setId("topk").setArchitecture(cfg).optTrainer(t).optLoss(myLoss).build()}.
 * {@link #fit} seeds the model from {@code context.seedFor("sae-init")}, checkpoints into the
 * context's output directory and resumes from a checkpoint found there; after training it measures the
 * final model on every training row as {@code facet eval} does, and records those metrics (R², L0,
 * dead codes) in the provenance beside the training logs.
 */
public final class SaeLearner implements DictionaryLearner {

    private final String id;
    private final SaeConfig architecture;
    private final TrainerConfig trainer;
    private final List<SaeLoss> extraLosses;
    private final TrainingListener listener;
    private final Map<String, Object> source;
    private TrainingHistory history;

    private SaeLearner(Builder builder) {
        this.id = builder.id;
        this.architecture = builder.architecture;
        this.trainer = builder.trainer;
        this.extraLosses = List.copyOf(builder.extraLosses);
        this.listener = builder.listener;
        this.source = Map.copyOf(builder.source);
    }

    public static Builder builder() {
        return new Builder();
    }

    public SaeConfig architecture() {
        return architecture;
    }

    public TrainerConfig trainer() {
        return trainer;
    }

    /** The logs of the last {@link #fit}, or {@code null} before it. */
    public TrainingHistory history() {
        return history;
    }

    /** Encoder and dictionary weights (c × d each), each with its gradient and two Adam moments. */
    @Override
    public long estimatedBytes(int inputDim, long rows) {
        long matrix = MemoryEstimate.floatMatrix("learner '" + id + "': concepts × input dim",
                architecture.concepts(), inputDim);
        return MemoryEstimate.saturatedTimes(matrix, 2 * 4);
    }

    @Override
    public SaeDictionary fit(ActivationSource data, RunContext context) {
        long seed = context.seedFor("sae-init");
        NDManager manager = PyTorchEngines.pytorch().newBaseManager(PyTorchEngines.device(trainer.device()));
        try {
            SparseAutoencoder model = SparseAutoencoder.create(manager, architecture, data.dim(), seed, extraLosses);
            Map<String, Object> fingerprint = new LinkedHashMap<>();
            fingerprint.put("learner", id);
            fingerprint.put("architecture", architecture.toMap());
            fingerprint.put("trainer", trainer.toMap());
            fingerprint.put("rows", data.rows());
            fingerprint.put("dim", data.dim());
            fingerprint.put("seed", context.seed());
            Checkpoints checkpoints = context.outputDirectory() == null ? null
                    : new Checkpoints(context.outputDirectory(), fingerprint);
            long started = System.nanoTime();
            history = new SaeTrainer(trainer, listener).train(model, data, context, checkpoints);
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Object> metrics = new LinkedHashMap<>(finalMetrics(model, manager, data, context));
            EpochLog last = history.last();
            if (last != null) {
                metrics.put("loss", last.loss());
                metrics.put("window_dead_fraction", last.windowDeadFraction());
                metrics.put("samples_per_second", last.samplesPerSecond());
            }
            metrics.put("dead_window", history.deadWindow());
            metrics.put("log_every", history.logEvery());
            metrics.put("epochs", history.epochs());
            metrics.put("steps", history.steps());
            Provenance provenance = Provenance.builder().setLearner(id).optSeed(context.seed())
                    .optDevice(trainer.device().name().toLowerCase(Locale.ROOT) + " (" + manager.getDevice() + ")")
                    .optSource(sourceOf(data)).optMetrics(metrics).optTrainingSeconds(seconds).build();
            return new SaeDictionary(id, manager, model, trainer, provenance);
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    /**
     * R², L0 and the dead codes of the final model on every training row, measured by the pass
     * {@code facet eval} makes ({@link DictionaryPass}, rows in order, {@link DictionaryPass#DEFAULT_BATCH}
     * at a time, a whole number of images for the attention encoder), so that they equal what it
     * reports for the same rows.
     */
    private Map<String, Object> finalMetrics(SparseAutoencoder model, NDManager manager, ActivationSource data,
                                             RunContext context) {
        int batch = DictionaryPass.DEFAULT_BATCH;
        if (architecture.encoder() == SaeConfig.EncoderKind.ATTENTION) {
            batch = Math.max(architecture.tokens(), batch - batch % architecture.tokens());
        }
        StreamingEvaluator.Evaluation evaluation;
        try (ProgressTask progress = context.progress().start("final metrics", data.rows(), "rows")) {
            SaeDictionary trained = new SaeDictionary(id, manager, model, trainer, null);
            evaluation = DictionaryPass.evaluate(trained, data, 0, batch, (x, codes, xHat, firstRow) -> {
                context.cancellation().throwIfCancelled("final metrics at row " + firstRow);
                progress.advance(x.rows());
            });
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("rows", evaluation.rows());
        metrics.put("r2", evaluation.r2());
        metrics.put("l0", evaluation.l0());
        metrics.put("dead_count", evaluation.deadCodes().length);
        metrics.put("dead_fraction", evaluation.deadFraction());
        return metrics;
    }

    private Map<String, Object> sourceOf(ActivationSource data) {
        Map<String, Object> described = new LinkedHashMap<>(data.describe());
        described.putAll(source);
        return described;
    }

    /** Builder with required {@code setId}, {@code setArchitecture} and optional settings. */
    public static final class Builder {
        private String id;
        private SaeConfig architecture;
        private TrainerConfig trainer = TrainerConfig.defaults();
        private final List<SaeLoss> extraLosses = new ArrayList<>();
        private TrainingListener listener = TrainingListener.NONE;
        private final Map<String, Object> source = new LinkedHashMap<>();

        public Builder setId(String id) {
            this.id = id;
            return this;
        }

        public Builder setArchitecture(SaeConfig architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder optTrainer(TrainerConfig trainer) {
            this.trainer = trainer;
            return this;
        }

        /** Adds a user loss term to those the architecture names. */
        public Builder optLoss(SaeLoss loss) {
            extraLosses.add(loss);
            return this;
        }

        public Builder optListener(TrainingListener listener) {
            this.listener = listener;
            return this;
        }

        /** Describes the training data for the provenance (store path, model, hook point…). */
        public Builder optSource(Map<String, Object> description) {
            source.putAll(description);
            return this;
        }

        public SaeLearner build() {
            if (id == null || id.isBlank()) {
                throw new ConfigException("SaeLearner: setId is required");
            }
            if (architecture == null) {
                throw new ConfigException("SaeLearner: setArchitecture is required");
            }
            return new SaeLearner(this);
        }
    }
}
