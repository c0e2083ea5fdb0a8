package dev.facet.dictionaries.sae.train;

import dev.facet.spi.ConfigException;
import dev.facet.spi.Device;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import java.util.Map;

/**
 * How a sparse autoencoder is trained (docs/algorithms.md#training-loop). Each knob is one
 * {@link Setting} of {@link #SETTINGS}, declared once below; the accessors read the validated
 * values and {@link #toMap()} is what {@code config.json} saves.
 *
 * @param values the validated values (settings of other schemas in it are dropped)
 */
public record TrainerConfig(Settings.Values values) {

    /** Initial value of b_dec. */
    public enum BiasInit { GEOMETRIC_MEDIAN, MEAN, ZERO }

    /** Which step implementation trains the model. */
    public enum Compute { AUTO, SPARSE, DENSE }

    /** The fewest step logs a run of at least this many steps gets when {@code log_every} is 0. */
    public static final int STEP_LOGS = 50;
    /** The dead-latent window is at most 1/this of the run's samples, so that it fits a short run. */
    public static final int DEAD_WINDOW_RUN_FRACTION = 4;

    public static final Setting<Integer> EPOCHS = Setting.integer("epochs", "passes over the data")
            .defaultValue(1).range(1, 1_000_000);
    public static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size", "rows per step")
            .defaultValue(1024).range(1, 1 << 24);
    public static final Setting<Double> LR = Setting.decimal("lr", "base learning rate of Adam")
            .defaultValue(5e-4).above(0).max(10);
    public static final Setting<Double> FINAL_LR = Setting.decimal("final_lr",
                    "learning rate at the end of the cosine decay, at most lr")
            .derivedDefault("lr / 10", v -> v.get(LR) / 10).range(0, 10);
    public static final Setting<Integer> WARMUP_STEPS = Setting.integer("warmup_steps",
            "linear warm-up steps; -1 for 5 % of the steps (at most 1,000)").defaultValue(-1).min(-1);
    public static final Setting<Double> CLIP_NORM = Setting.decimal("clip_norm",
            "gradient-norm clipping threshold, 0 for none").defaultValue(1.0).min(0);
    public static final Setting<Boolean> NORMALISE_INPUT = Setting.bool("normalise_input",
            "scale inputs so that E‖x‖² = d (folded into the saved weights)").defaultValue(false);
    public static final Setting<Long> DEAD_WINDOW = Setting.longInteger("dead_window",
            "samples without firing after which a latent counts as dead, at most a quarter of the run's samples")
            .defaultValue(10_000_000L).min(1);
    public static final Setting<BiasInit> BIAS_INIT = Setting.choice("bias_init", BiasInit.class,
            "initial decoder bias b_dec").defaultValue(BiasInit.GEOMETRIC_MEDIAN);
    public static final Setting<Integer> MEDIAN_SAMPLE = Setting.integer("median_sample",
            "rows used for the decoder-bias and input-scale estimates").defaultValue(4096).range(1, 1 << 24);
    public static final Setting<Integer> CHECKPOINT_EVERY = Setting.integer("checkpoint_every",
            "steps between checkpoints, 0 for the end of each epoch only").defaultValue(500).min(0);
    public static final Setting<Integer> LOG_EVERY = Setting.integer("log_every",
            "steps between step logs; 0 for at least " + TrainerConfig.STEP_LOGS + " logs per run (every ⌊steps/"
                    + TrainerConfig.STEP_LOGS + "⌋ steps, at least 1)").defaultValue(0).min(0);
    public static final Setting<Compute> COMPUTE = Setting.choice("compute", Compute.class,
            "sparse TopK step, the dense reference, or auto (sparse where it applies)").defaultValue(Compute.AUTO);
    public static final Setting<Device> DEVICE = Setting.choice("device", Device.class, "where the training runs")
            .defaultValue(Device.CPU);
    public static final Setting<Boolean> SHUFFLE = Setting.bool("shuffle",
            "visit the rows in a seeded random order each epoch").defaultValue(true);

    /** Every training setting, in the order {@code config.json} saves them. */
    public static final Settings SETTINGS = Settings.of(EPOCHS, BATCH_SIZE, LR, FINAL_LR, WARMUP_STEPS, CLIP_NORM,
            NORMALISE_INPUT, DEAD_WINDOW, BIAS_INIT, MEDIAN_SAMPLE, CHECKPOINT_EVERY, LOG_EVERY, COMPUTE, DEVICE,
            SHUFFLE);

    /** Keeps the training settings of {@code values} and checks how they combine. */
    public TrainerConfig {
        values = values.select(SETTINGS);
        double lr = values.get(LR);
        double finalLr = values.get(FINAL_LR);
        if (finalLr > lr) {
            throw ConfigException.outOfRange("final_lr", finalLr, "[0, lr = " + lr + "]");
        }
    }

    /** Defaults for every key. */
    public static TrainerConfig defaults() {
        return from(ConfigValues.empty());
    }

    /** The training keys of {@code values} alone (other keys are refused). */
    public static TrainerConfig from(ConfigValues values) {
        return new TrainerConfig(SETTINGS.read(values));
    }

    /** Warm-up steps for a run of {@code totalSteps}. */
    public long warmup(long totalSteps) {
        return warmupSteps() >= 0 ? Math.min(warmupSteps(), totalSteps) : Math.min(1000, totalSteps / 20);
    }

    /**
     * Steps between step logs in a run of {@code totalSteps}: {@code log_every}, or when it is 0
     * ⌊totalSteps/{@value #STEP_LOGS}⌋ (at least 1), which gives at least {@value #STEP_LOGS} evenly
     * spaced logs (every step of a shorter run).
     */
    public long logEvery(long totalSteps) {
        return logEvery() > 0 ? logEvery() : Math.max(1, totalSteps / STEP_LOGS);
    }

    /**
     * The dead-latent window of a run over {@code totalSamples} samples: {@code dead_window}, capped
     * at ⌈totalSamples/{@value #DEAD_WINDOW_RUN_FRACTION}⌉ so that a run shorter than the window
     * still sees latents die (docs/algorithms.md#dead-latents).
     */
    public long deadWindow(long totalSamples) {
        long quarter = (totalSamples + DEAD_WINDOW_RUN_FRACTION - 1) / DEAD_WINDOW_RUN_FRACTION;
        return Math.max(1, Math.min(deadWindow(), quarter));
    }

    /** The keys and values as saved in {@code config.json}. */
    public Map<String, Object> toMap() {
        return values.toMap();
    }

    public int epochs() {
        return values.get(EPOCHS);
    }

    public int batchSize() {
        return values.get(BATCH_SIZE);
    }

    public double lr() {
        return values.get(LR);
    }

    public double finalLr() {
        return values.get(FINAL_LR);
    }

    public int warmupSteps() {
        return values.get(WARMUP_STEPS);
    }

    public double clipNorm() {
        return values.get(CLIP_NORM);
    }

    public boolean normaliseInput() {
        return values.get(NORMALISE_INPUT);
    }

    public long deadWindow() {
        return values.get(DEAD_WINDOW);
    }

    public BiasInit biasInit() {
        return values.get(BIAS_INIT);
    }

    public int medianSample() {
        return values.get(MEDIAN_SAMPLE);
    }

    public int checkpointEvery() {
        return values.get(CHECKPOINT_EVERY);
    }

    public int logEvery() {
        return values.get(LOG_EVERY);
    }

    public Compute compute() {
        return values.get(COMPUTE);
    }

    public Device device() {
        return values.get(DEVICE);
    }

    public boolean shuffle() {
        return values.get(SHUFFLE);
    }
}
