package dev.facet.plugins.testplugins;

/** Wiring-test plugin 'test-future' (SPI 99) with one backbone factory 'future'. */
public final class FutureSpiPlugin extends AbstractTestPlugin {

    public FutureSpiPlugin() {
        super("test-future", 99, "future");
    }
}
