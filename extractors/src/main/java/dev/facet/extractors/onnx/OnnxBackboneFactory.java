package dev.facet.extractors.onnx;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.descriptor.ModelDescriptor;
import dev.facet.extractors.descriptor.ModelDescriptors;
import dev.facet.spi.Capability;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.config.ConfigValues;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens {@link OrtBackbone}s: {@code model} is an .onnx file or a bundled model name; options
 * {@code descriptor} (a built-in descriptor name or a JSON file; the bundled model's own by
 * default) and {@code threads} (intra-op threads, 0 = ONNX Runtime's default).
 */
public final class OnnxBackboneFactory implements BackboneFactory {

    @Override
    public String id() {
        return "onnx";
    }

    @Override
    public String description() {
        return "Any ONNX model on ONNX Runtime; exposes every tensor of the graph";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.FORWARD);
    }

    @Override
    public Backbone open(BackboneConfig config) {
        ConfigValues options = config.options().rejectUnknown(Set.of("descriptor", "threads"));
        ModelDescriptor descriptor = ModelDescriptors.forBackbone(config.model(), options);
        int threads = options.optInt("threads", 0, 0, 1024);
        Path model = BundledModels.isBundled(config.model()) ? BundledModels.onnx(config.model()) : Path.of(config.model());
        return new OrtBackbone(model, descriptor, config.device(), threads);
    }
}
