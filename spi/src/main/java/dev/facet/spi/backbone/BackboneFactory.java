package dev.facet.spi.backbone;

import dev.facet.spi.ComponentFactory;

/**
 * Opens backbones of one kind (an engine such as ONNX Runtime, or a model family). Registered by a
 * {@link dev.facet.spi.Plugin}; {@link #capabilities()} tells what every backbone it opens can do.
 */
public interface BackboneFactory extends ComponentFactory {

    /**
     * Opens a backbone. The caller owns the result and closes it.
     *
     * @throws dev.facet.spi.BackboneException when the model cannot be read or run
     * @throws dev.facet.spi.ConfigException   for invalid options
     */
    Backbone open(BackboneConfig config);
}
