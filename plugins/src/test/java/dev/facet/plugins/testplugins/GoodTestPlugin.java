package dev.facet.plugins.testplugins;

/** Wiring-test plugin 'test-good' (SPI 1) with one backbone factory 'echo'. */
public final class GoodTestPlugin extends AbstractTestPlugin {

    public GoodTestPlugin() {
        super("test-good", 1, "echo");
    }
}
