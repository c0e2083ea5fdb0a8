package dev.facet.dictionaries.sae.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.facet.dictionaries.sae.SaeConfig.NormKind;
import dev.facet.dictionaries.sae.SaeParameters;
import dev.facet.dictionaries.sae.SaeShape;
import dev.facet.spi.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A multi-layer encoder (docs/algorithms.md#encoders, {@code mlp}): {@code blocks} hidden blocks of
 * width d, each {@code Linear(d→d) → Norm → ReLU}, optionally residual ({@code h ← h + block(h)}), then
 * an output {@code Linear(d→c)} that starts at Dᵀ with a zero bias, following the TopK practice of Gao
 * et al. (2024), "Scaling and evaluating sparse autoencoders". The norm is layer normalisation (Ba et
 * al. 2016) or batch normalisation (Ioffe and Szegedy 2015, running statistics with momentum 0.1 used
 * at inference). Hidden linear layers use PyTorch's default init U(−1/√d, 1/√d).
 *
 * <p>Parameters: {@code encoder.blocks.{i}.linear.weight/bias}, {@code encoder.blocks.{i}.norm.weight/bias}
 * (plus the buffers {@code encoder.blocks.{i}.norm.running_mean/running_var} with batch
 * normalisation), {@code encoder.output.weight/bias}.
 */
public final class MlpEncoder implements Encoder {

    /** Prefix of the output layer's parameters. */
    public static final String OUTPUT = "encoder.output";

    private final List<DenseLayer> linears = new ArrayList<>();
    private final List<FeatureNorm> norms = new ArrayList<>();
    private final boolean residual;
    private final DenseLayer output;

    /**
     * @param initialAtoms the initial dictionary D (c × d, row-major), copied into the output weight
     * @param norm         the normalisation inside each block
     * @param blocks       the number of hidden blocks (≥ 1; the config allows 1 or 3)
     * @param residual     add each block's output to its input
     * @param random       source of the hidden layers' initial weights
     */
    public MlpEncoder(SaeParameters parameters, SaeShape shape, float[] initialAtoms, NormKind norm, int blocks,
                      boolean residual, SplittableRandom random) {
        if (blocks < 1) {
            throw ConfigException.outOfRange("encoder_blocks", blocks, ">= 1");
        }
        int d = shape.inputDim();
        for (int i = 0; i < blocks; i++) {
            String prefix = blockPrefix(i);
            linears.add(DenseLayer.pytorchDefault(parameters, prefix + ".linear", d, d, random));
            norms.add(switch (norm) {
                case LAYER -> new LayerNorm(parameters, prefix + ".norm", d);
                case BATCH -> new BatchNorm(parameters, prefix + ".norm", d);
            });
        }
        this.residual = residual;
        this.output = DenseLayer.of(parameters, OUTPUT, initialAtoms, d, shape.concepts());
    }

    /** Prefix of hidden block {@code i}'s parameters: {@code encoder.blocks.{i}}. */
    public static String blockPrefix(int i) {
        return "encoder.blocks." + i;
    }

    @Override
    public NDArray forward(NDArray centred, NDArray atoms, boolean training) {
        return output.apply(hidden(centred, training));
    }

    /** The last hidden activations (n × d), the input of the output layer. */
    NDArray hidden(NDArray centred, boolean training) {
        NDArray h = centred;
        for (int i = 0; i < linears.size(); i++) {
            NDArray block = Activation.relu(norms.get(i).apply(linears.get(i).apply(h), training));
            h = residual ? h.add(block) : block;
        }
        return h;
    }

    /** The number of hidden blocks. */
    public int blocks() {
        return linears.size();
    }

    public boolean residual() {
        return residual;
    }

    @Override
    public String id() {
        return "mlp";
    }
}
