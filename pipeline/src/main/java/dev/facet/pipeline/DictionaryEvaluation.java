package dev.facet.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.dictionaries.metrics.AtomGeometry;
import dev.facet.dictionaries.metrics.CodeStatistics;
import dev.facet.dictionaries.metrics.DensityHistogram;
import dev.facet.dictionaries.metrics.DictionaryPass;
import dev.facet.dictionaries.metrics.StreamingEvaluator;
import dev.facet.json.StrictJson;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.ActivationSource;
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
        int concepts = dictionary.info().concepts();
        requireWidth(dictionary, learner, data);
        long started = System.nanoTime();
        CodesCorrelation[] correlation = {CodesCorrelation.NONE};
        StreamingEvaluator.Evaluation e = DictionaryPass.evaluate(dictionary, data, limitRows, batch,
                (x, codes, xHat, firstRow) -> {
                    FiniteEvaluation.requireFiniteOutput(learner, codes, xHat, firstRow);
                    if (correlation[0].rows() == 0) {
                        correlation[0] = CodesCorrelation.of(concepts, codes);
                    }
                });
        return finish(dictionary, learner, e, correlation[0], (System.nanoTime() - started) / 1e9);
    }

    /**
     * The result of a pass that streamed elsewhere (e.g. in parts on a cluster, then merged): the atoms'
     * collinearity and the concepts' energy are computed here, and every metric is checked to be finite.
     *
     * @param e           the streamed metrics
     * @param correlation the codes correlation of the pass's first batch
     * @param seconds     wall time of the pass
     */
    public static Result finish(Dictionary dictionary, String learner, StreamingEvaluator.Evaluation e,
                                CodesCorrelation correlation, double seconds) {
        FloatMatrix atoms = dictionary.atoms().requireFinite("Atoms of dictionary '" + learner + "'");
        double collinearity = AtomGeometry.collinearity(atoms);
        double[] energy = e.energy(atoms);
        FiniteEvaluation.requireFiniteMetrics(learner, e, collinearity, correlation.max(), energy);
        return new Result(learner, e, collinearity, correlation.max(), correlation.rows(),
                energy, e.densityHistogram(DENSITY_BIN), seconds, null, null);
    }

    /**
     * Throws unless the codes and reconstruction of a batch are finite: the check {@link #evaluate} makes on
     * each batch, for passes that encode elsewhere.
     *
     * @param firstRow the index, among the rows of the pass, of the batch's first row
     */
    public static void requireFiniteOutput(String learner, Codes codes, FloatMatrix xHat, long firstRow) {
        FiniteEvaluation.requireFiniteOutput(learner, codes, xHat, firstRow);
    }

    /** The held-out scores of a pass that streamed elsewhere, checked as {@link #heldOut} checks them. */
    public static StreamingEvaluator.Evaluation finishHeldOut(String learner, StreamingEvaluator.Evaluation e) {
        FiniteEvaluation.requireFiniteScores(learner, e, true);
        return e;
    }

    /**
     * The largest off-diagonal |Pearson| correlation of the codes, measured on the first batch of a pass
     * (when it has at least 2 rows and the dictionary at most {@value #CORRELATION_MAX_CONCEPTS} concepts).
     *
     * @param max  the correlation, NaN when not measured
     * @param rows the rows it used, 0 when not measured
     */
    public record CodesCorrelation(double max, long rows) {
        /** Not measured. */
        public static final CodesCorrelation NONE = new CodesCorrelation(Double.NaN, 0);

        /** The correlation of {@code codes}, the codes of a pass's first batch of a dictionary of {@code concepts}. */
        public static CodesCorrelation of(int concepts, Codes codes) {
            if (concepts > CORRELATION_MAX_CONCEPTS || codes.rows() < 2) {
                return NONE;
            }
            return new CodesCorrelation(CodeStatistics.maxCorrelation(codes), codes.rows());
        }
    }

    /**
     * The scores of {@code dictionary} on the first {@code limitRows} held-out rows: the metrics of
     * {@link #evaluate} measured per row (R², L0, dead codes, losses, sparseness). R² and FVU are
     * undefined when every held-out row is the same vector, as one held-out image of one token is: not
     * finite, or 1 for an exact reconstruction ({@code null} in {@code metrics.json} when not finite).
     */
    public static StreamingEvaluator.Evaluation heldOut(Dictionary dictionary, String learner, ActivationSource heldOut,
                                                        long limitRows, int batch) {
        requireWidth(dictionary, learner, heldOut);
        StreamingEvaluator.Evaluation e = DictionaryPass.evaluate(dictionary, heldOut, limitRows, batch,
                (x, codes, xHat, firstRow) -> FiniteEvaluation.requireFiniteOutput(learner, codes, xHat, firstRow));
        return finishHeldOut(learner, e);
    }

    /** Throws unless {@code dictionary} takes rows of {@code data}'s width, naming the store. */
    public static void requireWidth(Dictionary dictionary, String learner, ActivationSource data) {
        if (dictionary.info().inputDim() != data.dim()) {
            Map<String, Object> described = data.describe();
            String where = described.containsKey("store") ? "store " + described.get("store") : "the data " + described;
            throw new InvalidDataException("Dictionary " + learner + " takes rows of width " + dictionary.info().inputDim()
                    + " but " + where + " holds rows of width " + data.dim());
        }
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
     * @param metrics          the streamed metrics: of the training rows when images were held out, else of
     *                         every evaluated row
     * @param collinearity     max off-diagonal |cos| between atoms
     * @param codesCorrelation max off-diagonal |Pearson| of the codes on the first batch, NaN when not measured
     * @param correlationRows  rows the correlation used, 0 when not measured
     * @param energy           energy of each concept's codes
     * @param histogram        log₁₀ firing-density histogram
     * @param seconds          wall time
     * @param heldOut          the scores of the held-out rows, or {@code null} when none were held out
     * @param holdout          the held-out split as training recorded it ({@code HeldOutSplit#describe}), or
     *                         {@code null} when none applies
     */
    public record Result(String learner, StreamingEvaluator.Evaluation metrics, double collinearity,
                         double codesCorrelation, long correlationRows, double[] energy, DensityHistogram histogram,
                         double seconds, StreamingEvaluator.Evaluation heldOut, Map<String, Object> holdout) {

        /** This result with the scores of the held-out rows and the split they come from. */
        public Result withHeldOut(StreamingEvaluator.Evaluation scores, Map<String, Object> split, double moreSeconds) {
            return new Result(learner, metrics, collinearity, codesCorrelation, correlationRows, energy, histogram,
                    seconds + moreSeconds, scores, split);
        }

        /** The metrics as JSON ({@code metrics.json}); non-finite numbers become null so Python reads the file. */
        public ObjectNode toJson(Path dictionary, String data) {
            StreamingEvaluator.Evaluation e = metrics;
            ObjectNode json = JSON.createObjectNode();
            json.put("learner", learner);
            json.put("dictionary", dictionary.toAbsolutePath().toString());
            json.put("store", data);
            json.put("rows_scored", heldOut == null ? "all" : "training");
            scores(json, e);
            number(json, "collinearity", collinearity);
            number(json, "codes_max_correlation", codesCorrelation);
            json.put("codes_correlation_rows", correlationRows);
            number(json, "seconds", seconds);
            if (heldOut != null) {
                scores(json.putObject("held_out"), heldOut);
                json.set("holdout", JSON.valueToTree(holdout));
            }
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

        /** The per-row scores of one set of rows, for the whole file and for its {@code held_out} block. */
        private static void scores(ObjectNode json, StreamingEvaluator.Evaluation e) {
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
            number(json, "squared_error", e.squaredError());
            number(json, "total_squares", e.totalSquares());
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
