package dev.facet.plugins.testplugins;

/** Wiring-test plugin 'test-twin' (SPI 1) with one backbone factory 'echo'. */
public final class TwinTestPlugin extends AbstractTestPlugin {

    public TwinTestPlugin() {
        super("test-twin", 1, "echo");
    }
}
