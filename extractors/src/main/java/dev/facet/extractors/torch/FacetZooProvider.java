package dev.facet.extractors.torch;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/** Registers {@link FacetModelZoo} with DJL through {@code META-INF/services}. */
public final class FacetZooProvider implements ZooProvider {

    @Override
    public String getName() {
        return "Facet bundled models";
    }

    @Override
    public ModelZoo getModelZoo() {
        return new FacetModelZoo();
    }
}
