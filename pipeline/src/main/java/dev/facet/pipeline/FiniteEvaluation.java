package dev.facet.pipeline;

import dev.facet.dictionaries.metrics.StreamingEvaluator;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks that keep {@link DictionaryEvaluation} from reporting a NaN or infinite metric: the
 * dictionary's codes and reconstructions must be finite row by row, and every metric that is
 * defined for finite data must come out finite. Only the measures documented as undefined in
 * some cases (codes Hoyer and κ₄ when every code row is zero, collinearity with fewer than two
 * non-zero atoms, codes correlation when not measured) may be NaN, and never infinite.
 */
final class FiniteEvaluation {

    private FiniteEvaluation() {
    }

    /**
     * @param firstRow the store row of the batch's first row
     * @throws InvalidDataException naming the dictionary, the store row, the concept or column and the value
     */
    static void requireFiniteOutput(String learner, Codes codes, FloatMatrix xHat, long firstRow) {
        for (int r = 0; r < codes.rows(); r++) {
            float[] values = codes.values(r);
            for (int j = 0; j < values.length; j++) {
                if (!Float.isFinite(values[j])) {
                    throw new InvalidDataException("Dictionary '" + learner + "' encodes row " + (firstRow + r)
                            + " of the data with code " + values[j] + " for concept " + codes.indices(r)[j]
                            + "; its weights or encoder overflow on this row, so no metric would be finite");
                }
            }
        }
        float[] data = xHat.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new InvalidDataException("Dictionary '" + learner + "' reconstructs row "
                        + (firstRow + i / xHat.cols()) + " of the data as " + data[i] + " in column " + i % xHat.cols()
                        + "; its decoder overflows on this row, so no metric would be finite");
            }
        }
    }

    /**
     * @throws InvalidDataException naming the first non-finite metric and its likely cause
     */
    static void requireFiniteMetrics(String learner, StreamingEvaluator.Evaluation e, double collinearity,
                                     double codesCorrelation, double[] energy) {
        requireFiniteScores(learner, e, false);
        for (int i = 0; i < energy.length; i++) {
            if (!Double.isFinite(energy[i])) {
                throw new InvalidDataException("Evaluating dictionary '" + learner + "' gives the energy of concept " + i
                        + " = " + energy[i] + ": " + cause("energy", e));
            }
        }
        Map<String, Double> undefinedAllowed = Map.of("codes_hoyer", e.codesHoyer(), "codes_kappa4", e.codesKappa4(),
                "collinearity", collinearity, "codes_max_correlation", codesCorrelation);
        for (Map.Entry<String, Double> metric : undefinedAllowed.entrySet()) {
            if (Double.isInfinite(metric.getValue())) {
                throw new InvalidDataException("Evaluating dictionary '" + learner + "' gives " + metric.getKey() + " = "
                        + metric.getValue() + " over " + e.rows() + " rows: a sum overflowed the double range");
            }
        }
    }

    /**
     * The per-row scores: every one finite, except R² and FVU, which may be NaN when {@code
     * undefinedR2Allowed} and every row is the same vector (zero variance), as in a held-out set of one
     * row.
     *
     * @throws InvalidDataException naming the first non-finite score and its likely cause
     */
    static void requireFiniteScores(String learner, StreamingEvaluator.Evaluation e, boolean undefinedR2Allowed) {
        Map<String, Double> required = new LinkedHashMap<>();
        required.put("total_squares", e.totalSquares());
        required.put("squared_error", e.squaredError());
        if (!undefinedR2Allowed || e.totalSquares() != 0) {
            required.put("r2", e.r2());
            required.put("fvu", e.fvu());
        }
        required.put("l0", e.l0());
        required.put("dead_fraction", e.deadFraction());
        required.put("avg_l2_loss", e.avgL2Loss());
        required.put("avg_l1_loss", e.avgL1Loss());
        required.put("relative_avg_l2_loss", e.relativeAvgL2Loss());
        required.put("relative_avg_l1_loss", e.relativeAvgL1Loss());
        for (Map.Entry<String, Double> metric : required.entrySet()) {
            if (!Double.isFinite(metric.getValue())) {
                throw new InvalidDataException("Evaluating dictionary '" + learner + "' gives " + metric.getKey() + " = "
                        + metric.getValue() + " over " + e.rows() + " rows: " + cause(metric.getKey(), e));
            }
        }
    }

    private static String cause(String metric, StreamingEvaluator.Evaluation e) {
        if ((metric.equals("r2") || metric.equals("fvu")) && e.totalSquares() == 0) {
            return "every evaluated row is the same vector (zero variance), so R² is undefined;"
                    + " evaluate on more rows (--limit-rows) or on a store with varied activations";
        }
        return "the data or the reconstructions are so large that a sum overflowed the double range;"
                + " check the store's values and the dictionary's scale";
    }
}
