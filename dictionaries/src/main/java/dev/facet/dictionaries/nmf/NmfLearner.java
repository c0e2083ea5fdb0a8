package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.factor.StateSize;
import dev.facet.dictionaries.factor.SourceRows;
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
 * iterations, the final relative error ‖X − Z·D‖_F/‖X‖_F, the R² of Z·D with the per-feature mean
 * of the training rows (as {@code facet eval} measures it; one extra read of a streamed source)
 * and whether the tolerance was met.
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
                        context.cancellation().throwIfCancelled("NMF total squares");
                        squares.add(batches.next());
                    }
                }
            } else {
                FloatMatrix x = SourceRows.readAll(data, "nmf", Long.MAX_VALUE, context.cancellation());
                squares.add(x);
                result = Nmf.fit(x, options, seed, listener, context.cancellation());
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("iterations", result.iterations());
        metrics.put("relative_error", result.relativeError());
        double error = result.relativeError();
        metrics.put("r2", squares.r2(error * error * squares.squaredNorm()));
        metrics.put("converged", result.converged());
        metrics.put("streamed", stream);
        Provenance provenance = Provenance.builder().setLearner(id).optSeed(context.seed())
                .optSource(data.describe()).optMetrics(metrics)
                .optTrainingSeconds((System.nanoTime() - start) / 1e9).build();
        return dictionary(result.atoms(), provenance);
    }

    /** The dictionary of {@code atoms}, encoding with this learner's settings. */
    NmfDictionary dictionary(FloatMatrix atoms, Provenance provenance) {
        return new NmfDictionary(id, atoms, hyperparameters, encodeIterations, encodeTolerance, provenance);
    }

}
