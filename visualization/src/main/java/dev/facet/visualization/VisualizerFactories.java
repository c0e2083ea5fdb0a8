package dev.facet.visualization;

import dev.facet.spi.Capability;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import dev.facet.spi.visual.ConceptVisualizer;
import dev.facet.spi.visual.ConceptVisualizerFactory;
import dev.facet.visualization.maco.MagnitudeSpectrum;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The factories of the built-in feature visualizers, ids {@code maco} and {@code pixel}. */
final class VisualizerFactories {
    static final Setting<String> SPECTRUM = Setting.string("spectrum",
            "a .npy magnitude spectrum (c, h, w/2+1); estimated from the run's dataset sample when not given").optional();

    private VisualizerFactories() {
    }

    /** MACO (Fel et al. 2023) with the settings of {@link MacoSettings} and an optional spectrum file. */
    static ConceptVisualizerFactory maco() {
        return new Factory("maco", "MACO feature visualization (Fel et al. 2023): learned phase of a natural magnitude"
                + " spectrum; image, transparency and their product", MacoSettings.SETTINGS.and(Settings.of(SPECTRUM))) {
            @Override
            public ConceptVisualizer create(ConfigValues values) {
                String spectrum = settings().read(values).get(SPECTRUM);
                Map<String, Object> rest = new LinkedHashMap<>(values.asMap());
                rest.remove(SPECTRUM.name());
                return new MacoVisualizer(MacoSettings.from(ConfigValues.of(values.source(), rest)),
                        spectrum == null ? null : MagnitudeSpectrum.load(Path.of(spectrum)));
            }
        };
    }

    /** The pixel-space baseline (Olah et al. 2017) with the settings of {@link PixelSettings}. */
    static ConceptVisualizerFactory pixel() {
        return new Factory("pixel", "Pixel-space feature visualization (Olah et al. 2017): pixels under jitter, L2 and"
                + " total variation; image, transparency and their product", PixelSettings.SETTINGS) {
            @Override
            public ConceptVisualizer create(ConfigValues values) {
                return new PixelVisualizer(PixelSettings.from(values));
            }
        };
    }

    /** What both factories share: id, description, settings and the need for input gradients. */
    private abstract static class Factory implements ConceptVisualizerFactory {
        private final String id;
        private final String description;
        private final Settings settings;

        Factory(String id, String description, Settings settings) {
            this.id = id;
            this.description = description;
            this.settings = settings;
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
        public Settings settings() {
            return settings;
        }

        @Override
        public Set<Capability> requires() {
            return Set.of(Capability.INPUT_GRADIENTS);
        }
    }
}
