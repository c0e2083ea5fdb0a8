package dev.facet.extractors;

import dev.facet.extractors.onnx.OnnxBackboneFactory;
import dev.facet.extractors.torch.TorchScriptBackboneFactory;
import dev.facet.spi.FacetVersion;
import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;
import dev.facet.spi.backbone.BackboneFactory;
import java.util.List;

/**
 * The backbones this module ships (ONNX Runtime and TorchScript), registered through its own
 * {@code META-INF/services/dev.facet.spi.Plugin} entry exactly like a third-party plugin.
 */
public final class ExtractorsPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return PluginDescriptor.of("facet-extractors", FacetVersion.get(), "Facet built-in backbones");
    }

    @Override
    public List<BackboneFactory> backbones() {
        return List.of(new OnnxBackboneFactory(), new TorchScriptBackboneFactory());
    }
}
