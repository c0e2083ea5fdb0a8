package dev.facet.extractors.onnx;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.InputOptions;
import dev.facet.extractors.descriptor.ModelDescriptor;
import dev.facet.extractors.descriptor.ModelDescriptors;
import dev.facet.spi.Capability;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens {@link OrtBackbone}s: {@code model} is an .onnx file or a bundled model name; options
 * {@code descriptor} (a built-in descriptor name or a JSON file; the bundled model's own by
 * default), {@code threads} (intra-op threads, 0 = ONNX Runtime's default), {@code layout}
 * ({@link MapLayout}: how 4-d tensors read by name are ordered) and the preprocessing settings of
 * {@link InputOptions}, which replace the descriptor's or the graph's input spec.
 */
public final class OnnxBackboneFactory implements BackboneFactory {

    private static final Setting<Integer> THREADS = Setting.integer("threads",
            "intra-op threads of ONNX Runtime, 0 for its default").defaultValue(0).range(0, 1024);
    private static final Setting<MapLayout> LAYOUT = Setting.choice("layout", MapLayout.class,
            "axis order of 4-d tensors read by name: auto (decided per tensor), nchw or nhwc").defaultValue(MapLayout.AUTO);
    private static final Settings SETTINGS = Settings.of(ModelDescriptors.DESCRIPTOR, THREADS, LAYOUT)
            .and(InputOptions.SETTINGS);

    @Override
    public String id() {
        return "onnx";
    }

    @Override
    public String description() {
        return "Any ONNX model on ONNX Runtime; exposes every tensor of the graph and resumes from a hook by graph surgery";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.FORWARD, Capability.RESUME_FROM_HOOK);
    }

    @Override
    public Settings settings() {
        return SETTINGS;
    }

    @Override
    public Backbone open(BackboneConfig config) {
        Settings.Values options = SETTINGS.read(config.options());
        ModelDescriptor descriptor = ModelDescriptors.forBackbone(config.model(), options.get(ModelDescriptors.DESCRIPTOR));
        int threads = options.get(THREADS);
        Path model = BundledModels.isBundled(config.model()) ? BundledModels.onnx(config.model()) : Path.of(config.model());
        return new OrtBackbone(model, descriptor, InputOptions.from(options), options.get(LAYOUT), config.device(),
                threads);
    }
}
