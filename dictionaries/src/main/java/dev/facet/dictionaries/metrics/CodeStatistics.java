package dev.facet.dictionaries.metrics;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;

/**
 * Statistics of concept codes Z (n × c) over an evaluation set (docs/algorithms.md#code-statistics): L0
 * as the mean number of active (non-zero) codes per sample, how often each concept fires, the dead
 * concepts (never fired), the firing density per concept, the largest off-diagonal |Pearson|
 * correlation between concepts, and the energy ‖mean_n(zᵢ)·Dᵢ‖₂ each concept contributes to the mean
 * reconstruction. {@link StreamingEvaluator} accumulates L0, firing counts and dead codes batch by
 * batch.
 */
public final class CodeStatistics {

    private CodeStatistics() {
    }

    /** Mean number of non-zero codes per row (0 for no rows). */
    public static double meanL0(Codes codes) {
        return codes.meanL0();
    }

    /** For each concept, the number of rows in which its code is non-zero. */
    public static long[] firingCounts(Codes codes) {
        long[] counts = new long[codes.concepts()];
        addFirings(codes, counts);
        return counts;
    }

    /** Adds one firing per non-zero stored value to {@code counts}. */
    static long addFirings(Codes codes, long[] counts) {
        long active = 0;
        for (int r = 0; r < codes.rows(); r++) {
            int[] idx = codes.indices(r);
            float[] val = codes.values(r);
            for (int j = 0; j < idx.length; j++) {
                if (val[j] != 0f) {
                    counts[idx[j]]++;
                    active++;
                }
            }
        }
        return active;
    }

    /** For each concept, the fraction of rows in which it fires. */
    public static double[] firingDensity(Codes codes) {
        return density(firingCounts(codes), codes.rows());
    }

    /** counts / rows. */
    public static double[] density(long[] counts, long rows) {
        if (rows <= 0) {
            throw new InvalidDataException("Firing density needs at least 1 row, found " + rows);
        }
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = (double) counts[i] / rows;
        }
        return out;
    }

    /** The concepts that never fire in {@code codes}, ascending. */
    public static int[] deadCodes(Codes codes) {
        return dead(firingCounts(codes));
    }

    /** Indices whose count is zero. */
    public static int[] dead(long[] counts) {
        int n = 0;
        for (long c : counts) {
            if (c == 0) {
                n++;
            }
        }
        int[] out = new int[n];
        int next = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                out[next++] = i;
            }
        }
        return out;
    }

    /**
     * The largest |Pearson correlation| between two different concepts' codes over the rows;
     * concepts with constant codes (e.g. dead) have no correlation and are left out. NaN when fewer
     * than two concepts vary. The c × c covariance is one engine product of the centred codes.
     */
    public static double maxCorrelation(Codes codes) {
        int n = codes.rows();
        int c = codes.concepts();
        if (n < 2) {
            throw new InvalidDataException("Codes correlation needs at least 2 rows, found " + n);
        }
        FloatMatrix z = codes.toDense();
        double[] mean = new double[c];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                mean[j] += z.data()[i * c + j];
            }
        }
        for (int j = 0; j < c; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                z.data()[i * c + j] = (float) (z.data()[i * c + j] - mean[j]);
            }
        }
        FloatMatrix cov = Matrices.gram(z);
        double max = Double.NaN;
        for (int a = 0; a < c; a++) {
            double va = cov.data()[a * c + a];
            if (!(va > 0)) {
                continue;
            }
            for (int b = a + 1; b < c; b++) {
                double vb = cov.data()[b * c + b];
                if (vb > 0) {
                    double r = Math.abs(cov.data()[a * c + b] / Math.sqrt(va * vb));
                    max = Double.isNaN(max) ? r : Math.max(max, r);
                }
            }
        }
        return Math.min(max, 1.0);
    }

    /**
     * Energy of each concept: ‖mean over rows of zᵢ · Dᵢ‖₂ = |mean zᵢ|·‖Dᵢ‖₂, with Dᵢ the i-th atom
     * (row) of {@code atoms}.
     */
    public static double[] energy(Codes codes, FloatMatrix atoms) {
        if (atoms.rows() != codes.concepts()) {
            throw new InvalidDataException("Codes over " + codes.concepts() + " concepts need " + codes.concepts()
                    + " atoms, found " + atoms.rows());
        }
        if (codes.rows() == 0) {
            throw new InvalidDataException("Code energy needs at least 1 row, found 0");
        }
        double[] sum = new double[codes.concepts()];
        for (int r = 0; r < codes.rows(); r++) {
            int[] idx = codes.indices(r);
            float[] val = codes.values(r);
            for (int j = 0; j < idx.length; j++) {
                sum[idx[j]] += val[j];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= codes.rows();
        }
        return energy(sum, atoms);
    }

    /** Energy |meanCodes[i]|·‖Dᵢ‖₂ of each concept from its mean code over the evaluation set. */
    public static double[] energy(double[] meanCodes, FloatMatrix atoms) {
        if (atoms.rows() != meanCodes.length) {
            throw new InvalidDataException("Codes over " + meanCodes.length + " concepts need " + meanCodes.length
                    + " atoms, found " + atoms.rows());
        }
        double[] norms = Sparsity.rowL2(atoms);
        double[] out = new double[meanCodes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.abs(meanCodes[i]) * norms[i];
        }
        return out;
    }
}
