package dev.facet.visualization;

import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import dev.facet.visualization.optim.OptimizerKind;

/**
 * Settings of {@link Maco}, declared once in {@link #SETTINGS}; defaults follow Fel et al. 2023
 * ("Unlocking Feature Visualization for Deeper Networks with MAgnitude Constrained Optimization").
 *
 * @param steps         optimisation steps
 * @param crops         random crops per step, each resized to the model's input
 * @param learningRate  step size of the phase optimiser
 * @param optimizer     Adam or Nadam
 * @param noise         σ of the noise N(0, σ) + U(−σ/2, σ/2) added to every crop pixel
 * @param size          side of the optimised image in pixels; 0 for the model's input size
 * @param batchSize     crops per forward pass
 */
public record MacoSettings(int steps, int crops, double learningRate, OptimizerKind optimizer, double noise,
                           int size, int batchSize) {
    static final Setting<Integer> STEPS = Setting.integer("steps", "optimisation steps")
            .defaultValue(256).range(1, 100_000);
    static final Setting<Integer> CROPS = Setting.integer("crops", "random crops per step, each resized to the model's input")
            .defaultValue(32).range(1, 4096);
    static final Setting<Double> LEARNING_RATE = Setting.decimal("learning_rate", "step size of the phase optimiser")
            .defaultValue(1.0).above(0);
    static final Setting<OptimizerKind> OPTIMIZER = Setting.choice("optimizer", OptimizerKind.class,
            "optimiser of the phase").defaultValue(OptimizerKind.NADAM);
    static final Setting<Double> NOISE = Setting.decimal("noise",
            "sigma of the noise N(0, sigma) + U(-sigma/2, sigma/2) added to every crop pixel").defaultValue(0.08).min(0);
    static final Setting<Integer> SIZE = Setting.integer("size", "side of the optimised image, pixels; 0 for the model's input size")
            .defaultValue(0).range(0, 4096);
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size", "crops per forward pass")
            .defaultValue(32).range(1, 65536);
    /** Every setting of MACO. */
    public static final Settings SETTINGS = Settings.of(STEPS, CROPS, LEARNING_RATE, OPTIMIZER, NOISE, SIZE, BATCH_SIZE);

    /** The published defaults. */
    public static MacoSettings defaults() {
        return from(ConfigValues.empty());
    }

    /** The settings of {@code values}, validated by {@link #SETTINGS}. */
    public static MacoSettings from(ConfigValues values) {
        Settings.Values read = SETTINGS.read(values);
        return new MacoSettings(read.get(STEPS), read.get(CROPS), read.get(LEARNING_RATE), read.get(OPTIMIZER),
                read.get(NOISE), read.get(SIZE), read.get(BATCH_SIZE));
    }
}
