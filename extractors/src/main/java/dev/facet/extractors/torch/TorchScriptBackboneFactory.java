package dev.facet.extractors.torch;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.InputOptions;
import dev.facet.extractors.descriptor.ModelDescriptor;
import dev.facet.extractors.descriptor.ModelDescriptors;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.config.Settings;
import java.util.Set;

/**
 * Opens {@link TorchScriptBackbone}s: {@code model} is a .pt file, a model URL DJL understands, or a
 * bundled model name; option {@code descriptor} (built-in name or JSON file) is required except for
 * bundled models, and the preprocessing settings of {@link InputOptions} replace the descriptor's.
 */
public final class TorchScriptBackboneFactory implements BackboneFactory {

    private static final Settings SETTINGS = Settings.of(ModelDescriptors.DESCRIPTOR).and(InputOptions.SETTINGS);

    @Override
    public String id() {
        return "torchscript";
    }

    @Override
    public String description() {
        return "TorchScript models returning hidden states or feature maps, on DJL's PyTorch engine (input "
                + "gradients; resumes from layer.i when the descriptor names a head)";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.FORWARD, Capability.INPUT_GRADIENTS);
    }

    @Override
    public Settings settings() {
        return SETTINGS;
    }

    @Override
    public Backbone open(BackboneConfig config) {
        Settings.Values options = SETTINGS.read(config.options());
        ModelDescriptor descriptor = ModelDescriptors.forBackbone(config.model(), options.get(ModelDescriptors.DESCRIPTOR));
        if (descriptor == null) {
            throw new ConfigException("Backbone 'torchscript' needs option 'descriptor' (one of "
                    + ModelDescriptors.BUILTIN + " or a JSON file) to know where " + config.model() + " returns its hidden states");
        }
        String location = BundledModels.isBundled(config.model())
                ? TorchScriptBackbone.ZOO_PREFIX + FacetModelZoo.GROUP_ID + "/" + config.model() : config.model();
        return new TorchScriptBackbone(location, descriptor, config.device(), InputOptions.from(options));
    }
}
