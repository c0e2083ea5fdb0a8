package dev.facet.extractors.torch;

import ai.djl.Application;
import ai.djl.MalformedModelException;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.Progress;
import dev.facet.djl.PyTorchEngines;
import dev.facet.extractors.BundledModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * DJL model zoo {@value #GROUP_ID} holding Facet's bundled TorchScript models, so that
 * {@code Criteria.builder().optGroupId("dev.facet").optArtifactId("tiny-vit-fmnist")} finds them
 * by name, offline.
 */
public final class FacetModelZoo extends ModelZoo {
    /** The zoo's group id. */
    public static final String GROUP_ID = "dev.facet";

    public FacetModelZoo() {
        for (String name : BundledModels.NAMES) {
            addModel(new BundledModelLoader(name));
        }
    }

    @Override
    public String getGroupId() {
        return GROUP_ID;
    }

    @Override
    public Set<String> getSupportedEngines() {
        return Set.of(PyTorchEngines.ENGINE);
    }

    /** Loads one bundled model from the local copy {@link BundledModels} makes. */
    private static final class BundledModelLoader implements ModelLoader {
        private final String name;

        BundledModelLoader(String name) {
            this.name = name;
        }

        @Override
        public String getGroupId() {
            return GROUP_ID;
        }

        @Override
        public String getArtifactId() {
            return name;
        }

        @Override
        public Application getApplication() {
            return Application.UNDEFINED;
        }

        @Override
        public MRL getMrl() {
            Path local = BundledModels.torchscript(name).getParent();
            return MRL.undefined(Repository.newInstance("facet-bundled", local), GROUP_ID, name);
        }

        @Override
        public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
                throws IOException, ModelNotFoundException, MalformedModelException {
            Path file = BundledModels.torchscript(name);
            String stem = file.getFileName().toString().replaceFirst("\\.pt$", "");
            Criteria.Builder<I, O> local = Criteria.builder()
                    .setTypes(criteria.getInputClass(), criteria.getOutputClass())
                    .optModelPath(file)
                    .optModelName(stem)
                    .optEngine(PyTorchEngines.ENGINE)
                    .optArguments(criteria.getArguments())
                    .optOptions(criteria.getOptions());
            if (criteria.getDevice() != null) {
                local.optDevice(criteria.getDevice());
            }
            if (criteria.getTranslatorFactory() != null) {
                local.optTranslatorFactory(criteria.getTranslatorFactory());
            }
            return local.build().loadModel();
        }

        @Override
        public <I, O> boolean isDownloaded(Criteria<I, O> criteria) {
            return true;
        }

        @Override
        public <I, O> void downloadModel(Criteria<I, O> criteria, Progress progress) {
            BundledModels.torchscript(name);
        }

        @Override
        public String toString() {
            return GROUP_ID + "/" + name;
        }
    }
}
