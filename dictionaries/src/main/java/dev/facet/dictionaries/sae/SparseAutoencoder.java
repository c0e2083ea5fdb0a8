package dev.facet.dictionaries.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.facet.dictionaries.sae.dictionary.DictionaryLayer;
import dev.facet.dictionaries.sae.encoder.Encoder;
import dev.facet.dictionaries.sae.loss.SaeLoss;
import dev.facet.dictionaries.sae.sparsifier.Sparsifier;
import dev.facet.djl.HeapArrays;
import java.util.List;

/**
 * A sparse autoencoder assembled from parts: {@code pre = enc(x·s − b_dec)}, {@code z = σ(pre)},
 * {@code x̂ = z·D + b_dec} (docs/algorithms.md#sparse-autoencoder), where s is the input scale that
 * makes E‖x·s‖² = d when input normalisation is on (1 otherwise). Owns its parameters; close it to free
 * them.
 */
public final class SparseAutoencoder implements AutoCloseable {

    /** Saved name of b_dec. */
    public static final String DECODER_BIAS = "decoder.bias";
    /** Saved name of the input scale s. */
    public static final String INPUT_SCALE = "input.scale";

    private final SaeConfig config;
    private final SaeShape shape;
    private final SaeParameters parameters;
    private final Encoder encoder;
    private final DictionaryLayer dictionary;
    private final Sparsifier sparsifier;
    private final List<SaeLoss> losses;
    private final NDArray decoderBias;
    private final NDArray inputScale;

    SparseAutoencoder(SaeConfig config, SaeShape shape, SaeParameters parameters, Encoder encoder,
                      DictionaryLayer dictionary, Sparsifier sparsifier, List<SaeLoss> losses) {
        this.config = config;
        this.shape = shape;
        this.parameters = parameters;
        this.encoder = encoder;
        this.dictionary = dictionary;
        this.sparsifier = sparsifier;
        this.losses = List.copyOf(losses);
        this.decoderBias = parameters.get(DECODER_BIAS);
        this.inputScale = parameters.get(INPUT_SCALE);
    }

    /**
     * A new model with parameters drawn from {@code seed}.
     *
     * @param manager parent of the model's own manager
     * @param extraLosses user loss terms added to those the config names
     */
    public static SparseAutoencoder create(NDManager manager, SaeConfig config, int inputDim, long seed,
                                           List<SaeLoss> extraLosses) {
        return SaeAssembly.assemble(manager, config, new SaeShape(inputDim, config.concepts()), seed, extraLosses);
    }

    /** The forward pass on raw inputs x (n × d): scales, encodes, sparsifies and decodes. */
    public SaeForward forward(NDArray x, boolean training) {
        NDArray input = x.mul(inputScale);
        NDArray atoms = dictionary.atoms();
        NDArray centred = input.sub(decoderBias);
        NDArray pre = encoder.forward(centred, atoms, training);
        NDArray codes = sparsifier.codes(pre, centred, atoms, training);
        NDArray reconstruction = codes.matMul(atoms).add(decoderBias);
        return new SaeForward(input, centred, pre, codes, reconstruction, atoms);
    }

    /** Codes (n × c, dense layout) of raw inputs, in inference mode. */
    public NDArray encode(NDArray x) {
        return forward(x, false).codes();
    }

    /** Reconstruction of raw inputs from codes: (z·D + b_dec) / s. */
    public NDArray decode(NDArray codes) {
        return codes.matMul(dictionary.atoms()).add(decoderBias).div(inputScale);
    }

    /** The dictionary D (c × d) in the scaled input space. */
    public NDArray atoms() {
        return dictionary.atoms();
    }

    public NDArray decoderBias() {
        return decoderBias;
    }

    public float inputScale() {
        return inputScale.getFloat(0);
    }

    /** Sets the input scale s (before training starts). */
    public void setInputScale(float scale) {
        HeapArrays.overwrite(inputScale, new float[] {scale});
    }

    public SaeConfig config() {
        return config;
    }

    public SaeShape shape() {
        return shape;
    }

    public SaeParameters parameters() {
        return parameters;
    }

    public Encoder encoder() {
        return encoder;
    }

    public DictionaryLayer dictionary() {
        return dictionary;
    }

    public Sparsifier sparsifier() {
        return sparsifier;
    }

    public List<SaeLoss> losses() {
        return losses;
    }

    @Override
    public void close() {
        parameters.close();
    }
}
