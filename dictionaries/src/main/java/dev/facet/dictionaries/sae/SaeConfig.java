package dev.facet.dictionaries.sae;

import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Architecture and loss of a sparse autoencoder, composed from parts
 * (docs/algorithms.md#sparse-autoencoder): an encoder, a dictionary layer, a sparsifier, optional
 * Matryoshka prefixes, and loss terms. Validated on construction; every error names the field, its
 * value and the allowed range.
 *
 * @param concepts          c, the number of atoms
 * @param encoder           encoder kind
 * @param encoderNorm       normalisation of {@code mlp} blocks
 * @param encoderBlocks     hidden blocks of {@code mlp} and {@code attention} encoders
 * @param residual          residual connections around {@code mlp} blocks
 * @param heads             attention heads of the {@code attention} encoder
 * @param tokens            tokens per image (rows per group) for the {@code attention} encoder, 0 otherwise
 * @param dictionary        dictionary constraint or {@code archetypal}
 * @param multiplier        learn a scalar log-multiplier D = W·exp(m)
 * @param candidates        number of candidate points m of the archetypal dictionary
 * @param delta             bound δ on the archetypal relaxation ‖Λᵢ‖
 * @param sparsifier        sparsifier kind
 * @param k                 active codes per sample (TopK, BatchTopK, pursuit); 0 when unused
 * @param thresholdMomentum EMA momentum of the BatchTopK inference threshold
 * @param jumpKernel        JumpReLU pseudo-gradient kernel id
 * @param bandwidth         JumpReLU kernel bandwidth ε
 * @param initialThreshold  JumpReLU initial threshold θ
 * @param prefixes          Matryoshka prefix sizes m₁ &lt; … &lt; c, empty for none
 * @param loss              reconstruction-plus-penalty loss kind
 * @param lambda            penalty coefficient of {@code mse_l1}, {@code mse_hoyer}, {@code mse_kappa4}, {@code elastic}
 * @param alpha             elastic-net mixing α
 * @param auxK              add the AuxK dead-latent loss
 * @param auxKAlpha         AuxK coefficient
 * @param kAux              AuxK latents per sample, 0 for d/2
 * @param l0Coefficient     JumpReLU L0 penalty coefficient
 */
public record SaeConfig(int concepts, EncoderKind encoder, NormKind encoderNorm, int encoderBlocks, boolean residual,
                        int heads, int tokens, DictionaryKind dictionary, boolean multiplier, int candidates,
                        double delta, SparsifierKind sparsifier, int k, double thresholdMomentum, String jumpKernel,
                        double bandwidth, double initialThreshold, List<Integer> prefixes, LossKind loss,
                        double lambda, double alpha, boolean auxK, double auxKAlpha, int kAux,
                        double l0Coefficient) {

    /** Encoder kinds (docs/algorithms.md#encoders). */
    public enum EncoderKind { LINEAR, MLP, ATTENTION, IDENTITY, TIED }

    /** Normalisation inside {@code mlp} encoder blocks. */
    public enum NormKind { LAYER, BATCH }

    /** Dictionary layers: a norm constraint, or the relaxed archetypal dictionary. */
    public enum DictionaryKind { L2, MAX_L2, L1, MAX_L1, IDENTITY, ARCHETYPAL }

    /** Sparsifiers (docs/algorithms.md#sparse-autoencoder). */
    public enum SparsifierKind { RELU, TOPK, BATCHTOPK, JUMPRELU, MP, OMP }

    /** Loss kinds: MSE alone or with a sparsity penalty. */
    public enum LossKind { MSE, MSE_L1, MSE_HOYER, MSE_KAPPA4, ELASTIC }

    /** Every key {@link #from} reads. */
    public static final Set<String> KEYS = Set.of("concepts", "encoder", "encoder_norm", "encoder_blocks", "residual",
            "heads", "tokens", "dictionary", "multiplier", "candidates", "delta", "sparsifier", "k",
            "threshold_momentum", "kernel", "bandwidth", "initial_threshold", "prefixes", "loss", "lambda", "alpha",
            "auxk", "auxk_alpha", "k_aux", "l0_coefficient");

    public SaeConfig {
        require(concepts >= 1, "concepts", concepts, ">= 1");
        prefixes = List.copyOf(prefixes);
        boolean budgeted = sparsifier == SparsifierKind.TOPK || sparsifier == SparsifierKind.BATCHTOPK
                || sparsifier == SparsifierKind.MP || sparsifier == SparsifierKind.OMP;
        if (budgeted) {
            require(k >= 1 && k <= concepts, "k", k, "1.." + concepts + " for sparsifier " + sparsifier.name().toLowerCase(Locale.ROOT));
        }
        require(encoderBlocks == 1 || encoderBlocks == 3 || encoder != EncoderKind.MLP, "encoder_blocks", encoderBlocks,
                "1 or 3");
        require(encoderBlocks >= 1, "encoder_blocks", encoderBlocks, ">= 1");
        require(heads >= 1, "heads", heads, ">= 1");
        require(tokens >= 0, "tokens", tokens, ">= 0");
        require(encoder != EncoderKind.ATTENTION || tokens >= 1, "tokens", tokens,
                ">= 1 (tokens per image) for the attention encoder");
        require(candidates >= 0, "candidates", candidates, ">= 0");
        require(delta >= 0, "delta", delta, ">= 0");
        require(bandwidth > 0, "bandwidth", bandwidth, "> 0");
        require(initialThreshold > 0, "initial_threshold", initialThreshold, "> 0");
        require(thresholdMomentum > 0 && thresholdMomentum <= 1, "threshold_momentum", thresholdMomentum, "(0, 1]");
        require(kAux >= 0, "k_aux", kAux, ">= 0");
        for (int i = 0; i < prefixes.size(); i++) {
            int size = prefixes.get(i);
            int previous = i == 0 ? 0 : prefixes.get(i - 1);
            require(size > previous && size <= concepts, "prefixes", prefixes,
                    "strictly increasing sizes in 1.." + concepts);
        }
        if (!prefixes.isEmpty() && prefixes.get(prefixes.size() - 1) != concepts) {
            throw new ConfigException("Field 'prefixes' = " + prefixes + ": the last prefix must be all " + concepts
                    + " concepts");
        }
        require(prefixes.isEmpty() || sparsifier == SparsifierKind.TOPK || sparsifier == SparsifierKind.BATCHTOPK,
                "prefixes", prefixes, "only with sparsifier topk or batchtopk (Matryoshka)");
        require(encoder != EncoderKind.IDENTITY || sparsifier == SparsifierKind.MP || sparsifier == SparsifierKind.OMP,
                "encoder", "identity", "only with the mp or omp sparsifier");
        if (sparsifier == SparsifierKind.JUMPRELU) {
            dev.facet.dictionaries.sae.sparsifier.JumpKernel.fromId(jumpKernel);
        }
    }

    private static void require(boolean ok, String field, Object value, String allowed) {
        if (!ok) {
            throw ConfigException.outOfRange(field, value, allowed);
        }
    }

    /**
     * Reads the architecture keys of {@code values} (unknown keys are the caller's business);
     * {@code defaultSparsifier} applies when the key {@code sparsifier} is absent.
     */
    public static SaeConfig from(ConfigValues values, SparsifierKind defaultSparsifier, boolean matryoshka) {
        int concepts = values.requireInt("concepts", 1, 1 << 24);
        SparsifierKind sparsifier = values.optEnum("sparsifier", SparsifierKind.class, defaultSparsifier);
        if (sparsifier == null) {
            throw new ConfigException(values.source() + ": missing key 'sparsifier'; allowed: "
                    + List.of("relu", "topk", "batchtopk", "jumprelu", "mp", "omp"));
        }
        EncoderKind encoder = values.optEnum("encoder", EncoderKind.class,
                sparsifier == SparsifierKind.MP || sparsifier == SparsifierKind.OMP ? EncoderKind.IDENTITY
                        : EncoderKind.LINEAR);
        List<Integer> prefixes = values.optIntList("prefixes", matryoshka ? defaultPrefixes(concepts) : List.of(), 1,
                concepts);
        return new SaeConfig(concepts, encoder,
                values.optEnum("encoder_norm", NormKind.class, NormKind.LAYER),
                values.optInt("encoder_blocks", 1, 1, 64),
                values.optBoolean("residual", false),
                values.optInt("heads", 4, 1, 1024),
                values.optInt("tokens", 0, 0, 1 << 20),
                values.optEnum("dictionary", DictionaryKind.class, DictionaryKind.L2),
                values.optBoolean("multiplier", false),
                values.optInt("candidates", 0, 0, 1 << 24),
                values.optDouble("delta", 1.0, 0, Double.MAX_VALUE),
                sparsifier,
                values.optInt("k", 0, 0, concepts),
                values.optDouble("threshold_momentum", 0.01, 0, 1),
                values.optString("kernel", "rectangle"),
                values.optDouble("bandwidth", 0.001, 0, Double.MAX_VALUE),
                values.optDouble("initial_threshold", 0.001, 0, Double.MAX_VALUE),
                prefixes,
                values.optEnum("loss", LossKind.class, sparsifier == SparsifierKind.RELU ? LossKind.MSE_L1 : LossKind.MSE),
                values.optDouble("lambda", sparsifier == SparsifierKind.RELU ? 1e-3 : 0, 0, Double.MAX_VALUE),
                values.optDouble("alpha", 0.5, 0, 1),
                values.optBoolean("auxk", sparsifier == SparsifierKind.TOPK || sparsifier == SparsifierKind.BATCHTOPK),
                values.optDouble("auxk_alpha", 1.0 / 32, 0, Double.MAX_VALUE),
                values.optInt("k_aux", 0, 0, 1 << 24),
                values.optDouble("l0_coefficient", 1e-3, 0, Double.MAX_VALUE));
    }

    /** Matryoshka default: prefixes at c/16, c/8, c/4, c/2, c (those that are at least 1 and distinct). */
    static List<Integer> defaultPrefixes(int concepts) {
        java.util.TreeSet<Integer> sizes = new java.util.TreeSet<>();
        for (int divisor : new int[] {16, 8, 4, 2, 1}) {
            if (concepts / divisor >= 1) {
                sizes.add(concepts / divisor);
            }
        }
        return List.copyOf(sizes);
    }

    /** The keys and values as saved in {@code config.json} (readable back by {@link #from}). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("concepts", concepts);
        map.put("encoder", id(encoder));
        map.put("encoder_norm", id(encoderNorm));
        map.put("encoder_blocks", encoderBlocks);
        map.put("residual", residual);
        map.put("heads", heads);
        map.put("tokens", tokens);
        map.put("dictionary", id(dictionary));
        map.put("multiplier", multiplier);
        map.put("candidates", candidates);
        map.put("delta", delta);
        map.put("sparsifier", id(sparsifier));
        map.put("k", k);
        map.put("threshold_momentum", thresholdMomentum);
        map.put("kernel", jumpKernel);
        map.put("bandwidth", bandwidth);
        map.put("initial_threshold", initialThreshold);
        map.put("prefixes", prefixes);
        map.put("loss", id(loss));
        map.put("lambda", lambda);
        map.put("alpha", alpha);
        map.put("auxk", auxK);
        map.put("auxk_alpha", auxKAlpha);
        map.put("k_aux", kAux);
        map.put("l0_coefficient", l0Coefficient);
        return map;
    }

    static String id(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
