package dev.facet.plugins.builtin;

import dev.facet.attribution.OcclusionFactory;
import dev.facet.dictionaries.classical.ClassicalLearners;
import dev.facet.dictionaries.nmf.ConvexFamily;
import dev.facet.dictionaries.nmf.NmfLearners;
import dev.facet.dictionaries.sae.SaeLearnerFactory;
import dev.facet.extractors.onnx.OnnxBackboneFactory;
import dev.facet.extractors.torch.TorchScriptBackboneFactory;
import dev.facet.plugins.FacetVersion;
import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Facet's own components, registered through {@code META-INF/services} exactly like a third-party
 * plugin. Each capability module contributes its factories here as it lands.
 */
public final class BuiltinPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return PluginDescriptor.of("facet", FacetVersion.get(), "Facet built-in components");
    }

    @Override
    public List<BackboneFactory> backbones() {
        return List.of(new OnnxBackboneFactory(), new TorchScriptBackboneFactory());
    }

    @Override
    public List<DictionaryLearnerFactory> learners() {
        List<DictionaryLearnerFactory> learners = new ArrayList<>(SaeLearnerFactory.builtins());
        learners.addAll(NmfLearners.builtins());
        learners.addAll(ConvexFamily.convexFamily());
        learners.addAll(ClassicalLearners.builtins());
        return List.copyOf(learners);
    }

    @Override
    public List<AttributionFactory> attributions() {
        return List.of(new OcclusionFactory());
    }
}
