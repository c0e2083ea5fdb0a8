package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.factor.SourceRows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.dictionaries.linalg.Cholesky;
import dev.facet.dictionaries.linalg.KMeansPlusPlus;
import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Helpers shared by the in-memory factorisation learners of {@link ConvexLearners} (archetypal
 * analysis, Semi-NMF, Convex-NMF): reading a source into one heap matrix, the stopping rule of
 * docs/algorithms.md#semi-nmf, the ridge solve of (ZᵀZ)⁺, and the k-means++ / Lloyd initialisation
 * of Ding, Li and Jordan (2010).
 */
final class ConvexFamilySupport {

    /** Batch size used to read a source into memory. */
    private static final int READ_BATCH = 4096;
    /** Multiply-adds from which a product goes to the engine. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConvexFamilySupport() {
    }

    /** The number of atoms, required, in [1, 65536]. */
    static final Setting<Integer> CONCEPTS = Setting.integer("concepts", "number of atoms c").range(1, 1 << 16);
    /** Lloyd iterations after the k-means++ seeding of the initial indicators. */
    static final Setting<Integer> LLOYD_STEPS = Setting.integer("lloyd_steps",
            "Lloyd iterations after k-means++ seeding of the start").defaultValue(10).range(0, 10_000);

    /** The iteration settings every learner of the family shares. */
    record Iterations(int maxIter, double tol, int encodeMaxIter, double encodeTol) {

        private static final Setting<Integer> MAX_ITER = Setting.integer("max_iter", "outer iterations at most")
                .range(1, 1_000_000);
        private static final Setting<Double> TOL = Setting.decimal("tol",
                "stop when ‖Z_new − Z_old‖_F / ‖Z_new‖_F is at most this").defaultValue(1e-4).range(0, 1);
        private static final Setting<Integer> ENCODE_MAX_ITER = Setting.integer("encode_max_iter",
                "iterations when encoding new rows, at most (NNLS sweeps for semi-nmf and convex-nmf)")
                .defaultValue(1000).range(1, 1_000_000);
        private static final Setting<Double> ENCODE_TOL = Setting.decimal("encode_tol",
                "stopping tolerance when encoding new rows (the NNLS KKT tolerance for semi-nmf and convex-nmf)")
                .defaultValue(1e-6).range(0, 1);

        /** The four settings, {@code max_iter} defaulting to {@code defaultMaxIter}. */
        static Settings settings(int defaultMaxIter) {
            return Settings.of(MAX_ITER.defaultValue(defaultMaxIter), TOL, ENCODE_MAX_ITER, ENCODE_TOL);
        }

        static Iterations of(Settings.Values values) {
            return new Iterations(values.get(MAX_ITER), values.get(TOL), values.get(ENCODE_MAX_ITER),
                    values.get(ENCODE_TOL));
        }
    }

    /** Every row of {@code data} (see {@link SourceRows}), with at least {@code concepts} rows. */
    static FloatMatrix readAll(ActivationSource data, String learner, int concepts, long maxRows) {
        if (data.rows() < concepts) {
            throw new InvalidDataException("Learner '" + learner + "' needs at least as many rows as concepts ("
                    + concepts + "), found " + data.rows() + " rows");
        }
        return SourceRows.readAll(data, learner, maxRows, null);
    }

    /** ‖next − previous‖_F / ‖next‖_F (0 when both are zero). */
    static double relativeChange(float[] previous, float[] next) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < next.length; i++) {
            double delta = (double) next[i] - previous[i];
            diff += delta * delta;
            norm += (double) next[i] * next[i];
        }
        if (norm == 0) {
            return diff == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.sqrt(diff / norm);
    }

    /** ‖X − Z·D‖_F / ‖X‖_F. */
    static double relativeError(FloatMatrix x, FloatMatrix z, FloatMatrix d) {
        FloatMatrix reconstruction = Matrices.multiply(z, d);
        double err = 0;
        double norm = 0;
        float[] xd = x.data();
        float[] rd = reconstruction.data();
        for (int i = 0; i < xd.length; i++) {
            double delta = (double) xd[i] - rd[i];
            err += delta * delta;
            norm += (double) xd[i] * xd[i];
        }
        return norm == 0 ? Math.sqrt(err) : Math.sqrt(err / norm);
    }

    /**
     * Solves (A + ρI)·X = B for a symmetric positive semi-definite c × c matrix A and a c × m
     * right-hand side B by {@link Cholesky}, with the ridge ρ = {@code ridge}·max(trace(A), 10⁻³⁰)
     * (docs/algorithms.md#semi-nmf: (ZᵀZ)⁺ by a small regularised solve). The ridge grows tenfold
     * until the factorisation succeeds.
     */
    static double[] solveRidge(double[] a, int c, double[] b, int m, double ridge) {
        double trace = 0;
        for (int i = 0; i < c; i++) {
            trace += a[i * c + i];
        }
        double rho = ridge * Math.max(trace, 1e-30);
        double[] shifted = a.clone();
        for (int attempt = 0; attempt < 30; attempt++, rho *= 10) {
            for (int i = 0; i < c; i++) {
                shifted[i * c + i] = a[i * c + i] + rho;
            }
            Cholesky factor = Cholesky.factor(shifted, c, 0, 0);
            if (factor != null) {
                return factor.solve(b, m);
            }
        }
        throw new InvalidDataException("Cannot solve a " + c + "x" + c + " system: the matrix is not positive"
                + " semi-definite (trace " + trace + ")");
    }

    /**
     * Cluster assignments from {@link KMeansPlusPlus} seeding followed by {@code steps} Lloyd
     * iterations; an emptied cluster keeps its previous centre.
     *
     * @return for every row, its cluster in [0, c)
     */
    static int[] lloyd(FloatMatrix x, int c, int steps, long seed) {
        int n = x.rows();
        int d = x.cols();
        float[] xd = x.data();
        float[] centres = KMeansPlusPlus.seed(x, c, new SplittableRandom(seed)).data();
        int[] assignment = assign(x, new FloatMatrix(c, d, centres));
        for (int step = 0; step < steps; step++) {
            double[] sums = new double[c * d];
            int[] counts = new int[c];
            for (int i = 0; i < n; i++) {
                int k = assignment[i];
                counts[k]++;
                for (int j = 0; j < d; j++) {
                    sums[k * d + j] += xd[i * d + j];
                }
            }
            for (int k = 0; k < c; k++) {
                if (counts[k] > 0) {
                    for (int j = 0; j < d; j++) {
                        centres[k * d + j] = (float) (sums[k * d + j] / counts[k]);
                    }
                }
            }
            int[] next = assign(x, new FloatMatrix(c, d, centres));
            boolean same = java.util.Arrays.equals(next, assignment);
            assignment = next;
            if (same) {
                break;
            }
        }
        return assignment;
    }

    /** Index of the nearest centre of every row (‖x‖² − 2x·m + ‖m‖², the product by the engine). */
    private static int[] assign(FloatMatrix x, FloatMatrix centres) {
        int n = x.rows();
        int c = centres.rows();
        int d = x.cols();
        FloatMatrix dots = Matrices.multiply(x, false, centres, true);
        double[] centreNorms = new double[c];
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                double v = centres.data()[k * d + j];
                centreNorms[k] += v * v;
            }
        }
        int[] out = new int[n];
        float[] dd = dots.data();
        IntStream.range(0, n).parallel().forEach(i -> {
            int best = 0;
            double bestValue = Double.POSITIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                double value = centreNorms[k] - 2.0 * dd[i * c + k];
                if (value < bestValue) {
                    bestValue = value;
                    best = k;
                }
            }
            out[i] = best;
        });
        return out;
    }

    /**
     * The {@code hyperparameters} object of a saved dictionary as config values, so that the typed
     * getters check them.
     *
     * @throws CorruptArtifactException when the object is missing
     */
    static ConfigValues savedHyperparameters(SavedDictionary saved) {
        Path config = saved.directory().resolve(DictionaryFiles.CONFIG);
        JsonNode node = saved.config().get("hyperparameters");
        if (node == null || !node.isObject()) {
            throw new CorruptArtifactException(config, "expected a 'hyperparameters' object, found " + node);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(node, Map.class);
        return ConfigValues.of(config.toString(), map);
    }

    /** Provenance of a saved dictionary, a damaged one reported as a corrupt artifact. */
    static Provenance savedProvenance(SavedDictionary saved) {
        try {
            return saved.provenanceRecord();
        } catch (ConfigException e) {
            throw new CorruptArtifactException(saved.directory().resolve(DictionaryFiles.PROVENANCE),
                    e.getMessage(), e);
        }
    }

    /**
     * What a convex-family factory's {@code load} needs: the saved files, the learner rebuilt from
     * the saved hyperparameters (refused as corrupt when they no longer validate), and the atoms
     * checked against its concept count.
     */
    record Restored<L>(SavedDictionary saved, L learner, FloatMatrix atoms) {

        /** An optional saved (c × m) weight matrix, checked to have one row per atom; {@code null} when absent. */
        FloatMatrix rowsPerAtom(String name) {
            if (!saved.weights().contains(name)) {
                return null;
            }
            FloatMatrix weights = saved.weights().matrix(name);
            if (weights.rows() != atoms.rows()) {
                throw new CorruptArtifactException(saved.directory(), "'" + name + "' has " + weights.rows()
                        + " rows, expected " + atoms.rows());
            }
            return weights;
        }

        Provenance provenance() {
            return savedProvenance(saved);
        }
    }

    static <L> Restored<L> restore(Path directory, String id, java.util.function.Function<ConfigValues, L> create,
                                   java.util.function.ToIntFunction<L> concepts) {
        SavedDictionary saved = MatrixDictionary.read(directory, id);
        ConfigValues values = savedHyperparameters(saved);
        L learner;
        try {
            learner = create.apply(values);
        } catch (ConfigException e) {
            throw new CorruptArtifactException(directory, "invalid saved hyperparameters: " + e.getMessage(), e);
        }
        FloatMatrix atoms = saved.weights().matrix(MatrixDictionary.ATOMS);
        if (atoms.rows() != concepts.applyAsInt(learner)) {
            throw new CorruptArtifactException(directory, "'" + MatrixDictionary.ATOMS + "' has " + atoms.rows()
                    + " rows, expected concepts = " + concepts.applyAsInt(learner));
        }
        return new Restored<>(saved, learner, atoms);
    }
}
