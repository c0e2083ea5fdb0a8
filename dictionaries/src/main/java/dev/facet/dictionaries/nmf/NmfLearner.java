package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.factor.StateSize;
import dev.facet.dictionaries.factor.SourceRows;
import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.dictionaries.linalg.Nnls;
import dev.facet.dictionaries.metrics.TotalSquares;
import dev.facet.spi.Provenance;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.BatchStream;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Non-negative matrix factorisation as a dictionary learner (Lee &amp; Seung 1999; solvers of
 * {@link NmfSolver}). Fits in memory with {@link Nmf} when no {@code batch_size} is set and the
 * source holds at most {@code max_in_memory_values} values; otherwise (HALS and MU only) streams
 * mini-batches with {@link OnlineNmf} (batch size {@code batch_size}, or 4096 when only the size
 * forced streaming). Seeds from {@code context.seedFor("nmf-init")}; provenance metrics record the
 * iterations, the final relative error ‖X − Z·D‖_F/‖X‖_F of the last iterate and its R²
 * ({@code fit_r2}), and {@code r2}: the R² of the training rows coded by the final dictionary as its
 * {@code encode} codes them (exact NNLS against the final atoms; warm-started from the last iterate's
 * codes in memory, one extra read of a streamed source), which is what {@code facet eval} measures on
 * the same rows. The two differ when the fit stops before converging, because the last iterate's
 * codes were computed before the last atom update: on the {@code bench nmf} problem after 200 HALS
 * iterations {@code fit_r2} is 0.9016 and {@code r2} 0.9036. Also whether the tolerance was met.
 */
public final class NmfLearner implements DictionaryLearner {

    static final int DEFAULT_STREAM_BATCH = 4096;

    private final String id;
    private final NmfOptions options;
    private final int batchSize;
    private final double forgetFactor;
    private final long maxInMemoryValues;
    private final int encodeIterations;
    private final double encodeTolerance;
    private final Map<String, Object> hyperparameters;

    NmfLearner(String id, NmfOptions options, int batchSize, double forgetFactor, long maxInMemoryValues,
               int encodeIterations, double encodeTolerance, Map<String, Object> hyperparameters) {
        this.id = id;
        this.options = options;
        this.batchSize = batchSize;
        this.forgetFactor = forgetFactor;
        this.maxInMemoryValues = maxInMemoryValues;
        this.encodeIterations = encodeIterations;
        this.encodeTolerance = encodeTolerance;
        this.hyperparameters = hyperparameters;
    }

    public NmfOptions options() {
        return options;
    }

    /** Atoms and two working copies; in memory, the data and its codes too. */
    @Override
    public long estimatedBytes(int inputDim, long rows) {
        boolean inMemory = batchSize == 0 && rows * (double) inputDim <= maxInMemoryValues;
        return StateSize.of(id, options.concepts(), inputDim, rows, 3, inMemory, inMemory);
    }

    @Override
    public NmfDictionary fit(ActivationSource data, RunContext context) {
        long start = System.nanoTime();
        long seed = context.seedFor(id + "-init");
        long values = data.rows() * (long) data.dim();
        boolean stream = batchSize > 0 || values > maxInMemoryValues;
        NmfResult result;
        TotalSquares squares = new TotalSquares(data.dim());
        double encodedError = 0;
        try (ProgressTask task = context.progress().start(id, options.maxIterations(), stream ? "epochs" : "iterations")) {
            NmfListener listener = (iteration, error, seconds) -> {
                task.advance(1);
                task.status(String.format("rel_error=%.5f", error));
            };
            if (stream) {
                if (!options.solver().streams()) {
                    throw new InvalidDataException("NMF solver '" + options.solver().name().toLowerCase()
                            + "' needs the data in memory, but the source holds " + values
                            + " values, more than max_in_memory_values " + maxInMemoryValues
                            + "; use solver hals or mu, or raise max_in_memory_values");
                }
                result = OnlineNmf.fit(data, options, batchSize > 0 ? batchSize : DEFAULT_STREAM_BATCH, forgetFactor,
                        seed, listener, context.cancellation());
                try (BatchStream batches = data.openBatches(DEFAULT_STREAM_BATCH, false, seed)) {
                    while (batches.hasNext()) {
                        context.cancellation().throwIfCancelled("NMF training R²");
                        FloatMatrix batch = batches.next();
                        squares.add(batch);
                        encodedError += encodedSquaredError(batch, result.atoms(), null);
                    }
                }
            } else {
                FloatMatrix x = SourceRows.readAll(data, "nmf", Long.MAX_VALUE, context.cancellation());
                squares.add(x);
                result = Nmf.fit(x, options, seed, listener, context.cancellation());
                for (int from = 0; from < x.rows(); from += DEFAULT_STREAM_BATCH) {
                    context.cancellation().throwIfCancelled("NMF training R²");
                    int to = Math.min(x.rows(), from + DEFAULT_STREAM_BATCH);
                    encodedError += encodedSquaredError(x.rows(from, to), result.atoms(), result.codes().rows(from, to));
                }
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("iterations", result.iterations());
        metrics.put("relative_error", result.relativeError());
        double error = result.relativeError();
        metrics.put("fit_r2", squares.r2(error * error * squares.squaredNorm()));
        metrics.put("r2", squares.r2(encodedError));
        metrics.put("converged", result.converged());
        metrics.put("streamed", stream);
        Provenance provenance = Provenance.builder().setLearner(id).optSeed(context.seed())
                .optSource(data.describe()).optMetrics(metrics)
                .optTrainingSeconds((System.nanoTime() - start) / 1e9).build();
        return dictionary(result.atoms(), provenance);
    }

    /**
     * Σ‖x − z·D‖² over the rows of {@code x} with z their codes under the final atoms as
     * {@link NmfDictionary#encode} gives them, from {@code warmStart} (the fit's codes) or zeros.
     */
    private double encodedSquaredError(FloatMatrix x, FloatMatrix atoms, FloatMatrix warmStart) {
        FloatMatrix codes = warmStart == null ? Nnls.encode(x, atoms, encodeIterations, encodeTolerance, "encode_iterations")
                : Nnls.solve(x, atoms, warmStart, encodeIterations, encodeTolerance).codes();
        FloatMatrix reconstruction = Matrices.multiply(codes, atoms);
        return Matrices.squaredDistance(x.data(), 0, reconstruction.data(), 0, x.data().length);
    }

    /** The dictionary of {@code atoms}, encoding with this learner's settings. */
    NmfDictionary dictionary(FloatMatrix atoms, Provenance provenance) {
        return new NmfDictionary(id, atoms, hyperparameters, encodeIterations, encodeTolerance, provenance);
    }

}
