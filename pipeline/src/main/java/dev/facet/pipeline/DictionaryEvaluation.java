package dev.facet.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.dictionaries.metrics.AtomGeometry;
import dev.facet.dictionaries.metrics.CodeStatistics;
import dev.facet.dictionaries.metrics.DensityHistogram;
import dev.facet.dictionaries.metrics.StreamingEvaluator;
import dev.facet.json.StrictJson;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.BatchStream;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.io.AtomicFiles;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The metrics of docs/algorithms.md#metrics for a dictionary over an activation source, streamed batch
 * by batch (encode, decode, {@link StreamingEvaluator}) so memory does not grow with the data. R² uses
 * the per-feature mean of the evaluated rows; a non-finite code, reconstruction or metric is an
 * error naming it (see {@link FiniteEvaluation}), never a "NaN" in the table. Used by {@code facet eval} and the pipeline's evaluate
 * stage.
 */
public final class DictionaryEvaluation {

    /** Width of the log₁₀ density histogram's bins, in decades. */
    public static final double DENSITY_BIN = 0.5;
    /** Codes correlation is a c × c product: computed on the first batch only, and only up to this many concepts. */
    public static final int CORRELATION_MAX_CONCEPTS = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private DictionaryEvaluation() {
    }

    /**
     * Evaluates {@code dictionary} on the first {@code limitRows} rows of {@code data}.
     *
     * @param learner   the learner id, recorded in the result
     * @param limitRows rows to evaluate, or {@code 0} for all
     * @param batch     rows encoded at a time
     */
    public static Result evaluate(Dictionary dictionary, String learner, ActivationSource data, long limitRows, int batch) {
        if (limitRows < 0) {
            throw ConfigException.outOfRange("evaluation row limit", limitRows, ">= 0 (0 = all rows)");
        }
        if (batch < 1) {
            throw ConfigException.outOfRange("evaluation batch", batch, ">= 1");
        }
        int concepts = dictionary.info().concepts();
        if (dictionary.info().inputDim() != data.dim()) {
            Map<String, Object> described = data.describe();
            String where = described.containsKey("store") ? "store " + described.get("store") : "the data " + described;
            throw new InvalidDataException("Dictionary " + learner + " takes rows of width " + dictionary.info().inputDim()
                    + " but " + where + " holds rows of width " + data.dim());
        }
        long started = System.nanoTime();
        long limit = limitRows == 0 ? data.rows() : Math.min(limitRows, data.rows());
        StreamingEvaluator evaluator = new StreamingEvaluator(data.dim(), concepts);
        double codesCorrelation = Double.NaN;
        long correlationRows = 0;
        try (BatchStream batches = data.openBatches((int) Math.min(batch, Math.max(1, limit)), false, 0)) {
            while (evaluator.rows() < limit && batches.hasNext()) {
                FloatMatrix x = batches.next();
                long left = limit - evaluator.rows();
                if (x.rows() > left) {
                    x = x.rows(0, (int) left);
                }
                Codes codes = dictionary.encode(x);
                FloatMatrix xHat = dictionary.decode(codes);
                FiniteEvaluation.requireFiniteOutput(learner, codes, xHat, evaluator.rows());
                if (correlationRows == 0 && concepts <= CORRELATION_MAX_CONCEPTS && x.rows() >= 2) {
                    codesCorrelation = CodeStatistics.maxCorrelation(codes);
                    correlationRows = x.rows();
                }
                evaluator.add(x, codes, xHat);
            }
        }
        StreamingEvaluator.Evaluation e = evaluator.result();
        FloatMatrix atoms = dictionary.atoms().requireFinite("Atoms of dictionary '" + learner + "'");
        double collinearity = AtomGeometry.collinearity(atoms);
        double[] energy = e.energy(atoms);
        FiniteEvaluation.requireFiniteMetrics(learner, e, collinearity, codesCorrelation, energy);
        return new Result(learner, e, collinearity, codesCorrelation, correlationRows,
                energy, e.densityHistogram(DENSITY_BIN), (System.nanoTime() - started) / 1e9);
    }

    /** The learner id written in a dictionary directory's {@code config.json}. */
    public static String learnerOf(Path directory) {
        Path config = directory.resolve(DictionaryFiles.CONFIG);
        JsonNode node = StrictJson.readArtifact(config, "expected a dictionary directory made by facet train, "
                + "or name the learner");
        String id = node.path("learner").asText("");
        if (id.isEmpty()) {
            throw new CorruptArtifactException(config, "has no string 'learner'; expected the learner id, or name the learner");
        }
        return id;
    }

    /**
     * The evaluation of one dictionary.
     *
     * @param learner          learner id
     * @param metrics          the streamed metrics
     * @param collinearity     max off-diagonal |cos| between atoms
     * @param codesCorrelation max off-diagonal |Pearson| of the codes on the first batch, NaN when not measured
     * @param correlationRows  rows the correlation used, 0 when not measured
     * @param energy           energy of each concept's codes
     * @param histogram        log₁₀ firing-density histogram
     * @param seconds          wall time
     */
    public record Result(String learner, StreamingEvaluator.Evaluation metrics, double collinearity,
                         double codesCorrelation, long correlationRows, double[] energy, DensityHistogram histogram,
                         double seconds) {

        /** The metrics as JSON ({@code metrics.json}); non-finite numbers become null so Python reads the file. */
        public ObjectNode toJson(Path dictionary, String data) {
            StreamingEvaluator.Evaluation e = metrics;
            ObjectNode json = JSON.createObjectNode();
            json.put("learner", learner);
            json.put("dictionary", dictionary.toAbsolutePath().toString());
            json.put("store", data);
            json.put("rows", e.rows());
            json.put("dim", e.dim());
            json.put("concepts", e.concepts());
            number(json, "r2", e.r2());
            number(json, "fvu", e.fvu());
            number(json, "l0", e.l0());
            json.put("dead_count", e.deadCodes().length);
            number(json, "dead_fraction", e.deadFraction());
            number(json, "avg_l2_loss", e.avgL2Loss());
            number(json, "avg_l1_loss", e.avgL1Loss());
            number(json, "relative_avg_l2_loss", e.relativeAvgL2Loss());
            number(json, "relative_avg_l1_loss", e.relativeAvgL1Loss());
            number(json, "codes_hoyer", e.codesHoyer());
            number(json, "codes_kappa4", e.codesKappa4());
            number(json, "collinearity", collinearity);
            number(json, "codes_max_correlation", codesCorrelation);
            json.put("codes_correlation_rows", correlationRows);
            number(json, "squared_error", e.squaredError());
            number(json, "total_squares", e.totalSquares());
            number(json, "seconds", seconds);
            ObjectNode h = json.putObject("density_histogram");
            h.put("bin_decades", DENSITY_BIN);
            ArrayNode edges = h.putArray("log10_edges");
            for (double edge : histogram.edges()) {
                edges.add(edge);
            }
            ArrayNode counts = h.putArray("counts");
            for (long count : histogram.counts()) {
                counts.add(count);
            }
            h.put("dead", histogram.dead());
            ArrayNode dead = json.putArray("dead_codes");
            for (int d : e.deadCodes()) {
                dead.add(d);
            }
            ArrayNode density = json.putArray("density");
            for (double p : e.density()) {
                density.add(p);
            }
            ArrayNode energies = json.putArray("energy");
            for (double v : energy) {
                energies.add(v);
            }
            return json;
        }

        /** Writes {@link #toJson} atomically to {@code target}. */
        public void write(Path target, Path dictionary, String data) {
            try {
                java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
                AtomicFiles.write(target.toAbsolutePath(),
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(dictionary, data)));
            } catch (IOException e) {
                throw new FacetException("Cannot write metrics to " + target + ": " + e, e);
            }
        }

        private static void number(ObjectNode json, String key, double value) {
            if (Double.isFinite(value)) {
                json.put(key, value);
            } else {
                json.putNull(key);
            }
        }
    }
}
