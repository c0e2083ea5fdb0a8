package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The {@code nmf} learner: non-negative matrix factorisation X ≈ Z·D, X, Z, D ≥ 0 (Lee &amp; Seung
 * 1999; docs/algorithms.md#nmf). Hyperparameters:
 * <ul>
 *   <li>{@code concepts} (required) number of atoms c;</li>
 *   <li>{@code solver} hals (default) | mu | pgd | anls — see {@link NmfSolver};</li>
 *   <li>{@code max_iter} (200), {@code tol} (1e-4): iterations/epochs and stopping tolerance;</li>
 *   <li>{@code init} auto (default) | nndsvda | random — see {@link NmfInit};</li>
 *   <li>{@code inner_iterations} (10): ANLS projected-gradient steps per half, or code sweeps per
 *       mini-batch when streaming;</li>
 *   <li>{@code learning_rate} (0.05): PGD step relative to sqrt(mean(X)/c);</li>
 *   <li>{@code batch_size} (unset): stream mini-batches of this size (hals, mu) — {@link OnlineNmf};</li>
 *   <li>{@code forget_factor} (0.7): per-epoch decay of the streamed statistics;</li>
 *   <li>{@code max_in_memory_values} (268435456): larger sources are streamed;</li>
 *   <li>{@code encode_iterations} (500), {@code encode_tolerance} (1e-6): NNLS encoding of new rows.</li>
 * </ul>
 */
public final class NmfLearnerFactory implements DictionaryLearnerFactory {

    /** The learner id. */
    public static final String ID = "nmf";
    static final Set<String> KEYS = Set.of("concepts", "solver", "max_iter", "tol", "init", "inner_iterations",
            "learning_rate", "batch_size", "forget_factor", "max_in_memory_values", "encode_iterations",
            "encode_tolerance");

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
        return Set.of(Capability.STREAMING_FIT);
    }

    @Override
    public NmfLearner create(ConfigValues hyperparameters) {
        hyperparameters.rejectUnknown(KEYS);
        int concepts = hyperparameters.requireInt("concepts", 1, 1 << 20);
        NmfSolver solver = hyperparameters.optEnum("solver", NmfSolver.class, NmfSolver.HALS);
        int maxIter = hyperparameters.optInt("max_iter", 200, 1, 1_000_000);
        double tol = hyperparameters.optDouble("tol", 1e-4, 0, 1);
        NmfInit init = hyperparameters.optEnum("init", NmfInit.class, NmfInit.AUTO);
        int inner = hyperparameters.optInt("inner_iterations", 10, 1, 100_000);
        double lr = hyperparameters.optDouble("learning_rate", 0.05, 1e-12, 1e6);
        int batch = hyperparameters.optInt("batch_size", 0, 0, 1 << 24);
        if (batch > 0 && !solver.streams()) {
            throw new ConfigException(hyperparameters.source() + ": invalid batch_size: " + batch + " with solver '"
                    + solver.name().toLowerCase() + "'; mini-batch fitting is available for solvers [hals, mu]");
        }
        double forget = hyperparameters.optDouble("forget_factor", 0.7, 0, 1);
        long memory = hyperparameters.optLong("max_in_memory_values", 1L << 28, 1, Integer.MAX_VALUE - 8L);
        int encodeIterations = hyperparameters.optInt("encode_iterations", 500, 1, 10_000_000);
        double encodeTol = hyperparameters.optDouble("encode_tolerance", 1e-6, 0, 1);
        NmfOptions options = new NmfOptions(concepts, solver, maxIter, tol, init, inner, lr);
        return new NmfLearner(ID, options, batch, forget, memory, encodeIterations, encodeTol,
                hyperparameters.asMap());
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
