package dev.facet.pipeline.explain;

import dev.facet.plugins.FacetRegistry;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.dictionary.DifferentiableDictionary;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.config.ConfigValues;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An attribution method by id with its settings, made only after the checks that need no forward pass:
 * the method exists, its settings are valid, the backbone provides what it requires (a gradient method
 * needs {@link Capability#INPUT_GRADIENTS}) and, for a gradient method explaining a concept, the
 * dictionary differentiates its encoder ({@link Capability#ENCODER_GRADIENTS}).
 *
 * @param id      the attribution's id ({@code occlusion}, {@code rise}, {@code integrated-gradients}, ...)
 * @param options its settings, as {@code key=value} options or a config object give them
 */
public record ExplainMethod(String id, Map<String, Object> options) {

    public ExplainMethod {
        if (id == null || id.isBlank()) {
            throw new ConfigException("explain method: expected an attribution id such as occlusion");
        }
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Checks the method and its settings without a backbone, so a typo fails before any model is loaded. */
    public void validate(FacetRegistry registry) {
        registry.attribution(id).create(settings());
    }

    /**
     * The attribution, checked against the backbone and the target.
     *
     * @param dictionary the dictionary of a concept target, else {@code null}
     * @throws MissingCapabilityException when the backbone or the dictionary lacks what the method needs
     */
    public Attribution create(FacetRegistry registry, BackboneInfo backbone, ExplainTarget target, Dictionary dictionary) {
        AttributionFactory factory = registry.attribution(id);
        registry.requireCompatible(factory, backbone);
        if (target instanceof ExplainTarget.ConceptTarget && factory.requires().contains(Capability.INPUT_GRADIENTS)
                && !(dictionary instanceof DifferentiableDictionary)) {
            throw new MissingCapabilityException("attribution '" + id + "' of a concept",
                    EnumSet.of(Capability.ENCODER_GRADIENTS), "the dictionary", EnumSet.noneOf(Capability.class));
        }
        return factory.create(settings());
    }

    private ConfigValues settings() {
        return ConfigValues.of("explain method " + id, options);
    }
}
