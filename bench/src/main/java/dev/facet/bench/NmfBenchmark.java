package dev.facet.bench;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.dictionaries.linalg.Nnls;
import dev.facet.dictionaries.metrics.Reconstruction;
import dev.facet.dictionaries.nmf.Nmf;
import dev.facet.dictionaries.nmf.NmfOptions;
import dev.facet.dictionaries.nmf.NmfResult;
import dev.facet.dictionaries.nmf.NmfSolver;
import dev.facet.djl.PyTorchEngines;
import dev.facet.extractors.store.Npy;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.spi.ConfigException;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * NMF solvers on a dense non-negative problem of known low rank: X = (R₁ elementwise⁴)·R₂ with
 * R₁ (rows × rank) and R₂ (rank × dim) i.i.d. uniform [0, 1) from a fixed seed (the fourth power
 * makes the mixing weights skewed, as in scikit-learn's NMF benchmarks). For each solver the
 * report gives wall-clock seconds of the whole fit (initialisation included), iterations, the
 * final relative error ‖X − Z·D‖_F/‖X‖_F, and the first time and iteration at which the relative
 * error reached {@code target} (null if it never did). The default target {@value #TARGET} is what
 * scikit-learn 1.2.1's coordinate descent ({@code NMF(128, solver='cd', max_iter=200, tol=0)})
 * reaches on exactly the default problem (0.02600), measured on the matrix that {@code saveData}
 * writes with bench/src/test/python/nmf_sklearn.py. Every fit uses the learner defaults (NNDSVDa
 * when c ≤ min(n, d), tol 1e-4) with {@code max_iter = iterations}. Then the training rows are encoded
 * with the fitted atoms as the learner's {@code encode} does ({@link Nnls}, {@value #ENCODE_SWEEPS}
 * sweeps, KKT tolerance {@link Nnls#DEFAULT_TOLERANCE}): its seconds, mean sweeps per row, rows left
 * above the tolerance, and its R² beside the R² of the training codes.
 */
public final class NmfBenchmark {

    static final double TARGET = 0.0261;
    /** The nmf learner's default {@code encode_iterations}. */
    static final int ENCODE_SWEEPS = 500;
    private static final long SEED = 20240611L;

    private final int rows;
    private final int rank;
    private final int dim;
    private final int concepts;
    private final int iterations;
    private final List<NmfSolver> solvers;
    private final double target;
    private final Path saveData;

    /**
     * @param target   relative error whose first reaching is timed, in (0, 1)
     * @param saveData where to write X as a float32 .npy file before the fits, or null
     */
    public NmfBenchmark(int rows, int rank, int dim, int concepts, int iterations, String solvers, double target,
                        Path saveData) {
        if (!(target > 0 && target < 1)) {
            throw new ConfigException("--target must be in (0, 1), found " + target);
        }
        this.target = target;
        this.saveData = saveData;
        this.rows = rows;
        this.rank = rank;
        this.dim = dim;
        this.concepts = concepts;
        this.iterations = iterations;
        this.solvers = java.util.Arrays.stream(solvers.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> {
                    try {
                        return NmfSolver.valueOf(s.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException("--solvers: unknown solver '" + s + "'; allowed: hals, mu, pgd, anls");
                    }
                }).toList();
    }

    /** X = (R₁⁴)·R₂ from the fixed seed. */
    static FloatMatrix data(int rows, int rank, int dim) {
        Random random = new Random(SEED);
        float[] r1 = new float[rows * rank];
        for (int i = 0; i < r1.length; i++) {
            float v = random.nextFloat();
            r1[i] = v * v * v * v;
        }
        float[] r2 = new float[rank * dim];
        for (int i = 0; i < r2.length; i++) {
            r2[i] = random.nextFloat();
        }
        return Matrices.multiply(new FloatMatrix(rows, rank, r1), new FloatMatrix(rank, dim, r2));
    }

    public BenchmarkReport run() {
        PyTorchEngines.pytorch();
        FloatMatrix x = data(rows, rank, dim);
        if (saveData != null) {
            Npy.write(saveData, x, StoreDtype.FLOAT32);
        }
        BenchmarkReport report = new BenchmarkReport("nmf")
                .parameter("rows", rows).parameter("rank", rank).parameter("dim", dim).parameter("concepts", concepts)
                .parameter("iterations", iterations).parameter("target", target)
                .parameter("data", "X = (R1^4)·R2, R1 " + rows + "x" + rank + ", R2 " + rank + "x" + dim
                        + ", uniform [0,1), seed " + SEED)
                .parameter("engine", "PyTorch " + PyTorchEngines.pytorch().getVersion())
                .parameter("cpus", Runtime.getRuntime().availableProcessors());
        // warm-up (JIT of the sweeps, engine threads): a few iterations on a slice, not timed
        Nmf.fit(x.rows(0, Math.min(rows, 2000)), NmfOptions.defaults(concepts).withMaxIterations(5), 1,
                (i, e, s) -> { }, CancellationToken.create());
        for (NmfSolver solver : solvers) {
            double[] reached = {Double.NaN};
            int[] reachedAt = {0};
            NmfOptions options = NmfOptions.defaults(concepts).withSolver(solver).withMaxIterations(iterations);
            long start = System.nanoTime();
            NmfResult result = Nmf.fit(x, options, 0, (iteration, error, seconds) -> {
                if (Double.isNaN(reached[0]) && error <= target) {
                    reached[0] = seconds;
                    reachedAt[0] = iteration;
                }
            }, CancellationToken.create());
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("seconds", seconds);
            entry.put("iterations", result.iterations());
            entry.put("converged", result.converged());
            entry.put("relativeError", result.relativeError());
            entry.put("secondsToTarget", Double.isNaN(reached[0]) ? null : reached[0]);
            entry.put("iterationsToTarget", Double.isNaN(reached[0]) ? null : reachedAt[0]);
            long encodeStart = System.nanoTime();
            Nnls.Solution encoded = Nnls.solve(x, result.atoms(), null, ENCODE_SWEEPS, Nnls.DEFAULT_TOLERANCE);
            entry.put("encodeSeconds", (System.nanoTime() - encodeStart) / 1e9);
            entry.put("encodeSweepsPerRow", encoded.sweeps() / (double) rows);
            entry.put("encodeUnconverged", encoded.unconverged());
            entry.put("encodeR2", Reconstruction.r2(x, Matrices.multiply(encoded.codes(), result.atoms())));
            entry.put("trainingR2", Reconstruction.r2(x, Matrices.multiply(result.codes(), result.atoms())));
            report.result(solver.name().toLowerCase(Locale.ROOT), entry);
            System.err.println(solver + " " + entry);
        }
        return report;
    }
}
