package dev.facet.plugins.testplugins;

/** Wiring-test plugin 'test-bad-factory' (SPI 1) with one backbone factory 'Bad Id'. */
public final class BadFactoryIdPlugin extends AbstractTestPlugin {

    public BadFactoryIdPlugin() {
        super("test-bad-factory", 1, "Bad Id");
    }
}
