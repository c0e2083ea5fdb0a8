package dev.facet.attribution;

import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;

/**
 * Settings of {@link SobolAttribution}, declared once in {@link #SETTINGS}; defaults follow Xplique.
 *
 * @param grid         side s of the mask grid; d = s² cells
 * @param designs      number N of Sobol designs, a power of two
 * @param perturbation how a mask perturbs the image
 * @param blurSigma    standard deviation of the Gaussian blur of {@link Perturbation#BLUR}, pixels
 * @param batchSize    masked images per forward pass
 */
public record SobolSettings(int grid, int designs, Perturbation perturbation, double blurSigma, int batchSize) {
    /** The Sobol sequence has 2d = 2s² dimensions; commons-math's direction numbers reach 1000. */
    static final int MAX_GRID = 22;

    /** How a mask M perturbs the image x. */
    public enum Perturbation {
        /** {@code x·M}: masked-out pixels go to 0, the dataset mean after normalisation. */
        INPAINTING,
        /** {@code x·M + (1 − M)·blur(x)}. */
        BLUR
    }

    static final Setting<Integer> GRID = Setting.integer("grid", "side s of the mask grid, cells (d = s² indices)")
            .defaultValue(8).range(1, MAX_GRID);
    static final Setting<Integer> DESIGNS = Setting.integer("designs", "number N of Sobol designs, a power of two")
            .defaultValue(32).range(2, 1 << 20);
    static final Setting<Perturbation> PERTURBATION = Setting.choice("perturbation", Perturbation.class,
            "how a mask M perturbs the image x: inpainting x·M or blur x·M + (1 − M)·blur(x)")
            .defaultValue(Perturbation.INPAINTING);
    static final Setting<Double> BLUR_SIGMA = Setting.decimal("blur_sigma",
            "standard deviation of the Gaussian blur of perturbation 'blur', pixels")
            .defaultValue(10.0).above(0).max(1e4);
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size", "masked images per forward pass")
            .defaultValue(32).range(1, 65536);
    /** Every setting of the attribution. */
    public static final Settings SETTINGS = Settings.of(GRID, DESIGNS, PERTURBATION, BLUR_SIGMA, BATCH_SIZE);

    /** Checks what {@link #SETTINGS} cannot: N a power of two (the Sobol sequence's balance needs it). */
    public SobolSettings {
        if (grid < 1 || grid > MAX_GRID) {
            throw ConfigException.outOfRange("sobol grid", grid, "[1, " + MAX_GRID + "]");
        }
        if (designs < 2 || Integer.bitCount(designs) != 1) {
            throw ConfigException.outOfRange("sobol designs", designs, "a power of two >= 2");
        }
    }

    /** The settings of {@code values}, validated by {@link #SETTINGS}. */
    public static SobolSettings from(ConfigValues values) {
        Settings.Values read = SETTINGS.read(values);
        return new SobolSettings(read.get(GRID), read.get(DESIGNS), read.get(PERTURBATION), read.get(BLUR_SIGMA),
                read.get(BATCH_SIZE));
    }
}
