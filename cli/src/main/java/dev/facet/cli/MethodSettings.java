package dev.facet.cli;

import dev.facet.spi.ConfigException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Settings;
import dev.facet.spi.run.RunContext;
import dev.facet.visualization.FeatureVisualization;
import dev.facet.visualization.Maco;
import dev.facet.visualization.MacoSettings;
import dev.facet.visualization.PixelSettings;
import dev.facet.visualization.PixelVisualization;
import dev.facet.visualization.VisualizationMethod;
import dev.facet.visualization.maco.MagnitudeSpectrum;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A feature-visualization method of {@code facet visualize} with its settings, validated by the method's own
 * declaration ({@link MacoSettings#SETTINGS}, Fel et al. 2023; {@link PixelSettings#SETTINGS}, Olah et al. 2017).
 *
 * @param method the method
 * @param values the settings given, the rest defaulting
 */
record MethodSettings(VisualizationMethod method, ConfigValues values) {

    /**
     * @throws ConfigException naming the setting when a value is invalid or unknown to the method
     */
    MethodSettings {
        declared().get(method).read(values);
    }

    /** The settings of each method, in the order the help lists them. */
    static Map<VisualizationMethod, Settings> declared() {
        Map<VisualizationMethod, Settings> settings = new LinkedHashMap<>();
        settings.put(VisualizationMethod.MACO, MacoSettings.SETTINGS);
        settings.put(VisualizationMethod.PIXEL, PixelSettings.SETTINGS);
        return settings;
    }

    /** The method's id as {@code --method} takes it: {@code maco}, {@code pixel}. */
    static String id(VisualizationMethod method) {
        return method.name().toLowerCase(Locale.ROOT);
    }

    /** The ids of every method. */
    static List<String> ids() {
        return Arrays.stream(VisualizationMethod.values()).map(MethodSettings::id).toList();
    }

    /**
     * The method {@code id} names.
     *
     * @throws ConfigException listing the methods when it names none
     */
    static VisualizationMethod parse(String id, String field) {
        for (VisualizationMethod method : VisualizationMethod.values()) {
            if (id(method).equals(id.trim().toLowerCase(Locale.ROOT))) {
                return method;
            }
        }
        throw new ConfigException(field + ": expected one of " + String.join(", ", ids()) + ", found '" + id + "'");
    }

    /** Every setting with its value, defaults filled in, as recorded in {@code visualize.json}. */
    Map<String, Object> resolved() {
        return declared().get(method).read(values).toMap();
    }

    /** Crops or jittered copies per forward pass. */
    int batchSize() {
        return method == VisualizationMethod.MACO ? MacoSettings.from(values).batchSize()
                : PixelSettings.from(values).batchSize();
    }

    /**
     * Refuses, before any work, a backbone the method cannot run on.
     *
     * @throws dev.facet.spi.MissingCapabilityException naming INPUT_GRADIENTS and the model when the backbone
     *                                                  cannot differentiate its input
     */
    void requireBackbone(Backbone backbone) {
        if (method == VisualizationMethod.MACO) {
            Maco.builder().setBackbone(backbone);
        } else {
            PixelVisualization.builder().setBackbone(backbone);
        }
    }

    /** Optimises an image for {@code objective}; {@code spectrum} is MACO's, unused by the pixel baseline. */
    FeatureVisualization run(Backbone backbone, Objective objective, MagnitudeSpectrum spectrum,
            RunContext context) {
        if (method == VisualizationMethod.MACO) {
            return Maco.builder().setBackbone(backbone).setObjective(objective).setSpectrum(spectrum)
                    .optSettings(MacoSettings.from(values)).run(context);
        }
        return PixelVisualization.builder().setBackbone(backbone).setObjective(objective)
                .optSettings(PixelSettings.from(values)).run(context);
    }
}
