package dev.facet.dictionaries;

import dev.facet.dictionaries.classical.ClassicalLearners;
import dev.facet.dictionaries.nmf.ConvexLearners;
import dev.facet.dictionaries.nmf.NmfLearners;
import dev.facet.dictionaries.sae.SaeLearners;
import dev.facet.spi.FacetVersion;
import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The dictionary learners this module ships (sparse autoencoders, the NMF family, classical
 * methods), registered through its own {@code META-INF/services/dev.facet.spi.Plugin} entry
 * exactly like a third-party plugin. Each family has one holder whose {@code factories()} lists
 * its learners.
 */
public final class DictionariesPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return PluginDescriptor.of("facet-dictionaries", FacetVersion.get(), "Facet built-in dictionary learners");
    }

    @Override
    public List<DictionaryLearnerFactory> learners() {
        List<DictionaryLearnerFactory> learners = new ArrayList<>(SaeLearners.factories());
        learners.addAll(NmfLearners.factories());
        learners.addAll(ConvexLearners.factories());
        learners.addAll(ClassicalLearners.factories());
        return List.copyOf(learners);
    }
}
