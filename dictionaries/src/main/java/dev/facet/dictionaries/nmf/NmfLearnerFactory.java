package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.dictionaries.linalg.Nnls;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code nmf} learner: non-negative matrix factorisation X ≈ Z·D, X, Z, D ≥ 0 (Lee &amp; Seung
 * 1999; docs/algorithms.md#nmf), solved by one of {@link NmfSolver}, started by one of {@link NmfInit},
 * streamed in mini-batches by {@link OnlineNmf} when {@code batch_size} is set or the source is
 * large. Its settings are declared once in {@link #SETTINGS}.
 */
public final class NmfLearnerFactory implements DictionaryLearnerFactory {

    /** The learner id. */
    public static final String ID = "nmf";

    static final Setting<Integer> CONCEPTS = Setting.integer("concepts", "number of atoms c").range(1, 1 << 20);
    static final Setting<NmfSolver> SOLVER = Setting.choice("solver", NmfSolver.class,
            "HALS, multiplicative updates, Adam projected gradient, or alternating NNLS").defaultValue(NmfSolver.HALS);
    static final Setting<Integer> MAX_ITER = Setting.integer("max_iter", "iterations, or epochs when streaming")
            .defaultValue(200).range(1, 1_000_000);
    static final Setting<Double> TOL = Setting.decimal("tol",
            "stop when the relative change of the factors is at most this; 0 runs every iteration")
            .defaultValue(1e-4).range(0, 1);
    static final Setting<NmfInit> INIT = Setting.choice("init", NmfInit.class,
            "start: nndsvda when c <= min(n, d) else random (auto), NNDSVDa, or random").defaultValue(NmfInit.AUTO);
    static final Setting<Integer> INNER_ITERATIONS = Setting.integer("inner_iterations",
            "ANLS: NNLS sweeps per half at most; streaming: code sweeps per mini-batch")
            .defaultValue(10).range(1, 100_000);
    static final Setting<Double> LEARNING_RATE = Setting.decimal("learning_rate",
            "PGD step relative to sqrt(mean(X)/c)").defaultValue(0.05).range(1e-12, 1e6);
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size",
            "stream mini-batches of this many rows (hals, mu); 0 fits in memory when the source fits")
            .defaultValue(0).range(0, 1 << 24);
    static final Setting<Double> FORGET_FACTOR = Setting.decimal("forget_factor",
            "per-epoch decay of the streamed statistics").defaultValue(0.7).range(0, 1);
    static final Setting<Long> MAX_IN_MEMORY_VALUES = Setting.longInteger("max_in_memory_values",
            "sources with more values than this are streamed").defaultValue(1L << 28).range(1, Integer.MAX_VALUE - 8L);
    static final Setting<Integer> ENCODE_ITERATIONS = Setting.integer("encode_iterations",
            "NNLS sweeps per row at most when encoding new rows; rows left above encode_tolerance are logged")
            .defaultValue(500).range(1, 10_000_000);
    static final Setting<Double> ENCODE_TOLERANCE = Setting.decimal("encode_tolerance",
            "NNLS KKT tolerance when encoding new rows, relative to the largest |<x, unit atom>|")
            .defaultValue(Nnls.DEFAULT_TOLERANCE).range(0, 1);

    /** Every setting of the learner, in the order the saved config lists them. */
    static final Settings SETTINGS = Settings.of(CONCEPTS, SOLVER, MAX_ITER, TOL, INIT, INNER_ITERATIONS,
            LEARNING_RATE, BATCH_SIZE, FORGET_FACTOR, MAX_IN_MEMORY_VALUES, ENCODE_ITERATIONS, ENCODE_TOLERANCE);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Non-negative matrix factorisation (HALS, multiplicative updates, Adam PGD or ANLS; NNLS encoding)";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.STREAMING_FIT, Capability.ENCODER_GRADIENTS);
    }

    @Override
    public Settings settings() {
        return SETTINGS;
    }

    @Override
    public NmfLearner create(ConfigValues hyperparameters) {
        Settings.Values values = SETTINGS.read(hyperparameters);
        NmfSolver solver = values.get(SOLVER);
        int batch = values.get(BATCH_SIZE);
        if (batch > 0 && !solver.streams()) {
            throw new ConfigException(hyperparameters.source() + ": invalid batch_size: " + batch + " with solver '"
                    + solver.name().toLowerCase(Locale.ROOT) + "'; mini-batch fitting is available for solvers [hals, mu]");
        }
        NmfOptions options = new NmfOptions(values.get(CONCEPTS), solver, values.get(MAX_ITER), values.get(TOL),
                values.get(INIT), values.get(INNER_ITERATIONS), values.get(LEARNING_RATE));
        return new NmfLearner(ID, options, batch, values.get(FORGET_FACTOR), values.get(MAX_IN_MEMORY_VALUES),
                values.get(ENCODE_ITERATIONS), values.get(ENCODE_TOLERANCE), values.toMap());
    }

    @Override
    public NmfDictionary load(Path directory) {
        SavedDictionary saved = MatrixDictionary.read(directory, ID);
        int iterations = saved.config().path("encode_iterations").asInt(-1);
        double tolerance = saved.config().path("encode_tolerance").asDouble(-1);
        if (iterations < 1 || tolerance < 0) {
            throw new CorruptArtifactException(directory, "expected encode_iterations >= 1 and encode_tolerance >= 0 "
                    + "in the config, found " + saved.config().get("encode_iterations") + " and "
                    + saved.config().get("encode_tolerance"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> hyper = saved.config().has("hyperparameters")
                ? new com.fasterxml.jackson.databind.ObjectMapper().convertValue(saved.config().get("hyperparameters"),
                        Map.class)
                : Map.of();
        Provenance provenance;
        try {
            provenance = saved.provenanceRecord();
        } catch (ConfigException e) {
            throw new CorruptArtifactException(directory, "invalid provenance: " + e.getMessage(), e);
        }
        return new NmfDictionary(ID, saved.weights().matrix(MatrixDictionary.ATOMS), hyper, iterations, tolerance,
                provenance);
    }
}
