package dev.facet.spi.attribution;

import dev.facet.spi.ComponentFactory;
import dev.facet.spi.Capability;
import dev.facet.spi.config.ConfigValues;
import java.util.Set;

/** Makes attributions of one method from its settings. */
public interface AttributionFactory extends ComponentFactory {

    /** Capabilities the backbone must provide, e.g. {@link Capability#INPUT_GRADIENTS}. */
    Set<Capability> requires();

    /**
     * @throws dev.facet.spi.ConfigException naming the bad or unknown key
     */
    Attribution create(ConfigValues settings);
}
