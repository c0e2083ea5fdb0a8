package dev.facet.dictionaries;

import dev.facet.dictionaries.classical.ClassicalLearners;
import dev.facet.dictionaries.nmf.ConvexFamily;
import dev.facet.dictionaries.nmf.NmfLearners;
import dev.facet.dictionaries.sae.SaeLearnerFactory;
import dev.facet.spi.FacetVersion;
import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The dictionary learners this module ships (sparse autoencoders, the NMF family, classical
 * methods), registered through its own {@code META-INF/services/dev.facet.spi.Plugin} entry
 * exactly like a third-party plugin.
 */
public final class DictionariesPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return PluginDescriptor.of("facet-dictionaries", FacetVersion.get(), "Facet built-in dictionary learners");
    }

    @Override
    public List<DictionaryLearnerFactory> learners() {
        List<DictionaryLearnerFactory> learners = new ArrayList<>(SaeLearnerFactory.builtins());
        learners.addAll(NmfLearners.builtins());
        learners.addAll(ConvexFamily.convexFamily());
        learners.addAll(ClassicalLearners.builtins());
        return List.copyOf(learners);
    }
}
