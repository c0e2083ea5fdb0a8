package dev.facet.plugins.testplugins;

import dev.facet.spi.BackboneException;
import dev.facet.spi.Capability;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.BackboneFactory;
import java.util.Set;

/** A backbone factory used only to test wiring; it never opens anything. */
public final class EchoBackboneFactory implements BackboneFactory {
    private final String id;

    public EchoBackboneFactory(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return "test factory";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.FORWARD);
    }

    @Override
    public Backbone open(BackboneConfig config) {
        throw new BackboneException("the wiring-test factory opens no models");
    }
}
