package dev.facet.attribution;

import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;

/**
 * Settings of {@link Saliency} and {@link GradientInput}, declared once in {@link #SETTINGS}.
 *
 * @param batchSize images per forward and backward pass
 */
public record GradientSettings(int batchSize) {
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size", "images per forward and backward pass")
            .defaultValue(32).range(1, 65536);
    /** Every setting of the attribution. */
    public static final Settings SETTINGS = Settings.of(BATCH_SIZE);

    /** The settings of {@code values}, validated by {@link #SETTINGS}. */
    public static GradientSettings from(ConfigValues values) {
        return new GradientSettings(SETTINGS.read(values).get(BATCH_SIZE));
    }
}
