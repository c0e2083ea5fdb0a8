package dev.facet.attribution;

import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;

/**
 * Settings of {@link Rise}, declared once in {@link #SETTINGS}; defaults follow Xplique.
 *
 * @param masks     number of random masks N
 * @param grid      side s of the coarse binary grid
 * @param keep      probability p that a grid cell is kept
 * @param batchSize masked images per forward pass
 */
public record RiseSettings(int masks, int grid, double keep, int batchSize) {
    static final Setting<Integer> MASKS = Setting.integer("masks", "number of random masks N")
            .defaultValue(4000).range(1, 1_000_000);
    static final Setting<Integer> GRID = Setting.integer("grid", "side s of the coarse binary mask grid, cells")
            .defaultValue(7).range(1, 1024);
    static final Setting<Double> KEEP = Setting.decimal("keep_probability", "probability p that a grid cell is kept")
            .defaultValue(0.5).above(0).max(1);
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size", "masked images per forward pass")
            .defaultValue(32).range(1, 65536);
    /** Every setting of the attribution. */
    public static final Settings SETTINGS = Settings.of(MASKS, GRID, KEEP, BATCH_SIZE);

    /** The settings of {@code values}, validated by {@link #SETTINGS}. */
    public static RiseSettings from(ConfigValues values) {
        Settings.Values read = SETTINGS.read(values);
        return new RiseSettings(read.get(MASKS), read.get(GRID), read.get(KEEP), read.get(BATCH_SIZE));
    }
}
