package dev.facet.dictionaries.sae;

import dev.facet.spi.ConfigException;

/** Input width d and number of concepts c of a sparse autoencoder. */
public record SaeShape(int inputDim, int concepts) {
    public SaeShape {
        if (inputDim < 1) {
            throw ConfigException.outOfRange("input dimension", inputDim, ">= 1");
        }
        if (concepts < 1) {
            throw ConfigException.outOfRange("concepts", concepts, ">= 1");
        }
    }
}
