package dev.facet.visualization;

import dev.facet.spi.ConfigException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.DifferentiableBackbone;
import java.util.Objects;

/**
 * The builder steps every feature-visualization method shares (DJL style: required {@code setX}, optional
 * {@code optX}): the backbone, refused at once unless it differentiates its input; the objective; the
 * method's settings, its published defaults unless set.
 *
 * @param <B> the method's own builder
 * @param <S> the method's settings
 */
public abstract class VisualizationBuilder<B extends VisualizationBuilder<B, S>, S> {
    private final String method;
    DifferentiableBackbone backbone;
    Objective objective;
    S settings;

    VisualizationBuilder(String method, S defaults) {
        this.method = method;
        this.settings = defaults;
    }

    abstract B self();

    /**
     * The model to visualize (required).
     *
     * @throws dev.facet.spi.MissingCapabilityException naming INPUT_GRADIENTS and the model when the backbone
     *                                                  cannot differentiate its input
     */
    public B setBackbone(Backbone backbone) {
        this.backbone = ObjectiveGradient.require(Objects.requireNonNull(backbone, "backbone"), method);
        return self();
    }

    /** What to ascend (required): a concept, a class logit, a channel or a direction. */
    public B setObjective(Objective objective) {
        this.objective = Objects.requireNonNull(objective, "objective");
        return self();
    }

    /** The method's settings; its published defaults when not set. */
    public B optSettings(S settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        return self();
    }

    /** Refuses a build without the backbone or the objective, naming the call that is missing. */
    void requireSet(String owner) {
        if (backbone == null || objective == null) {
            throw new ConfigException(owner + ": missing required "
                    + (backbone == null ? "backbone (call setBackbone)" : "objective (call setObjective)"));
        }
    }
}
