package dev.facet.dictionaries.metrics;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.Serializable;

/**
 * Accumulates the metrics of docs/algorithms.md#metrics over (x, codes, x̂) batches without holding the data:
 * memory is O(d + c). R² uses the per-feature mean of all rows seen, its denominator accumulated by
 * {@link TotalSquares}, so it equals the two-pass {@link Reconstruction#r2} up to rounding; L0, firing counts, dead codes and density are counts,
 * the per-row measures (relative losses, Hoyer, κ₄ of the codes) are running means.
 *
 * <p>Evaluators of consecutive parts of a pass {@link #merge} into the evaluator of the whole pass: the
 * counts exactly, the sums up to rounding (they are added part by part). Serializable, so a worker can
 * send the evaluator of its part.
 */
public final class StreamingEvaluator implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int dim;
    private final int concepts;
    private final TotalSquares totalSquares;
    private final long[] firings;
    private final double[] codeSums;
    private long rows;
    private double squaredError;
    private double l2ErrorSum;
    private double l1ErrorSum;
    private double relativeL2Sum;
    private double relativeL1Sum;
    private long active;
    private double hoyerSum;
    private double kappa4Sum;
    private long nonZeroCodeRows;

    /**
     * @param dim      width d of x and x̂
     * @param concepts number of concepts c of the codes
     */
    public StreamingEvaluator(int dim, int concepts) {
        if (dim < 1 || concepts < 1) {
            throw new InvalidDataException("Evaluation needs dim >= 1 and concepts >= 1, found " + dim + " and "
                    + concepts);
        }
        this.dim = dim;
        this.concepts = concepts;
        this.totalSquares = new TotalSquares(dim);
        this.firings = new long[concepts];
        this.codeSums = new double[concepts];
    }

    /** Adds one batch: inputs x (b × d), their codes (b × c) and reconstruction x̂ (b × d). */
    public void add(FloatMatrix x, Codes codes, FloatMatrix xHat) {
        x.requireCols("Evaluated input", dim);
        xHat.requireCols("Reconstruction", dim);
        if (xHat.rows() != x.rows() || codes.rows() != x.rows()) {
            throw new InvalidDataException("Batch has " + x.rows() + " inputs, " + codes.rows() + " code rows and "
                    + xHat.rows() + " reconstructions; expected the same count");
        }
        if (codes.concepts() != concepts) {
            throw new InvalidDataException("Codes have " + codes.concepts() + " concepts, expected " + concepts);
        }
        int b = x.rows();
        if (b == 0) {
            return;
        }
        float[] xs = x.data();
        float[] hs = xHat.data();
        for (int i = 0; i < b; i++) {
            double err2 = 0;
            double err1 = 0;
            double norm2 = 0;
            double norm1 = 0;
            for (int j = 0; j < dim; j++) {
                double v = xs[i * dim + j];
                double e = v - hs[i * dim + j];
                err2 += e * e;
                err1 += Math.abs(e);
                norm2 += v * v;
                norm1 += Math.abs(v);
            }
            squaredError += err2;
            l2ErrorSum += Math.sqrt(err2);
            l1ErrorSum += err1;
            relativeL2Sum += Math.sqrt(err2) / (Math.sqrt(norm2) + Reconstruction.EPSILON);
            relativeL1Sum += err1 / (norm1 + Reconstruction.EPSILON);
        }
        totalSquares.add(x);
        rows += b;
        active += CodeStatistics.addFirings(codes, firings);
        for (int r = 0; r < b; r++) {
            float[] values = codes.values(r);
            int[] indices = codes.indices(r);
            for (int j = 0; j < indices.length; j++) {
                codeSums[indices[j]] += values[j];
            }
            double l1 = Sparsity.l1(values);
            if (l1 > 0) {
                hoyerSum += Sparsity.hoyer(l1, Sparsity.l2(values), concepts);
                kappa4Sum += Sparsity.kappa4(values);
                nonZeroCodeRows++;
            }
        }
    }

    /**
     * Adds what {@code other} accumulated, as if its rows followed the rows added here: counts (rows, L0,
     * firings, dead codes) merge exactly, sums are added.
     *
     * @throws InvalidDataException when {@code other} evaluates another width or number of concepts
     */
    public void merge(StreamingEvaluator other) {
        if (other.dim != dim || other.concepts != concepts) {
            throw new InvalidDataException("Cannot merge an evaluation of width " + other.dim + " and " + other.concepts
                    + " concepts into one of width " + dim + " and " + concepts + " concepts");
        }
        totalSquares.merge(other.totalSquares);
        for (int i = 0; i < concepts; i++) {
            firings[i] += other.firings[i];
            codeSums[i] += other.codeSums[i];
        }
        rows += other.rows;
        squaredError += other.squaredError;
        l2ErrorSum += other.l2ErrorSum;
        l1ErrorSum += other.l1ErrorSum;
        relativeL2Sum += other.relativeL2Sum;
        relativeL1Sum += other.relativeL1Sum;
        active += other.active;
        hoyerSum += other.hoyerSum;
        kappa4Sum += other.kappa4Sum;
        nonZeroCodeRows += other.nonZeroCodeRows;
    }

    /** Rows added so far. */
    public long rows() {
        return rows;
    }

    /** The metrics of every row added so far. */
    public Evaluation result() {
        if (rows == 0) {
            throw new InvalidDataException("Evaluation saw 0 rows; expected at least 1");
        }
        double r2 = Reconstruction.r2(squaredError, totalSquares.totalSquares());
        double[] density = CodeStatistics.density(firings, rows);
        int[] dead = CodeStatistics.dead(firings);
        double[] meanCodes = new double[concepts];
        for (int i = 0; i < concepts; i++) {
            meanCodes[i] = codeSums[i] / rows;
        }
        return new Evaluation(rows, dim, concepts, r2, 1 - r2, squaredError, totalSquares.totalSquares(),
                (double) active / rows, dead, (double) dead.length / concepts, density, meanCodes,
                l2ErrorSum / rows, l1ErrorSum / rows, relativeL2Sum / rows, relativeL1Sum / rows,
                nonZeroCodeRows == 0 ? Double.NaN : hoyerSum / nonZeroCodeRows,
                nonZeroCodeRows == 0 ? Double.NaN : kappa4Sum / nonZeroCodeRows);
    }

    /**
     * Metrics of an evaluation set.
     *
     * @param rows              rows evaluated
     * @param dim               input width d
     * @param concepts          dictionary size c
     * @param r2                1 − Σ‖x − x̂‖²/Σ‖x − μ‖², μ per feature
     * @param fvu               1 − R²
     * @param squaredError      Σ‖x − x̂‖²
     * @param totalSquares      Σ‖x − μ‖²
     * @param l0                mean number of non-zero codes per row
     * @param deadCodes         concepts that never fired, ascending
     * @param deadFraction      dead concepts / c
     * @param density           firing density of each concept
     * @param meanCodes         mean code of each concept over all rows (for {@link #energy})
     * @param avgL2Loss         mean ‖x − x̂‖₂
     * @param avgL1Loss         mean ‖x − x̂‖₁
     * @param relativeAvgL2Loss mean ‖x − x̂‖₂/(‖x‖₂ + ε)
     * @param relativeAvgL1Loss mean ‖x − x̂‖₁/(‖x‖₁ + ε)
     * @param codesHoyer        mean Hoyer sparseness of the non-zero code rows (over c entries)
     * @param codesKappa4       mean κ₄ of the non-zero code rows
     */
    public record Evaluation(long rows, int dim, int concepts, double r2, double fvu, double squaredError,
                             double totalSquares, double l0, int[] deadCodes, double deadFraction, double[] density,
                             double[] meanCodes, double avgL2Loss, double avgL1Loss, double relativeAvgL2Loss,
                             double relativeAvgL1Loss, double codesHoyer, double codesKappa4) {

        /** Histogram of log₁₀ density in bins of {@code binWidth} decades. */
        public DensityHistogram densityHistogram(double binWidth) {
            return DensityHistogram.of(density, binWidth);
        }

        /** Energy ‖mean(zᵢ)·Dᵢ‖₂ of each concept, given the dictionary's atoms (c × d). */
        public double[] energy(FloatMatrix atoms) {
            return CodeStatistics.energy(meanCodes, atoms);
        }
    }
}
