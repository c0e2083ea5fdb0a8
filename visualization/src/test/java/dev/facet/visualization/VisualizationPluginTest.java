package dev.facet.visualization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.Plugin;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.InvalidSettingsException;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryInfo;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import dev.facet.spi.visual.ConceptVisualizer;
import dev.facet.spi.visual.ConceptVisualizerFactory;
import dev.facet.spi.visual.VisualizationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in visualizers as the host finds and runs them, on a linear model of 8 × 8 gray images. */
class VisualizationPluginTest {
    private static final RunContext CONTEXT = RunContext.builder().setOutputDirectory(Path.of("target")).build();
    private static final InputSpec INPUT = LinearBackbone.gray(8, 0.5f, 0.5f);
    private static final Map<String, Object> FAST = Map.of("steps", 4, "crops", 2);

    @TempDir
    Path dir;

    private static Map<String, ConceptVisualizerFactory> factories() {
        return ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(VisualizationPlugin.class::isInstance).flatMap(p -> p.visualizers().stream())
                .collect(Collectors.toMap(ConceptVisualizerFactory::id, f -> f));
    }

    private VisualizationRequest request(Backbone backbone, Tensor sample) {
        return new VisualizationRequest(backbone, LinearBackbone.HOOK, new Identity(), 0,
                Objective.channel(LinearBackbone.HOOK, 0), List.of(), sample, dir.resolve("concept"));
    }

    private static Tensor sample() {
        return new Tensor(new long[] {3, 1, 8, 8}, ObjectiveGradientTest.random(3 * 64, 4));
    }

    @Test
    void theServiceLoaderFindsMacoAndPixelNeedingInputGradients() {
        Map<String, ConceptVisualizerFactory> factories = factories();
        assertEquals(Set.of("maco", "pixel"), factories.keySet());
        for (ConceptVisualizerFactory factory : factories.values()) {
            assertEquals(Set.of(Capability.INPUT_GRADIENTS), factory.requires());
        }
        assertTrue(factories.get("maco").settings().names().containsAll(Set.of("steps", "crops", "optimizer", "spectrum")));
        assertTrue(factories.get("pixel").settings().names().containsAll(Set.of("steps", "jitter", "l2", "tv")));
        assertThrows(InvalidSettingsException.class,
                () -> factories.get("pixel").create(ConfigValues.of("pixel", Map.of("crops", 3))));
    }

    @Test
    void macoWritesThreePicturesFromTheSampleSpectrum() {
        ConceptVisualizer maco = factories().get("maco").create(ConfigValues.of("maco", FAST));
        LinearBackbone model = LinearBackbone.region(INPUT, 2, 6, 2, 6);
        List<Path> pictures = maco.render(request(model, sample()), CONTEXT);
        assertEquals(List.of("image.png", "transparency.png", "product.png"),
                pictures.stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(pictures.stream().allMatch(p -> p.startsWith(dir.resolve("concept")) && Files.isRegularFile(p)));
    }

    @Test
    void macoReadsAConfiguredSpectrumAndNeedsOneOrASample() {
        LinearBackbone model = LinearBackbone.region(INPUT, 2, 6, 2, 6);
        ConceptVisualizer withoutSpectrum = factories().get("maco").create(ConfigValues.of("maco", FAST));
        ConfigException missing = assertThrows(ConfigException.class,
                () -> withoutSpectrum.render(request(model, null), CONTEXT));
        assertTrue(missing.getMessage().contains("spectrum"), missing.getMessage());
        Path file = dir.resolve("spectrum.npy");
        MacoVisualizer.estimate(sample(), INPUT).save(file);
        ConceptVisualizer configured = factories().get("maco").create(ConfigValues.of("maco", FAST).with("spectrum",
                file.toString()));
        assertEquals(3, configured.render(request(model, null), CONTEXT).size());
    }

    @Test
    void pixelWritesThreePicturesAndBothRefuseAForwardOnlyBackbone() {
        LinearBackbone model = LinearBackbone.region(INPUT, 2, 6, 2, 6);
        ConceptVisualizer pixel = factories().get("pixel").create(ConfigValues.of("pixel", Map.of("steps", 3)));
        assertEquals(3, pixel.render(request(model, null), CONTEXT).size());
        for (String id : List.of("maco", "pixel")) {
            ConceptVisualizer visualizer = factories().get(id).create(ConfigValues.of(id, Map.of("steps", 3)));
            MissingCapabilityException refused = assertThrows(MissingCapabilityException.class,
                    () -> visualizer.render(request(model.forwardOnly(), sample()), CONTEXT));
            assertTrue(refused.getMessage().contains("INPUT_GRADIENTS"), refused.getMessage());
        }
    }

    /** A one-concept dictionary whose code is its one-dimensional input. */
    private static final class Identity implements Dictionary {
        @Override
        public DictionaryInfo info() {
            return new DictionaryInfo("identity", 1, 1);
        }

        @Override
        public Codes encode(FloatMatrix x) {
            return Codes.fromDense(x);
        }

        @Override
        public FloatMatrix decode(Codes codes) {
            return codes.toDense();
        }

        @Override
        public FloatMatrix atoms() {
            return FloatMatrix.of(new float[][] {{1}});
        }

        @Override
        public void save(Path directory) {
            throw new UnsupportedOperationException("the test dictionary is never saved");
        }
    }
}
