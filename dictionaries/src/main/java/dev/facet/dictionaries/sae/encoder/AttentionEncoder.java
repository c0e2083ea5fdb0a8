package dev.facet.dictionaries.sae.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.facet.dictionaries.sae.SaeParameters;
import dev.facet.dictionaries.sae.SaeShape;
import dev.facet.spi.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A transformer encoder over the tokens of each image (docs/algorithms.md#encoders, {@code attention}).
 * The input rows (n·t × d) are read as n images of t consecutive token rows, reshaped to (n, t, d) and
 * passed through pre-LN transformer blocks (Vaswani et al. 2017, "Attention Is All You Need"; pre-LN as
 * in Xiong et al. 2020, "On Layer Normalization in the Transformer Architecture"): {@code h ← h +
 * MHA(LN(h))}, {@code h ← h + MLP(LN(h))} with an MLP d→4d→d (GELU or ReLU). The scaled dot-product
 * attention of each head is a softmax over the t tokens of the <em>same</em> image: unlike the Python
 * version, whose attention mixes the images of a batch, an image's codes do not depend on the other
 * images in its batch. The result goes back to (n·t, d) and through an output {@code Linear(d→c)} that
 * starts at Dᵀ with a zero bias (Gao et al. 2024, "Scaling and evaluating sparse autoencoders"). Other
 * linear layers use PyTorch's default init U(−1/√fan_in, 1/√fan_in); layer-norm gains start at 1 and
 * biases at 0.
 *
 * <p>Parameters of block i, under {@code encoder.blocks.{i}.}: {@code attention_norm.weight/bias},
 * {@code attention.query/key/value/output.weight/bias}, {@code mlp_norm.weight/bias},
 * {@code mlp.hidden.weight/bias} (4d × d), {@code mlp.output.weight/bias} (d × 4d); then
 * {@code encoder.output.weight/bias}.
 */
public final class AttentionEncoder implements Encoder {

    /** Prefix of the output layer's parameters. */
    public static final String OUTPUT = "encoder.output";

    /** The non-linearity of the blocks' MLP. */
    public enum MlpActivation { GELU, RELU }

    private final int tokens;
    private final int heads;
    private final int inputDim;
    private final MlpActivation activation;
    private final List<Block> blocks = new ArrayList<>();
    private final DenseLayer output;

    private record Block(LayerNorm attentionNorm, DenseLayer query, DenseLayer key, DenseLayer value,
                         DenseLayer attentionOutput, LayerNorm mlpNorm, DenseLayer mlpHidden, DenseLayer mlpOutput) {
    }

    /**
     * @param initialAtoms the initial dictionary D (c × d, row-major), copied into the output weight
     * @param tokens       t, the number of consecutive rows that form one image
     * @param heads        attention heads; must divide d
     * @param blocks       transformer blocks (≥ 1)
     * @param activation   the MLP non-linearity
     * @param random       source of the blocks' initial weights
     */
    public AttentionEncoder(SaeParameters parameters, SaeShape shape, float[] initialAtoms, int tokens, int heads,
                            int blocks, MlpActivation activation, SplittableRandom random) {
        int d = shape.inputDim();
        if (tokens < 1) {
            throw ConfigException.outOfRange("tokens", tokens, ">= 1 (tokens per image) for the attention encoder");
        }
        if (heads < 1 || d % heads != 0) {
            throw ConfigException.outOfRange("heads", heads, "a divisor of the input dimension " + d);
        }
        if (blocks < 1) {
            throw ConfigException.outOfRange("encoder_blocks", blocks, ">= 1");
        }
        this.tokens = tokens;
        this.heads = heads;
        this.inputDim = d;
        this.activation = activation;
        for (int i = 0; i < blocks; i++) {
            addBlock("encoder.blocks." + i, parameters, d, random);
        }
        this.output = DenseLayer.of(parameters, OUTPUT, initialAtoms, d, shape.concepts());
    }

    private void addBlock(String prefix, SaeParameters parameters, int d, SplittableRandom random) {
        blocks.add(new Block(
                new LayerNorm(parameters, prefix + ".attention_norm", d),
                DenseLayer.pytorchDefault(parameters, prefix + ".attention.query", d, d, random),
                DenseLayer.pytorchDefault(parameters, prefix + ".attention.key", d, d, random),
                DenseLayer.pytorchDefault(parameters, prefix + ".attention.value", d, d, random),
                DenseLayer.pytorchDefault(parameters, prefix + ".attention.output", d, d, random),
                new LayerNorm(parameters, prefix + ".mlp_norm", d),
                DenseLayer.pytorchDefault(parameters, prefix + ".mlp.hidden", d, 4 * d, random),
                DenseLayer.pytorchDefault(parameters, prefix + ".mlp.output", 4 * d, d, random)));
    }

    @Override
    public NDArray forward(NDArray centred, NDArray atoms, boolean training) {
        long[] shape = centred.getShape().getShape();
        if (shape.length != 2 || shape[1] != inputDim) {
            throw new IllegalArgumentException("Attention encoder input has shape " + centred.getShape()
                    + "; expected (images·tokens, " + inputDim + ")");
        }
        long rows = shape[0];
        if (rows % tokens != 0) {
            throw new IllegalArgumentException("Attention encoder: a batch of " + rows
                    + " rows is not a whole number of images of " + tokens + " tokens; expected a multiple of "
                    + tokens + ", found " + rows + " (remainder " + rows % tokens + ")");
        }
        long images = rows / tokens;
        NDArray h = centred.reshape(images, tokens, inputDim);
        for (Block block : blocks) {
            h = h.add(attention(block, block.attentionNorm().apply(h, training)));
            NDArray hidden = block.mlpHidden().apply(block.mlpNorm().apply(h, training));
            hidden = activation == MlpActivation.GELU ? Activation.gelu(hidden) : Activation.relu(hidden);
            h = h.add(block.mlpOutput().apply(hidden));
        }
        return output.apply(h.reshape(rows, inputDim));
    }

    /** Multi-head scaled dot-product self-attention within each image of {@code x} (n, t, d). */
    private NDArray attention(Block block, NDArray x) {
        long images = x.getShape().get(0);
        int headDim = inputDim / heads;
        NDArray q = splitHeads(block.query().apply(x), images, headDim);
        NDArray k = splitHeads(block.key().apply(x), images, headDim);
        NDArray v = splitHeads(block.value().apply(x), images, headDim);
        // (n, heads, t, t): scores between the tokens of one image only.
        NDArray weights = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(headDim)).softmax(3);
        NDArray mixed = weights.matMul(v).transpose(0, 2, 1, 3).reshape(images, tokens, inputDim);
        return block.attentionOutput().apply(mixed);
    }

    private NDArray splitHeads(NDArray x, long images, int headDim) {
        return x.reshape(images, tokens, heads, headDim).transpose(0, 2, 1, 3);
    }

    public int tokens() {
        return tokens;
    }

    public int heads() {
        return heads;
    }

    /** The number of transformer blocks. */
    public int blocks() {
        return blocks.size();
    }

    @Override
    public String id() {
        return "attention";
    }
}
