package dev.facet.attribution.fidelity;

import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;

/**
 * Settings of {@link CausalFidelity}, declared once in {@link #SETTINGS}. The defaults are those of
 * Xplique's {@code Deletion} and {@code Insertion} metrics: {@code steps=10},
 * {@code max_percentage_perturbed=1.0}, {@code baseline_mode=0.0}, {@code batch_size=64}.
 *
 * @param steps                  intervals of the curve: it is read at steps + 1 evenly spaced counts of
 *                               perturbed pixels, from 0 to the maximum
 * @param maxPercentagePerturbed fraction of the pixels perturbed at the last step, in (0, 1]
 * @param baseline               value of a removed pixel (0 is the dataset mean after normalisation)
 * @param blurSigma              when positive, the baseline is the image blurred by a Gaussian of this
 *                               standard deviation in pixels instead of {@code baseline} (Petsiuk et al.
 *                               2018 insert pixels into a blurred image)
 * @param batchSize              perturbed images per forward pass
 */
public record CausalSettings(int steps, double maxPercentagePerturbed, float baseline, double blurSigma,
        int batchSize) {
    static final Setting<Integer> STEPS = Setting.integer("steps",
            "intervals of the deletion/insertion curve (read at steps + 1 pixel counts)").defaultValue(10).range(1, 100000);
    static final Setting<Double> MAX_PERCENTAGE_PERTURBED = Setting.decimal("max_percentage_perturbed",
            "fraction of the pixels perturbed at the last step").defaultValue(1.0).above(0).max(1);
    static final Setting<Double> BASELINE = Setting.decimal("baseline",
            "value of a removed pixel (0 is the dataset mean after normalisation)").defaultValue(0.0).range(-1e6, 1e6);
    static final Setting<Double> BLUR_SIGMA = Setting.decimal("blur_sigma",
            "when > 0, the baseline is the image blurred by a Gaussian of this sigma in pixels").defaultValue(0.0)
            .range(0, 1e4);
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size", "perturbed images per forward pass")
            .defaultValue(64).range(1, 65536);
    /** Every setting of the metric. */
    public static final Settings SETTINGS = Settings.of(STEPS, MAX_PERCENTAGE_PERTURBED, BASELINE, BLUR_SIGMA,
            BATCH_SIZE);

    /** Checks values built without {@link #SETTINGS}. */
    public CausalSettings {
        if (steps < 1) {
            throw ConfigException.outOfRange("steps", steps, ">= 1");
        }
        if (!(maxPercentagePerturbed > 0 && maxPercentagePerturbed <= 1)) {
            throw ConfigException.outOfRange("max_percentage_perturbed", maxPercentagePerturbed, "(0, 1]");
        }
        if (!(blurSigma >= 0)) {
            throw ConfigException.outOfRange("blur_sigma", blurSigma, ">= 0");
        }
        if (batchSize < 1) {
            throw ConfigException.outOfRange("batch_size", batchSize, ">= 1");
        }
    }

    /** The settings of {@code values}, validated by {@link #SETTINGS}. */
    public static CausalSettings from(ConfigValues values) {
        Settings.Values read = SETTINGS.read(values);
        return new CausalSettings(read.get(STEPS), read.get(MAX_PERCENTAGE_PERTURBED),
                read.get(BASELINE).floatValue(), read.get(BLUR_SIGMA), read.get(BATCH_SIZE));
    }

    /** Xplique's defaults. */
    public static CausalSettings defaults() {
        return from(ConfigValues.of("fidelity", java.util.Map.of()));
    }
}
