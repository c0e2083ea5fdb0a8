package dev.facet.attribution;

import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;

/**
 * Settings of {@link IntegratedGradients}, declared once in {@link #SETTINGS}; defaults follow
 * Xplique and Captum.
 *
 * @param steps      number m of points on the path
 * @param quadrature how the path integral is approximated
 * @param baseline   the reference image x′
 * @param blurSigma  standard deviation of the Gaussian blur of {@link Baseline#BLUR}, pixels
 * @param batchSize  path points per forward and backward pass
 */
public record IntegratedGradientsSettings(int steps, Quadrature quadrature, Baseline baseline, double blurSigma,
                                          int batchSize) {

    /** How {@code ∫₀¹ ∂f/∂x(x′ + α(x − x′)) dα} is approximated from m points. */
    public enum Quadrature {
        /** Gauss–Legendre nodes αₖ = (1 + tₖ)/2, weights ωₖ/2: exact for polynomials of degree < 2m. */
        GAUSS_LEGENDRE,
        /** Riemann trapezoid αₖ = k/(m − 1), k = 0 … m − 1, end points weighted by half. */
        TRAPEZOID
    }

    /** The reference image x′. */
    public enum Baseline {
        /** x′ = 0, the dataset mean after normalisation. */
        ZERO,
        /** x′ = Gaussian blur of x. */
        BLUR
    }

    static final Setting<Integer> STEPS = Setting.integer("steps", "number m of points on the path from x′ to x")
            .defaultValue(50).range(2, 10_000);
    static final Setting<Quadrature> QUADRATURE = Setting.choice("quadrature", Quadrature.class,
            "path integral rule: gauss_legendre or trapezoid (Riemann)").defaultValue(Quadrature.GAUSS_LEGENDRE);
    static final Setting<Baseline> BASELINE = Setting.choice("baseline", Baseline.class,
            "reference image x′: zero or blur (Gaussian blur of x)").defaultValue(Baseline.ZERO);
    static final Setting<Double> BLUR_SIGMA = Setting.decimal("blur_sigma",
            "standard deviation of the Gaussian blur of baseline 'blur', pixels").defaultValue(10.0).above(0).max(1e4);
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size", "path points per forward and backward pass")
            .defaultValue(32).range(1, 65536);
    /** Every setting of the attribution. */
    public static final Settings SETTINGS = Settings.of(STEPS, QUADRATURE, BASELINE, BLUR_SIGMA, BATCH_SIZE);

    /** The settings of {@code values}, validated by {@link #SETTINGS}. */
    public static IntegratedGradientsSettings from(ConfigValues values) {
        Settings.Values read = SETTINGS.read(values);
        return new IntegratedGradientsSettings(read.get(STEPS), read.get(QUADRATURE), read.get(BASELINE),
                read.get(BLUR_SIGMA), read.get(BATCH_SIZE));
    }
}
