package dev.facet.dictionaries.sae;

import dev.facet.dictionaries.sae.sparsifier.JumpKernel;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Architecture and loss of a sparse autoencoder, composed from parts
 * (docs/algorithms.md#sparse-autoencoder): an encoder,
 * a dictionary layer, a sparsifier, optional Matryoshka prefixes, and loss terms. Each part is one
 * {@link Setting} of {@link #SETTINGS}, declared once below with its default, range and meaning;
 * the accessors read the validated values and {@link #toMap()} is what {@code config.json} saves.
 * The combinations are checked on construction; every error names the field, its value and the
 * allowed range.
 *
 * @param values the validated values (settings of other schemas in it are dropped)
 */
public record SaeConfig(Settings.Values values) {

    /** Encoder kinds (docs/algorithms.md#encoders). */
    public enum EncoderKind { LINEAR, MLP, ATTENTION, IDENTITY, TIED }

    /** Normalisation inside {@code mlp} encoder blocks. */
    public enum NormKind { LAYER, BATCH }

    /** Dictionary layers: a norm constraint, or the relaxed archetypal dictionary. */
    public enum DictionaryKind { L2, MAX_L2, L1, MAX_L1, IDENTITY, ARCHETYPAL }

    /** Sparsifiers (docs/algorithms.md#sparse-autoencoder). */
    public enum SparsifierKind {
        RELU, TOPK, BATCHTOPK, JUMPRELU, MP, OMP;

        /** Whether the sparsifier keeps a budget of {@code k} codes per sample. */
        public boolean takesK() {
            return this == TOPK || this == BATCHTOPK || this == MP || this == OMP;
        }

        boolean pursuit() {
            return this == MP || this == OMP;
        }
    }

    /** Loss kinds: MSE alone or with a sparsity penalty. */
    public enum LossKind { MSE, MSE_L1, MSE_HOYER, MSE_KAPPA4, ELASTIC }

    public static final Setting<Integer> CONCEPTS = Setting.integer("concepts", "number of atoms (concepts) c")
            .range(1, 1 << 24);
    public static final Setting<EncoderKind> ENCODER = Setting.choice("encoder", EncoderKind.class,
                    "encoder of the pre-activations; identity only with mp and omp")
            .derivedDefault("identity for mp and omp, else linear",
                    v -> v.get(SaeConfig.SPARSIFIER).pursuit() ? EncoderKind.IDENTITY : EncoderKind.LINEAR);
    public static final Setting<NormKind> ENCODER_NORM = Setting.choice("encoder_norm", NormKind.class,
            "normalisation inside mlp encoder blocks").defaultValue(NormKind.LAYER);
    public static final Setting<Integer> ENCODER_BLOCKS = Setting.integer("encoder_blocks",
            "hidden blocks of the mlp (1 or 3) and attention encoders").defaultValue(1).range(1, 64);
    public static final Setting<Boolean> RESIDUAL = Setting.bool("residual",
            "residual connections around mlp blocks").defaultValue(false);
    public static final Setting<Integer> HEADS = Setting.integer("heads", "heads of the attention encoder")
            .defaultValue(4).range(1, 1024);
    public static final Setting<Integer> TOKENS = Setting.integer("tokens",
            "tokens per image for the attention encoder (the pipeline fills it in), else 0")
            .defaultValue(0).range(0, 1 << 20);
    public static final Setting<DictionaryKind> DICTIONARY = Setting.choice("dictionary", DictionaryKind.class,
                    "atoms: each to unit l2/l1 norm, all by the largest (max_*), unconstrained, or archetypal")
            .defaultValue(DictionaryKind.L2);
    public static final Setting<Boolean> MULTIPLIER = Setting.bool("multiplier",
            "learn a scalar log-multiplier m, D = W·exp(m)").defaultValue(false);
    public static final Setting<Integer> CANDIDATES = Setting.integer("candidates",
            "candidate points of the archetypal dictionary").defaultValue(0).range(0, 1 << 24);
    public static final Setting<Double> DELTA = Setting.decimal("delta",
            "bound δ on the archetypal relaxation ‖Λᵢ‖").defaultValue(1.0).min(0);
    public static final Setting<SparsifierKind> SPARSIFIER = Setting.choice("sparsifier", SparsifierKind.class,
            "how the codes are made sparse");
    public static final Setting<Integer> K = Setting.integer("k",
            "active codes per sample (topk, batchtopk, mp, omp), at most concepts").defaultValue(0).range(0, 1 << 24);
    public static final Setting<Double> THRESHOLD_MOMENTUM = Setting.decimal("threshold_momentum",
            "EMA momentum of the BatchTopK inference threshold").defaultValue(0.01).above(0).max(1);
    public static final Setting<String> KERNEL = Setting.choice("kernel", JumpKernel.ids(),
            "JumpReLU pseudo-gradient kernel").defaultValue("rectangle");
    public static final Setting<Double> BANDWIDTH = Setting.decimal("bandwidth",
            "JumpReLU kernel bandwidth ε").defaultValue(0.001).above(0);
    public static final Setting<Double> INITIAL_THRESHOLD = Setting.decimal("initial_threshold",
            "JumpReLU initial threshold θ").defaultValue(0.001).above(0);
    public static final Setting<List<Integer>> PREFIXES = Setting.integers("prefixes",
            "Matryoshka prefix sizes m₁ < … < c, ending at c (topk, batchtopk); empty for none")
            .defaultValue(List.of()).range(1, 1 << 24);
    public static final Setting<LossKind> LOSS = Setting.choice("loss", LossKind.class,
                    "reconstruction loss, with or without a sparsity penalty")
            .derivedDefault("mse_l1 for relu, else mse",
                    v -> v.get(SPARSIFIER) == SparsifierKind.RELU ? LossKind.MSE_L1 : LossKind.MSE);
    public static final Setting<Double> LAMBDA = Setting.decimal("lambda",
                    "penalty coefficient of mse_l1, mse_hoyer, mse_kappa4 and elastic")
            .derivedDefault("0.001 for relu, else 0", v -> v.get(SPARSIFIER) == SparsifierKind.RELU ? 1e-3 : 0.0)
            .min(0);
    public static final Setting<Double> ALPHA = Setting.decimal("alpha", "elastic-net mixing α")
            .defaultValue(0.5).range(0, 1);
    public static final Setting<Boolean> AUXK = Setting.bool("auxk", "add the AuxK dead-latent loss")
            .derivedDefault("true for topk and batchtopk",
                    v -> v.get(SPARSIFIER) == SparsifierKind.TOPK || v.get(SPARSIFIER) == SparsifierKind.BATCHTOPK);
    public static final Setting<Double> AUXK_ALPHA = Setting.decimal("auxk_alpha", "AuxK loss coefficient")
            .defaultValue(1.0 / 32).min(0);
    public static final Setting<Integer> K_AUX = Setting.integer("k_aux", "AuxK latents per sample, 0 for d/2")
            .defaultValue(0).range(0, 1 << 24);
    public static final Setting<Double> L0_COEFFICIENT = Setting.decimal("l0_coefficient",
            "JumpReLU L0 penalty coefficient").defaultValue(1e-3).min(0);

    /** Every architecture setting, in the order {@code config.json} saves them. */
    public static final Settings SETTINGS = Settings.of(CONCEPTS, ENCODER, ENCODER_NORM, ENCODER_BLOCKS, RESIDUAL,
            HEADS, TOKENS, DICTIONARY, MULTIPLIER, CANDIDATES, DELTA, SPARSIFIER, K, THRESHOLD_MOMENTUM, KERNEL,
            BANDWIDTH, INITIAL_THRESHOLD, PREFIXES, LOSS, LAMBDA, ALPHA, AUXK, AUXK_ALPHA, K_AUX, L0_COEFFICIENT);

    /** The Matryoshka default of {@link #PREFIXES}: nested prefixes at c/16, c/8, c/4, c/2 and c. */
    public static final Setting<List<Integer>> MATRYOSHKA_PREFIXES = PREFIXES.derivedDefault(
            "c/16, c/8, c/4, c/2, c (those >= 1, distinct)", v -> defaultPrefixes(v.get(CONCEPTS)));

    /** Keeps the architecture settings of {@code values} and checks how they combine. */
    public SaeConfig {
        values = values.select(SETTINGS);
        check(values);
    }

    private static void check(Settings.Values v) {
        int concepts = v.get(CONCEPTS);
        SparsifierKind sparsifier = v.get(SPARSIFIER);
        int k = v.get(K);
        EncoderKind encoder = v.get(ENCODER);
        if (sparsifier.takesK()) {
            require(k >= 1 && k <= concepts, "k", k, "1.." + concepts + " for sparsifier " + SaeConfig.id(sparsifier));
        }
        require(k <= concepts, "k", k, "0.." + concepts);
        require(v.get(ENCODER_BLOCKS) == 1 || v.get(ENCODER_BLOCKS) == 3 || encoder != EncoderKind.MLP,
                "encoder_blocks", v.get(ENCODER_BLOCKS), "1 or 3");
        require(encoder != EncoderKind.ATTENTION || v.get(TOKENS) >= 1, "tokens", v.get(TOKENS),
                ">= 1 (tokens per image) for the attention encoder");
        List<Integer> prefixes = v.get(PREFIXES);
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
        require(encoder != EncoderKind.IDENTITY || sparsifier.pursuit(), "encoder", "identity",
                "only with the mp or omp sparsifier");
    }

    private static void require(boolean ok, String field, Object value, String allowed) {
        if (!ok) {
            throw ConfigException.outOfRange(field, value, allowed);
        }
    }

    /**
     * Reads the architecture keys of {@code values} alone, for code that builds a model without a
     * learner: {@code defaultSparsifier} applies when the key {@code sparsifier} is absent (null:
     * the key is required), {@code matryoshka} picks the Matryoshka default prefixes.
     */
    public static SaeConfig from(ConfigValues values, SparsifierKind defaultSparsifier, boolean matryoshka) {
        Settings schema = matryoshka ? SETTINGS.replace(MATRYOSHKA_PREFIXES) : SETTINGS;
        if (defaultSparsifier != null) {
            schema = schema.replace(SPARSIFIER.defaultValue(defaultSparsifier));
        }
        return new SaeConfig(schema.read(values));
    }

    /** Matryoshka default: prefixes at c/16, c/8, c/4, c/2, c (those that are at least 1 and distinct). */
    static List<Integer> defaultPrefixes(int concepts) {
        TreeSet<Integer> sizes = new TreeSet<>();
        for (int divisor : new int[] {16, 8, 4, 2, 1}) {
            if (concepts / divisor >= 1) {
                sizes.add(concepts / divisor);
            }
        }
        return List.copyOf(sizes);
    }

    /** The keys and values as saved in {@code config.json} (readable back through {@link #SETTINGS}). */
    public Map<String, Object> toMap() {
        return values.toMap();
    }

    static String id(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    public int concepts() {
        return values.get(CONCEPTS);
    }

    public EncoderKind encoder() {
        return values.get(ENCODER);
    }

    public NormKind encoderNorm() {
        return values.get(ENCODER_NORM);
    }

    public int encoderBlocks() {
        return values.get(ENCODER_BLOCKS);
    }

    public boolean residual() {
        return values.get(RESIDUAL);
    }

    public int heads() {
        return values.get(HEADS);
    }

    public int tokens() {
        return values.get(TOKENS);
    }

    public DictionaryKind dictionary() {
        return values.get(DICTIONARY);
    }

    public boolean multiplier() {
        return values.get(MULTIPLIER);
    }

    public int candidates() {
        return values.get(CANDIDATES);
    }

    public double delta() {
        return values.get(DELTA);
    }

    public SparsifierKind sparsifier() {
        return values.get(SPARSIFIER);
    }

    public int k() {
        return values.get(K);
    }

    public double thresholdMomentum() {
        return values.get(THRESHOLD_MOMENTUM);
    }

    public String jumpKernel() {
        return values.get(KERNEL);
    }

    public double bandwidth() {
        return values.get(BANDWIDTH);
    }

    public double initialThreshold() {
        return values.get(INITIAL_THRESHOLD);
    }

    public List<Integer> prefixes() {
        return values.get(PREFIXES);
    }

    public LossKind loss() {
        return values.get(LOSS);
    }

    public double lambda() {
        return values.get(LAMBDA);
    }

    public double alpha() {
        return values.get(ALPHA);
    }

    public boolean auxK() {
        return values.get(AUXK);
    }

    public double auxKAlpha() {
        return values.get(AUXK_ALPHA);
    }

    public int kAux() {
        return values.get(K_AUX);
    }

    public double l0Coefficient() {
        return values.get(L0_COEFFICIENT);
    }
}
