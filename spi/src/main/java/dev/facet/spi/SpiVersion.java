package dev.facet.spi;

/**
 * The version of this SPI. A plugin reports the version it was compiled against in its
 * {@link PluginDescriptor}; the host refuses plugins built for another version.
 */
public final class SpiVersion {
    /** Incremented on every incompatible change of a type in {@code dev.facet.spi}. */
    public static final int CURRENT = 1;

    private SpiVersion() {
    }
}
