package dev.facet.pipeline.importance;

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
 * A test dictionary with orthonormal atoms D and a bias b: codes relu((x − b)·Dᵀ), decoded u·D + b, so
 * the part of x off the atoms and the negative parts are its reconstruction error.
 */
final class ReluDictionary implements Dictionary {
    private final FloatMatrix atoms;
    private final float[] bias;

    ReluDictionary(FloatMatrix atoms, float[] bias) {
        this.atoms = atoms;
        this.bias = bias;
    }

    @Override
    public DictionaryInfo info() {
        return new DictionaryInfo("relu-test", atoms.rows(), atoms.cols());
    }

    @Override
    public Codes encode(FloatMatrix x) {
        FloatMatrix codes = FloatMatrix.zeros(x.rows(), atoms.rows());
        for (int r = 0; r < x.rows(); r++) {
            for (int i = 0; i < atoms.rows(); i++) {
                double dot = 0;
                for (int d = 0; d < atoms.cols(); d++) {
                    dot += (x.get(r, d) - bias[d]) * atoms.get(i, d);
                }
                codes.set(r, i, (float) Math.max(0, dot));
            }
        }
        return Codes.fromDense(codes);
    }

    @Override
    public FloatMatrix decode(Codes codes) {
        FloatMatrix dense = codes.toDense();
        FloatMatrix out = FloatMatrix.zeros(dense.rows(), atoms.cols());
        for (int r = 0; r < dense.rows(); r++) {
            for (int d = 0; d < atoms.cols(); d++) {
                double sum = bias[d];
                for (int i = 0; i < atoms.rows(); i++) {
                    sum += dense.get(r, i) * atoms.get(i, d);
                }
                out.set(r, d, (float) sum);
            }
        }
        return out;
    }

    @Override
    public FloatMatrix atoms() {
        return atoms;
    }

    @Override
    public void save(Path directory) {
        DictionaryFiles.write(directory, JsonNodeFactory.instance.objectNode().put("learner", "relu-test"),
                Map.of("atoms", new Tensor(new long[] {atoms.rows(), atoms.cols()}, atoms.data()),
                        "bias", new Tensor(new long[] {bias.length}, bias)),
                Provenance.builder().setLearner("relu-test").build());
    }
}
