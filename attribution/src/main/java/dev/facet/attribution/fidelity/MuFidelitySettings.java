package dev.facet.attribution.fidelity;

import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;

/**
 * Settings of {@link MuFidelity}, declared once in {@link #SETTINGS}. The defaults are those of
 * Xplique's {@code MuFidelity}: {@code grid_size=9}, {@code subset_percent=0.2},
 * {@code baseline_mode=0.0}, {@code nb_samples=200}, {@code batch_size=64}.
 *
 * @param gridSize      side of the grid of cells removed together (the image side gives pixel-wise
 *                      subsets, the original definition)
 * @param subsetPercent probability that a cell is removed in a sample
 * @param baseline      value of a removed pixel
 * @param samples       random subsets drawn per image
 * @param batchSize     perturbed images per forward pass
 */
public record MuFidelitySettings(int gridSize, double subsetPercent, float baseline, int samples, int batchSize) {
    static final Setting<Integer> GRID_SIZE = Setting.integer("grid_size",
            "side of the grid of cells removed together (the image side: pixel-wise)").defaultValue(9).range(1, 4096);
    static final Setting<Double> SUBSET_PERCENT = Setting.decimal("subset_percent",
            "probability that a grid cell is removed in a sample").defaultValue(0.2).above(0).max(1);
    static final Setting<Double> BASELINE = Setting.decimal("baseline",
            "value of a removed pixel (0 is the dataset mean after normalisation)").defaultValue(0.0).range(-1e6, 1e6);
    static final Setting<Integer> SAMPLES = Setting.integer("nb_samples", "random subsets drawn per image")
            .defaultValue(200).range(2, 1_000_000);
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size", "perturbed images per forward pass")
            .defaultValue(64).range(1, 65536);
    /** Every setting of the metric. */
    public static final Settings SETTINGS = Settings.of(GRID_SIZE, SUBSET_PERCENT, BASELINE, SAMPLES, BATCH_SIZE);

    /** Checks values built without {@link #SETTINGS}. */
    public MuFidelitySettings {
        if (gridSize < 1) {
            throw ConfigException.outOfRange("grid_size", gridSize, ">= 1");
        }
        if (!(subsetPercent > 0 && subsetPercent <= 1)) {
            throw ConfigException.outOfRange("subset_percent", subsetPercent, "(0, 1]");
        }
        if (samples < 2) {
            throw ConfigException.outOfRange("nb_samples", samples, ">= 2");
        }
        if (batchSize < 1) {
            throw ConfigException.outOfRange("batch_size", batchSize, ">= 1");
        }
    }

    /** The settings of {@code values}, validated by {@link #SETTINGS}. */
    public static MuFidelitySettings from(ConfigValues values) {
        Settings.Values read = SETTINGS.read(values);
        return new MuFidelitySettings(read.get(GRID_SIZE), read.get(SUBSET_PERCENT), read.get(BASELINE).floatValue(),
                read.get(SAMPLES), read.get(BATCH_SIZE));
    }

    /** Xplique's defaults. */
    public static MuFidelitySettings defaults() {
        return from(ConfigValues.of("mu_fidelity", java.util.Map.of()));
    }
}
