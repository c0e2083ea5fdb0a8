package dev.facet.spi.backbone;

import dev.facet.spi.ConfigException;

/**
 * One vector per image (n, f): logits, pooled embeddings.
 *
 * @param channels f
 */
public record VectorLayout(int channels) implements HookLayout {

    public VectorLayout {
        if (channels < 1) {
            throw ConfigException.outOfRange("vector features", channels, ">= 1");
        }
    }

    @Override
    public long[] shape(int batch) {
        return new long[] {batch, channels};
    }
}
