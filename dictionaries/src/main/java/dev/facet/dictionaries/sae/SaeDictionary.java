package dev.facet.dictionaries.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.dictionaries.io.Provenance;
import dev.facet.dictionaries.sae.dictionary.NormalizedDictionary;
import dev.facet.dictionaries.sae.encoder.LinearEncoder;
import dev.facet.dictionaries.sae.sparsifier.BatchTopKSparsifier;
import dev.facet.dictionaries.sae.train.TrainerConfig;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryInfo;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained sparse autoencoder behind Facet's {@link Dictionary} contract: encodes raw activations
 * into sparse codes in chunks (so n × c dense codes are never held at once), decodes them, and
 * saves itself as a dictionary directory (DESIGN §4). Owns its engine memory; close it.
 *
 * <p>Saved tensors ({@code weights.safetensors}, float32, C order): every trainable parameter and
 * buffer under its own name ({@code encoder.weight} (c × d), {@code encoder.bias} (c),
 * {@code dictionary.weight} (c × d), {@code decoder.bias} (d), {@code sparsifier.threshold},
 * {@code sparsifier.log_threshold}, {@code input.scale}, …) plus {@code decoder.weight}, the
 * effective dictionary D (c × d) with x̂ = z·D + b_dec. With input normalisation and a linear
 * encoder the scale s is folded into the weights (W·s, D/s, b_dec/s, scale 1), so Python users can
 * apply them to raw activations directly.
 */
public final class SaeDictionary implements Dictionary {

    /** Name of the effective decoder matrix in the saved weights. */
    public static final String DECODER_WEIGHT = "decoder.weight";
    private static final int CHUNK_ENTRIES = 1 << 21;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String learner;
    private final NDManager manager;
    private final SparseAutoencoder model;
    private final TrainerConfig trainer;
    private final Provenance provenance;

    /**
     * @param manager the manager owning {@code model}; closed with this dictionary
     */
    public SaeDictionary(String learner, NDManager manager, SparseAutoencoder model, TrainerConfig trainer,
                         Provenance provenance) {
        this.learner = learner;
        this.manager = manager;
        this.model = model;
        this.trainer = trainer;
        this.provenance = provenance;
    }

    @Override
    public DictionaryInfo info() {
        return new DictionaryInfo(learner, model.shape().concepts(), model.shape().inputDim());
    }

    public SparseAutoencoder model() {
        return model;
    }

    public Provenance provenance() {
        return provenance;
    }

    @Override
    public Codes encode(FloatMatrix x) {
        int d = model.shape().inputDim();
        int c = model.shape().concepts();
        if (x.cols() != d) {
            throw new InvalidDataException("Cannot encode rows of width " + x.cols() + " with a dictionary of input "
                    + "width " + d);
        }
        x.requireFinite("input to " + learner + " encode");
        int chunk = Math.max(1, CHUNK_ENTRIES / c);
        CodesBuilder codes = new CodesBuilder(x.rows(), c);
        for (int start = 0; start < x.rows(); start += chunk) {
            int rows = Math.min(chunk, x.rows() - start);
            float[] slice = new float[rows * d];
            System.arraycopy(x.data(), start * d, slice, 0, rows * d);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray batch = manager.create(slice, new Shape(rows, d));
                codes.addDenseRows(model.encode(batch).toFloatArray(), rows);
            }
        }
        return codes.build();
    }

    @Override
    public FloatMatrix decode(Codes codes) {
        int c = model.shape().concepts();
        int d = model.shape().inputDim();
        if (codes.concepts() != c) {
            throw new InvalidDataException("Cannot decode codes over " + codes.concepts() + " concepts with a "
                    + "dictionary of " + c);
        }
        float[] out = new float[codes.rows() * d];
        int chunk = Math.max(1, CHUNK_ENTRIES / c);
        for (int start = 0; start < codes.rows(); start += chunk) {
            int rows = Math.min(chunk, codes.rows() - start);
            float[] dense = new float[rows * c];
            for (int r = 0; r < rows; r++) {
                int[] indices = codes.indices(start + r);
                float[] values = codes.values(start + r);
                for (int j = 0; j < indices.length; j++) {
                    dense[r * c + indices[j]] = values[j];
                }
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                float[] decoded = model.decode(manager.create(dense, new Shape(rows, c))).toFloatArray();
                System.arraycopy(decoded, 0, out, start * d, rows * d);
            }
        }
        return new FloatMatrix(codes.rows(), d, out);
    }

    /** D/s: the atoms in the raw input space, as {@link #decode} applies them. */
    @Override
    public FloatMatrix atoms() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray atoms = model.atoms().div(model.inputScale());
            return new FloatMatrix(model.shape().concepts(), model.shape().inputDim(), atoms.toFloatArray());
        }
    }

    @Override
    public void save(Path directory) {
        ObjectNode config = JSON.createObjectNode();
        config.put("learner", learner);
        config.put("concepts", model.shape().concepts());
        config.put("input_dim", model.shape().inputDim());
        config.set("architecture", JSON.valueToTree(model.config().toMap()));
        config.set("trainer", JSON.valueToTree(trainer.toMap()));
        Map<String, Tensor> weights = new LinkedHashMap<>(model.parameters().toTensors());
        float scale = model.inputScale();
        boolean folded = scale != 1f && model.encoder() instanceof LinearEncoder
                && model.dictionary() instanceof NormalizedDictionary;
        FloatMatrix atoms = atoms();
        weights.put(DECODER_WEIGHT, new Tensor(new long[] {atoms.rows(), atoms.cols()}, atoms.data()));
        if (folded) {
            weights.put(LinearEncoder.WEIGHT, scaled(weights.get(LinearEncoder.WEIGHT), scale));
            weights.put(NormalizedDictionary.WEIGHT, scaled(weights.get(NormalizedDictionary.WEIGHT), 1 / scale));
            weights.put(SparseAutoencoder.DECODER_BIAS, scaled(weights.get(SparseAutoencoder.DECODER_BIAS), 1 / scale));
            weights.put(SparseAutoencoder.INPUT_SCALE, new Tensor(new long[] {1}, new float[] {1f}));
        }
        ObjectNode normalisation = config.putObject("input_normalisation");
        normalisation.put("enabled", trainer.normaliseInput());
        normalisation.put("scale", scale);
        normalisation.put("folded_into_weights", folded);
        if (model.sparsifier() instanceof BatchTopKSparsifier batchTopK) {
            config.put("inference_threshold", batchTopK.threshold());
        }
        config.put("encode", "pre = (x * input.scale - decoder.bias) @ encoder.weight.T + encoder.bias; "
                + "x_hat = codes @ decoder.weight + decoder.bias / input.scale");
        DictionaryFiles.write(directory, config, weights, provenance);
    }

    private static Tensor scaled(Tensor tensor, float factor) {
        float[] data = tensor.data().clone();
        for (int i = 0; i < data.length; i++) {
            data[i] *= factor;
        }
        return new Tensor(tensor.shape(), data);
    }

    @Override
    public void close() {
        manager.close();
    }
}
