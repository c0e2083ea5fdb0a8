package dev.facet.attribution;

import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;

/**
 * Settings of {@link Occlusion}, declared once in {@link #SETTINGS}.
 *
 * @param window    side of the square occluding patch, in pixels
 * @param stride    step between patch positions, in pixels, {@code <= window} so every pixel is covered
 * @param baseline  value written into the occluded pixels (0 is the dataset mean after normalisation)
 * @param batchSize occluded images per forward pass
 */
public record OcclusionSettings(int window, int stride, float baseline, int batchSize) {
    static final Setting<Integer> WINDOW = Setting.integer("window", "side of the square occluding patch, pixels")
            .defaultValue(8).range(1, 4096);
    static final Setting<Integer> STRIDE = Setting.integer("stride",
                    "step between patch positions, pixels, at most window")
            .derivedDefault("window / 2", v -> Math.max(1, v.get(WINDOW) / 2)).range(1, 4096);
    static final Setting<Double> BASELINE = Setting.decimal("baseline",
            "value written into the occluded pixels (0 is the dataset mean after normalisation)")
            .defaultValue(0.0).range(-1e6, 1e6);
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size", "occluded images per forward pass")
            .defaultValue(32).range(1, 65536);
    /** Every setting of the attribution. */
    public static final Settings SETTINGS = Settings.of(WINDOW, STRIDE, BASELINE, BATCH_SIZE);

    /** Checks how the values combine; each one alone is checked by {@link #SETTINGS}. */
    public OcclusionSettings {
        if (stride < 1 || stride > window) {
            throw ConfigException.outOfRange("occlusion stride", stride, "[1, window=" + window + "]");
        }
    }

    /** The settings of {@code values}, validated by {@link #SETTINGS}. */
    public static OcclusionSettings from(ConfigValues values) {
        Settings.Values read = SETTINGS.read(values);
        return new OcclusionSettings(read.get(WINDOW), read.get(STRIDE), read.get(BASELINE).floatValue(),
                read.get(BATCH_SIZE));
    }
}
