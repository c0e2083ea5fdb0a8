package dev.facet.pipeline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.spi.Provenance;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryInfo;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;

/**
 * A test dictionary over {@link PatchBrightnessBackbone}'s tokens: concept 0 is the brightness above
 * mid-grey, {@code max(0, channel 0)}; concept 1 fires on patches wholly in padding (channel 1).
 */
final class BrightnessDictionary implements Dictionary {

    @Override
    public DictionaryInfo info() {
        return new DictionaryInfo("brightness", 2, 2);
    }

    @Override
    public Codes encode(FloatMatrix x) {
        FloatMatrix dense = FloatMatrix.zeros(x.rows(), 2);
        for (int r = 0; r < x.rows(); r++) {
            dense.set(r, 0, Math.max(0, x.get(r, 0)));
            dense.set(r, 1, x.get(r, 1));
        }
        return Codes.fromDense(dense);
    }

    @Override
    public FloatMatrix decode(Codes codes) {
        return codes.toDense();
    }

    @Override
    public FloatMatrix atoms() {
        return FloatMatrix.of(new float[][] {{1, 0}, {0, 1}});
    }

    @Override
    public void save(Path directory) {
        DictionaryFiles.write(directory, JsonNodeFactory.instance.objectNode().put("learner", "brightness"),
                Map.of("atoms", new Tensor(new long[] {2, 2}, atoms().data())),
                Provenance.builder().setLearner("brightness").build());
    }
}
