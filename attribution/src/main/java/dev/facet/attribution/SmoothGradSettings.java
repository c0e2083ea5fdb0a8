package dev.facet.attribution;

import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;

/**
 * Settings of {@link SmoothGrad}, declared once in {@link #SETTINGS}; defaults follow Xplique.
 *
 * @param samples   number n of noisy copies per image
 * @param noise     σ as a fraction of the image's value range, σ = noise·(max x − min x)
 * @param statistic which statistic of the noisy gradients is mapped
 * @param batchSize noisy copies per forward and backward pass
 */
public record SmoothGradSettings(int samples, double noise, Statistic statistic, int batchSize) {

    /** Which statistic of the noisy gradients is mapped. */
    public enum Statistic {
        /** SmoothGrad (Smilkov et al. 2017): the mean. */
        MEAN,
        /** VarGrad (Adebayo et al. 2018): the variance. */
        VARIANCE
    }

    static final Setting<Integer> SAMPLES = Setting.integer("samples", "number n of noisy copies per image")
            .defaultValue(50).range(1, 100_000);
    static final Setting<Double> NOISE = Setting.decimal("noise",
            "noise σ as a fraction of each image's value range, σ = noise·(max x − min x)").defaultValue(0.15).above(0).max(10);
    static final Setting<Statistic> STATISTIC = Setting.choice("statistic", Statistic.class,
            "statistic of the noisy gradients: mean (SmoothGrad) or variance (VarGrad)").defaultValue(Statistic.MEAN);
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size", "noisy copies per forward and backward pass")
            .defaultValue(32).range(1, 65536);
    /** Every setting of the attribution. */
    public static final Settings SETTINGS = Settings.of(SAMPLES, NOISE, STATISTIC, BATCH_SIZE);

    /** The settings of {@code values}, validated by {@link #SETTINGS}. */
    public static SmoothGradSettings from(ConfigValues values) {
        Settings.Values read = SETTINGS.read(values);
        return new SmoothGradSettings(read.get(SAMPLES), read.get(NOISE), read.get(STATISTIC), read.get(BATCH_SIZE));
    }
}
