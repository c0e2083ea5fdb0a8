package dev.facet.visualization;

import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;

/**
 * Settings of {@link PixelVisualization}, the pixel-space baseline of Olah et al. 2017 ("Feature
 * Visualization", Distill), declared once in {@link #SETTINGS}.
 *
 * @param steps        optimisation steps
 * @param learningRate Adam's step size on the pixel logits
 * @param jitter       largest circular shift per axis of each jittered copy, pixels
 * @param l2           weight of the penalty mean((x − 0.5)²)
 * @param tv           weight of the total-variation penalty (mean absolute difference of neighbours)
 * @param size         side of the optimised image in pixels; 0 for the model's input size
 * @param batchSize    jittered copies per step, evaluated in one forward pass
 */
public record PixelSettings(int steps, double learningRate, int jitter, double l2, double tv, int size, int batchSize) {
    static final Setting<Integer> STEPS = Setting.integer("steps", "optimisation steps")
            .defaultValue(256).range(1, 100_000);
    static final Setting<Double> LEARNING_RATE = Setting.decimal("learning_rate", "Adam's step size on the pixel logits")
            .defaultValue(0.05).above(0);
    static final Setting<Integer> JITTER = Setting.integer("jitter",
            "largest circular shift per axis of each jittered copy, pixels").defaultValue(2).range(0, 1024);
    static final Setting<Double> L2 = Setting.decimal("l2", "weight of the penalty mean((x - 0.5)^2)")
            .defaultValue(0.01).min(0);
    static final Setting<Double> TV = Setting.decimal("tv",
            "weight of the total-variation penalty, the mean absolute difference of neighbouring pixels")
            .defaultValue(0.05).min(0);
    static final Setting<Integer> SIZE = Setting.integer("size", "side of the optimised image, pixels; 0 for the model's input size")
            .defaultValue(0).range(0, 4096);
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size",
            "jittered copies per step, evaluated in one forward pass").defaultValue(4).range(1, 65536);
    /** Every setting of the pixel-space baseline. */
    public static final Settings SETTINGS = Settings.of(STEPS, LEARNING_RATE, JITTER, L2, TV, SIZE, BATCH_SIZE);

    /** The defaults. */
    public static PixelSettings defaults() {
        return from(ConfigValues.empty());
    }

    /** The settings of {@code values}, validated by {@link #SETTINGS}. */
    public static PixelSettings from(ConfigValues values) {
        Settings.Values read = SETTINGS.read(values);
        return new PixelSettings(read.get(STEPS), read.get(LEARNING_RATE), read.get(JITTER), read.get(L2), read.get(TV),
                read.get(SIZE), read.get(BATCH_SIZE));
    }
}
