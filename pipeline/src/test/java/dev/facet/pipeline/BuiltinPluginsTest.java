package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.facet.attribution.OcclusionFactory;
import dev.facet.extractors.onnx.OnnxBackboneFactory;
import dev.facet.plugins.FacetRegistry;
import dev.facet.plugins.LoadedPlugin;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.Capability;
import dev.facet.spi.FacetVersion;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.backbone.VectorLayout;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The built-in plugins as the host sees them when every component module is on the classpath. */
class BuiltinPluginsTest {

    @Test
    void eachComponentModuleRegistersItsOwnPlugin() {
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            FacetRegistry registry = plugins.registry();
            assertEquals(List.of("facet-attribution", "facet-dictionaries", "facet-extractors", "facet-visualization"),
                    registry.plugins().stream().map(p -> p.descriptor().id()).sorted().toList());
            for (LoadedPlugin builtin : registry.plugins()) {
                assertEquals(FacetVersion.get(), builtin.descriptor().version());
                assertFalse(builtin.source().fromDirectory());
            }
            assertInstanceOf(OcclusionFactory.class, registry.attribution("occlusion"));
            assertInstanceOf(OnnxBackboneFactory.class, registry.backbone("onnx"));
            Map<String, AttributionFactory> bound = plugins.injector().getInstance(
                    Key.get(new TypeLiteral<Map<String, AttributionFactory>>() { }));
            assertEquals(Set.of("occlusion", "rise", "sobol", "saliency", "gradient-input", "integrated-gradients",
                    "smoothgrad"), bound.keySet());
        }
    }

    @Test
    void unknownIdsListWhatIsAvailable() {
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            UnknownComponentException e = assertThrows(UnknownComponentException.class,
                    () -> plugins.registry().attribution("oclusion"));
            assertEquals("Unknown attribution 'oclusion'; available: [gradient-input, integrated-gradients, "
                    + "occlusion, rise, saliency, smoothgrad, sobol]", e.getMessage());
            assertEquals("Unknown backbone 'onx'; available: [onnx, torchscript]",
                    assertThrows(UnknownComponentException.class, () -> plugins.registry().backbone("onx")).getMessage());
            assertEquals("Unknown learner 'topkk'; available: [archetypal, batchtopk, convex-nmf, "
                    + "dictionary-learning, ica, jumprelu, kmeans, matryoshka, mp, nmf, omp, pca, relu, semi-nmf, "
                    + "sparse-pca, svd, topk]",
                    assertThrows(UnknownComponentException.class, () -> plugins.registry().learner("topkk")).getMessage());
            assertEquals("Unknown visualizer 'macco'; available: [maco, pixel]",
                    assertThrows(UnknownComponentException.class, () -> plugins.registry().visualizer("macco")).getMessage());
        }
    }

    @Test
    void refusesAnAttributionTheBackboneCannotServe() {
        InputSpec gray = new InputSpec(1, 8, 8, ChannelOrder.GRAY, ResizeMode.STRETCH, new float[] {0}, new float[] {1});
        List<HookPoint> hooks = List.of(new HookPoint("logits", new VectorLayout(10)));
        BackboneInfo noForward = new BackboneInfo("embeddings-only", gray, hooks, Set.of());
        BackboneInfo forward = new BackboneInfo("vit.onnx", gray, hooks, Set.of(Capability.FORWARD));
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            FacetRegistry registry = plugins.registry();
            MissingCapabilityException e = assertThrows(MissingCapabilityException.class,
                    () -> registry.requireCompatible(registry.attribution("occlusion"), noForward));
            assertEquals("attribution 'occlusion' requires [FORWARD] but backbone 'embeddings-only' provides []; "
                    + "missing [FORWARD]", e.getMessage());
            registry.requireCompatible(registry.attribution("occlusion"), forward);
            MissingCapabilityException gradients = assertThrows(MissingCapabilityException.class,
                    () -> registry.requireCompatible(registry.attribution("integrated-gradients"), forward));
            assertEquals("attribution 'integrated-gradients' requires [INPUT_GRADIENTS] but backbone 'vit.onnx' provides "
                    + "[FORWARD]; missing [INPUT_GRADIENTS]", gradients.getMessage());
        }
    }
}
