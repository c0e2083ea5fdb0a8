package dev.facet.attribution;

import dev.facet.spi.Capability;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Settings;
import java.util.Set;
import java.util.function.Function;

/**
 * Registers one gradient attribution; every one requires {@link Capability#INPUT_GRADIENTS}, so the
 * host refuses a forward-only backbone (ONNX) before running.
 */
final class GradientFactory implements AttributionFactory {
    private final String id;
    private final String description;
    private final Settings settings;
    private final Function<ConfigValues, Attribution> creator;

    private GradientFactory(String id, String description, Settings settings,
                            Function<ConfigValues, Attribution> creator) {
        this.id = id;
        this.description = description;
        this.settings = settings;
        this.creator = creator;
    }

    static GradientFactory saliency() {
        return new GradientFactory(Saliency.ID, "Saliency (Simonyan et al. 2014): max over channels of |∂f/∂x|",
                GradientSettings.SETTINGS, values -> new Saliency(GradientSettings.from(values)));
    }

    static GradientFactory gradientInput() {
        return new GradientFactory(GradientInput.ID, "Gradient × input (Shrikumar et al. 2017): Σ over channels of x·∂f/∂x",
                GradientSettings.SETTINGS, values -> new GradientInput(GradientSettings.from(values)));
    }

    static GradientFactory integratedGradients() {
        return new GradientFactory(IntegratedGradients.ID,
                "Integrated gradients (Sundararajan et al. 2017): (x − x′)·∫ ∂f/∂x along the straight path",
                IntegratedGradientsSettings.SETTINGS, values -> new IntegratedGradients(IntegratedGradientsSettings.from(values)));
    }

    static GradientFactory smoothGrad() {
        return new GradientFactory(SmoothGrad.ID,
                "SmoothGrad / VarGrad (Smilkov et al. 2017; Adebayo et al. 2018): mean or variance of noisy gradients",
                SmoothGradSettings.SETTINGS, values -> new SmoothGrad(SmoothGradSettings.from(values)));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.INPUT_GRADIENTS);
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Attribution create(ConfigValues values) {
        return creator.apply(values);
    }
}
