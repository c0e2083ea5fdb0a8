package dev.facet.spi.backbone;

import dev.facet.spi.ConfigException;

/**
 * Convolutional feature maps (n, c, h, w). For dictionary learning they flatten to (n·h·w, c).
 *
 * @param channels c
 * @param height   h
 * @param width    w
 */
public record SpatialLayout(int channels, int height, int width) implements HookLayout {

    public SpatialLayout {
        if (channels < 1 || height < 1 || width < 1) {
            throw ConfigException.outOfRange("spatial layout (c, h, w)",
                    "(" + channels + ", " + height + ", " + width + ")", "each >= 1");
        }
    }

    @Override
    public long[] shape(int batch) {
        return new long[] {batch, channels, height, width};
    }
}
