package dev.facet.dictionaries.sae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.dictionaries.factor.GradientArguments;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.sae.encoder.AffineEncoder;
import dev.facet.dictionaries.sae.sparsifier.BatchTopKSparsifier;
import dev.facet.dictionaries.sae.train.TrainerConfig;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryInfo;
import dev.facet.spi.dictionary.DifferentiableDictionary;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import dev.facet.dictionaries.io.SafetensorsFile;
import dev.facet.spi.CorruptArtifactException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained sparse autoencoder behind Facet's {@link Dictionary} contract: encodes raw activations
 * into sparse codes in chunks (so n × c dense codes are never held at once), decodes them, and
 * saves itself as a dictionary directory (docs/formats.md#dictionary-directory). Owns its engine
 * memory; close it.
 *
 * <p>Saved tensors ({@code weights.safetensors}, float32, C order): every trainable parameter and
 * buffer under its own name ({@code encoder.weight} (c × d), {@code encoder.bias} (c),
 * {@code dictionary.weight} (c × d), {@code decoder.bias} (d), {@code sparsifier.threshold},
 * {@code sparsifier.log_threshold}, {@code input.scale}, …), from which Facet reloads the model bit
 * for bit; and, for Python users, the model in the raw input space under SAELens' names with the
 * input normalisation folded in: {@code W_enc} (d × c), {@code b_enc} (c), {@code W_dec} (c × d),
 * {@code b_dec} (d) and {@code threshold}, so that {@code pre = (x − b_dec) @ W_enc + b_enc} and
 * {@code x̂ = codes @ W_dec + b_dec}.
 *
 * <p>Differentiable ({@link DifferentiableDictionary}): {@link #encodeGradient} runs the same inference
 * forward under the engine's autograd (docs/algorithms.md#dictionary-gradients), so the input scale,
 * every encoder and the active set of every sparsifier are differentiated exactly as {@link #encode}
 * computes them.
 */
public final class SaeDictionary implements DifferentiableDictionary {

    private static final int CHUNK_ENTRIES = 1 << 21;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How far a saved SAELens copy may differ from its recomputation, relative to the values. */
    private static final double COPY_TOLERANCE = 1e-5;

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
        int chunk = encodeChunk(c);
        CodesBuilder codes = new CodesBuilder(x.rows(), c);
        for (int start = 0; start < x.rows(); start += chunk) {
            int rows = Math.min(chunk, x.rows() - start);
            float[] slice = slice(x, start, rows);
            float[] dense = PyTorchEngines.withoutGradients(() -> {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    return model.encode(manager.create(slice, new Shape(rows, d))).toFloatArray();
                }
            });
            codes.addDenseRows(dense, rows);
        }
        return codes.build();
    }

    /**
     * The gradient of sum(encode(x) ⊙ upstream) with respect to the raw rows x, by the engine's autograd
     * on the inference forward pass {@code σ(enc(x·s − b_dec))}, chunked as {@link #encode}. Sparsifiers
     * build their gates from detached values, so the product passes through the active set only: relu
     * through its positive entries, TopK and BatchTopK (its inference threshold θ) through the kept
     * entries, JumpReLU as H(pre − θ) with no gradient to θ, and the pursuit sparsifiers (MP, OMP) with
     * their selected atoms held fixed. Gradients that the pass leaves on the model's parameters are
     * cleared.
     *
     * @throws InvalidDataException naming {@code x} or {@code upstream} on a shape mismatch or a
     *                              non-finite value, or {@code x} when it is not whole images for the
     *                              attention encoder
     */
    @Override
    public FloatMatrix encodeGradient(FloatMatrix x, FloatMatrix upstream) {
        return gradient(x, upstream, false);
    }

    /**
     * The gradient of sum(pre(x) ⊙ upstream) with respect to the raw rows x, where pre = enc(x·s − b_dec) is
     * the encoder's output before the sparsifier: the input scale and the encoder are differentiated as in
     * {@link #encodeGradient}, the sparsifier's selection is skipped.
     */
    @Override
    public FloatMatrix preactivationGradient(FloatMatrix x, FloatMatrix upstream) {
        return gradient(x, upstream, true);
    }

    private FloatMatrix gradient(FloatMatrix x, FloatMatrix upstream, boolean preactivation) {
        GradientArguments.require(info(), x, upstream);
        int d = model.shape().inputDim();
        int c = model.shape().concepts();
        if (model.config().encoder() == SaeConfig.EncoderKind.ATTENTION && x.rows() % model.config().tokens() != 0) {
            throw new InvalidDataException("x, the input to " + learner + (preactivation ? " preactivationGradient" : " encodeGradient") + ", has " + x.rows()
                    + " rows; the attention encoder mixes the " + model.config().tokens() + " tokens of an image, so"
                    + " expected whole images (a multiple of " + model.config().tokens() + " rows)");
        }
        float[] out = new float[x.rows() * d];
        int chunk = encodeChunk(c);
        for (int start = 0; start < x.rows(); start += chunk) {
            int rows = Math.min(chunk, x.rows() - start);
            try (NDScope scope = new NDScope();
                 GradientCollector collector = Engine.getEngine(manager.getEngine().getEngineName())
                         .newGradientCollector()) {
                scope.suppressNotUsedWarning();
                NDArray input = manager.create(slice(x, start, rows), new Shape(rows, d));
                input.setRequiresGradient(true);
                NDArray weights = manager.create(slice(upstream, start, rows), new Shape(rows, c));
                NDArray values = preactivation ? model.forward(input, false).pre() : model.encode(input);
                collector.backward(values.mul(weights).sum());
                System.arraycopy(input.getGradient().toFloatArray(), 0, out, start * d, rows * d);
            }
        }
        clearParameterGradients();
        return new FloatMatrix(x.rows(), d, out);
    }

    private static float[] slice(FloatMatrix m, int start, int rows) {
        float[] out = new float[rows * m.cols()];
        System.arraycopy(m.data(), start * m.cols(), out, 0, out.length);
        return out;
    }

    /** Zeroes what {@link #encodeGradient} accumulated on the parameters, which training reads as its own. */
    private void clearParameterGradients() {
        for (NDArray parameter : model.parameters().trainable().values()) {
            if (parameter.hasGradient()) {
                try (NDArray gradient = parameter.getGradient()) {
                    gradient.subi(gradient);
                }
            }
        }
    }

    /**
     * Rows encoded at once: about {@code CHUNK_ENTRIES} codes, a whole number of images for the
     * attention encoder, which mixes the tokens of one image.
     */
    private int encodeChunk(int concepts) {
        int chunk = Math.max(1, CHUNK_ENTRIES / concepts);
        if (model.config().encoder() != SaeConfig.EncoderKind.ATTENTION) {
            return chunk;
        }
        int tokens = model.config().tokens();
        return Math.max(tokens, chunk - chunk % tokens);
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
            float[] decoded = PyTorchEngines.withoutGradients(() -> {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    return model.decode(manager.create(dense, new Shape(rows, c))).toFloatArray();
                }
            });
            System.arraycopy(decoded, 0, out, start * d, rows * d);
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
        weights.putAll(pythonTensors(scale));
        ObjectNode normalisation = config.putObject("input_normalisation");
        normalisation.put("enabled", trainer.normaliseInput());
        normalisation.put("scale", scale);
        normalisation.put("folded_into", "W_enc, W_dec, b_dec");
        if (model.sparsifier() instanceof BatchTopKSparsifier batchTopK) {
            config.put("inference_threshold", batchTopK.threshold());
        }
        config.put("encode", model.encoder() instanceof AffineEncoder
                ? "pre = (x - b_dec) @ W_enc + b_enc; codes = sparsifier(pre); x_hat = codes @ W_dec + b_dec"
                : "see the encoder parameters; x_hat = codes @ W_dec + b_dec");
        DictionaryFiles.write(directory, config, weights, provenance);
    }

    /**
     * The affine parts in the raw input space under SAELens' names, input scale s folded in:
     * W_enc = s·Wᵀ (d × c), b_enc, W_dec = D/s (c × d), b_dec = b_dec/s, and the inference
     * threshold when the sparsifier has one.
     */
    private Map<String, Tensor> pythonTensors(float scale) {
        int c = model.shape().concepts();
        int d = model.shape().inputDim();
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray atoms = model.atoms();
            if (model.encoder() instanceof AffineEncoder affine) {
                float[] encoderWeight = affine.weight(atoms).mul(scale).transpose().toFloatArray();
                out.put("W_enc", new Tensor(new long[] {d, c}, encoderWeight));
                out.put("b_enc", new Tensor(new long[] {c}, affine.bias().toFloatArray()));
            }
            out.put("W_dec", new Tensor(new long[] {c, d}, atoms.div(scale).toFloatArray()));
            out.put("b_dec", new Tensor(new long[] {d}, model.decoderBias().div(scale).toFloatArray()));
            if (model.sparsifier() instanceof BatchTopKSparsifier batchTopK) {
                out.put("threshold", new Tensor(new long[] {1}, new float[] {batchTopK.threshold()}));
            }
        }
        return out;
    }

    /**
     * Throws unless the SAELens-named copies in {@code weights} ({@code W_enc}, {@code b_enc},
     * {@code W_dec}, {@code b_dec}, {@code threshold}) equal what this model derives from its own
     * tensors, up to float rounding ({@value #COPY_TOLERANCE} relative): Python users read the
     * copies, Facet the originals, so a disagreement means the two would compute different models.
     *
     * @throws CorruptArtifactException naming both tensors and the first differing element
     */
    public void requireSaeLensCopies(SafetensorsFile weights) {
        Map<String, String> sources = copySources();
        for (Map.Entry<String, Tensor> entry : pythonTensors(model.inputScale()).entrySet()) {
            String name = entry.getKey();
            if (!weights.contains(name)) {
                continue;
            }
            Tensor saved = weights.tensor(name);
            Tensor derived = entry.getValue();
            String what = "tensor '" + name + "' (the SAELens copy of " + sources.get(name) + ")";
            if (!Arrays.equals(saved.shape(), derived.shape())) {
                throw new CorruptArtifactException(weights.file(), what + " has shape " + Arrays.toString(saved.shape())
                        + "; " + sources.get(name) + " gives " + Arrays.toString(derived.shape()));
            }
            int at = firstDifference(saved.data(), derived.data());
            if (at >= 0) {
                throw new CorruptArtifactException(weights.file(), what + " disagrees with it at "
                        + saved.position(at) + ": the file holds " + saved.data()[at] + ", " + sources.get(name)
                        + " gives " + derived.data()[at] + "; Python (SAELens names) and Facet would compute"
                        + " different models: save the dictionary again from Facet");
            }
        }
    }

    /** The Facet tensors each SAELens copy is derived from, for messages. */
    private Map<String, String> copySources() {
        String scale = " with " + SparseAutoencoder.INPUT_SCALE + " folded in";
        String atoms = "the atoms (" + String.join(", ", model.parameters().trainable().keySet().stream()
                .filter(n -> n.startsWith("dictionary.")).toList()) + ")";
        Map<String, String> sources = new LinkedHashMap<>();
        if (model.encoder() instanceof AffineEncoder affine) {
            sources.put("W_enc", "'" + affine.weightName() + "'" + scale);
            sources.put("b_enc", "'" + affine.biasName() + "'");
        }
        sources.put("W_dec", atoms + scale);
        sources.put("b_dec", "'" + SparseAutoencoder.DECODER_BIAS + "'" + scale);
        sources.put("threshold", "the sparsifier's inference threshold");
        return sources;
    }

    /** Index of the first element where the arrays differ beyond rounding, or -1. */
    private static int firstDifference(float[] saved, float[] derived) {
        float largest = 0;
        for (float v : derived) {
            largest = Math.max(largest, Math.abs(v));
        }
        for (int i = 0; i < saved.length; i++) {
            double tolerance = COPY_TOLERANCE * (Math.max(Math.abs(saved[i]), Math.abs(derived[i])) + 0.1 * largest);
            if (!(Math.abs((double) saved[i] - derived[i]) <= tolerance)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        manager.close();
    }
}
